import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ZodSerializerInterceptor } from 'nestjs-zod';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { DemoModule } from './demo/demo.module';
import { DispatchModule } from './dispatch/dispatch.module';
import { FleetModule } from './fleet/fleet.module';
import { GatewaysModule } from './gateways/gateways.module';
import { HospitalsModule } from './hospitals/hospitals.module';
import { IncidentsModule } from './incidents/incidents.module';
import { MapModule } from './map/map.module';
import { PathwaysModule } from './pathways/pathways.module';
import type { AppConfig } from './platform/config/app-config';
import { ConfigModule, type RuntimeSettings } from './platform/config/config.module';
import { DatabaseModule } from './platform/database/database.module';
import { HealthModule } from './platform/health/health.module';
import { ApiErrorFilter } from './platform/http/api-error.filter';
import { RequestInputPipe } from './platform/http/request-input.pipe';
import { LoggingModule } from './platform/logging/logging.module';
import { MetricsModule } from './platform/metrics/metrics.module';
import { MqttModule } from './platform/mqtt/mqtt.module';
import { ClockModule } from './platform/time/clock';
import { RealtimeModule } from './realtime/realtime.module';
import { TelemetryModule } from './telemetry/telemetry.module';
import { TimelineModule } from './timeline/timeline.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, runtime: RuntimeSettings): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, runtime),
        LoggingModule.forRoot(config),
        ClockModule,
        DatabaseModule,
        MetricsModule,
        MqttModule,
        EventEmitterModule.forRoot(),
        HealthModule,
        AuthModule,
        HospitalsModule,
        FleetModule,
        TelemetryModule,
        GatewaysModule,
        MapModule,
        AuditModule,
        TimelineModule,
        IncidentsModule,
        DispatchModule,
        PathwaysModule,
        DemoModule,
        RealtimeModule,
      ],
      providers: [
        { provide: APP_PIPE, useClass: RequestInputPipe },
        { provide: APP_INTERCEPTOR, useClass: ZodSerializerInterceptor },
        { provide: APP_FILTER, useClass: ApiErrorFilter },
      ],
    };
  }
}
