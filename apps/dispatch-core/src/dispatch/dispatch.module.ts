import { Module } from '@nestjs/common';
import { FleetModule } from '../fleet/fleet.module';
import { HospitalsModule } from '../hospitals/hospitals.module';
import { IncidentsModule } from '../incidents/incidents.module';
import type { AppConfig } from '../platform/config/app-config';
import { APP_CONFIG } from '../platform/config/config.module';
import { AlertsService } from './alerts.service';
import { AutoStampsService } from './auto-stamps.service';
import { BindingsRestorerService } from './bindings-restorer.service';
import { DispatchClockService } from './dispatch-clock.service';
import { DispatchController } from './dispatch.controller';
import { DispatchService } from './dispatch.service';
import { InboundController } from './inbound.controller';
import { InboundService } from './inbound.service';
import { GreatCircleRouting } from './routing/great-circle-routing';
import { OsrmRouting } from './routing/osrm-routing';
import { RoadSketchRouting } from './routing/road-sketch-routing';
import { ROUTING_PROVIDER, type RoutingProvider } from './routing/routing-provider';

function createRouting(config: AppConfig): RoutingProvider {
  switch (config.dispatch.routing) {
    case 'sketch':
      return new RoadSketchRouting();
    case 'greatcircle':
      return new GreatCircleRouting(config.dispatch.circuity);
    case 'osrm':
      return new OsrmRouting(config.dispatch.osrmUrl!, new GreatCircleRouting(config.dispatch.circuity));
  }
}

@Module({
  imports: [IncidentsModule, FleetModule, HospitalsModule],
  controllers: [DispatchController, InboundController],
  providers: [
    DispatchService,
    DispatchClockService,
    AutoStampsService,
    AlertsService,
    InboundService,
    BindingsRestorerService,
    { provide: ROUTING_PROVIDER, inject: [APP_CONFIG], useFactory: createRouting },
  ],
  exports: [AlertsService, ROUTING_PROVIDER],
})
export class DispatchModule {}
