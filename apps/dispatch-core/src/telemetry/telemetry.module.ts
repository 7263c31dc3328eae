import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FleetModule } from '../fleet/fleet.module';
import { MonitorAlarmsController } from './monitor-alarms.controller';
import { MonitorAlarmsRepository } from './monitor-alarms.repository';
import { MonitorAlarmsService } from './monitor-alarms.service';
import { TelemetryBindings } from './telemetry-bindings';
import { TelemetryBindingsRepository } from './telemetry-bindings.repository';
import { TelemetryLivenessService } from './telemetry-liveness.service';
import { TelemetryPartitionsService } from './telemetry-partitions.service';
import { TelemetryRetentionService } from './telemetry-retention.service';
import { TelemetryController } from './telemetry.controller';
import { TelemetryRepository } from './telemetry.repository';
import { TelemetryService } from './telemetry.service';

@Module({
  imports: [FleetModule, AuditModule],
  controllers: [TelemetryController, MonitorAlarmsController],
  providers: [TelemetryService, TelemetryRepository, TelemetryBindings, TelemetryBindingsRepository, TelemetryLivenessService, TelemetryPartitionsService, TelemetryRetentionService, MonitorAlarmsService, MonitorAlarmsRepository],
  exports: [TelemetryService],
})
export class TelemetryModule {}
