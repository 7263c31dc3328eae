import { Module } from '@nestjs/common';
import { FleetModule } from '../fleet/fleet.module';
import { TelemetryBindings } from './telemetry-bindings';
import { TelemetryLivenessService } from './telemetry-liveness.service';
import { TelemetryPartitionsService } from './telemetry-partitions.service';
import { TelemetryController } from './telemetry.controller';
import { TelemetryRepository } from './telemetry.repository';
import { TelemetryService } from './telemetry.service';

@Module({
  imports: [FleetModule],
  controllers: [TelemetryController],
  providers: [TelemetryService, TelemetryRepository, TelemetryBindings, TelemetryLivenessService, TelemetryPartitionsService],
  exports: [TelemetryService],
})
export class TelemetryModule {}
