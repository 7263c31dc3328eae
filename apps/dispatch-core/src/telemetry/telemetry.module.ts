import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FleetModule } from '../fleet/fleet.module';
import { TelemetryBindings } from './telemetry-bindings';
import { TelemetryLivenessService } from './telemetry-liveness.service';
import { TelemetryPartitionsService } from './telemetry-partitions.service';
import { TelemetryRetentionService } from './telemetry-retention.service';
import { TelemetryController } from './telemetry.controller';
import { TelemetryRepository } from './telemetry.repository';
import { TelemetryService } from './telemetry.service';

@Module({
  imports: [FleetModule, AuditModule],
  controllers: [TelemetryController],
  providers: [TelemetryService, TelemetryRepository, TelemetryBindings, TelemetryLivenessService, TelemetryPartitionsService, TelemetryRetentionService],
  exports: [TelemetryService],
})
export class TelemetryModule {}
