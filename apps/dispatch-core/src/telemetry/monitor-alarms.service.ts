import type { AlarmsQuerySchema, MonitorAlarmEvent, SessionUser } from '@feijiu/contracts';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { z } from 'zod';
import { FleetService } from '../fleet/fleet.service';
import type { AppConfig } from '../platform/config/app-config';
import { APP_CONFIG } from '../platform/config/config.module';
import { MetricsService } from '../platform/metrics/metrics.service';
import { MqttIngressService } from '../platform/mqtt/mqtt-ingress.service';
import type { VehicleMessage } from '../platform/mqtt/vehicle-message';
import { Clock } from '../platform/time/clock';
import { toMonitorAlarmEvent, toMonitorAlarmRecord } from './monitor-alarm-records';
import { MonitorAlarmsRepository } from './monitor-alarms.repository';
import { canReadTelemetry } from './telemetry-access';
import { TelemetryBindings } from './telemetry-bindings';
import { TelemetryError } from './telemetry.errors';
import { MonitorAlarmReported } from './telemetry.events';
import { TelemetryService } from './telemetry.service';

const DEFAULT_WINDOW_MS = 6 * 3600_000;
const DEFAULT_LIMIT = 2000;
const OPEN_END = new Date('9999-12-31T23:59:59.999Z');

/**
 * Patient-monitor alarms from the gateways (`alarm` topic): each stored once per (vehicle, seq,
 * measured time), bound to the vehicle's current incident like its vitals, announced after it is
 * stored (a resend is not announced again); history for the ER board's banner.
 */
@Injectable()
export class MonitorAlarmsService implements OnModuleInit {
  private readonly logger = new Logger('telemetry');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: MonitorAlarmsRepository,
    private readonly ingress: MqttIngressService,
    private readonly bindings: TelemetryBindings,
    private readonly telemetry: TelemetryService,
    private readonly fleet: FleetService,
    private readonly events: EventEmitter2,
    private readonly metrics: MetricsService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.ingress.on('alarm', (msg) => this.ingest(msg));
  }

  /** Resolves once the alarm is stored (or known as a resend): the ingress acknowledges it then. */
  async ingest({ vehicleId, payload, receivedAt }: VehicleMessage<'alarm'>): Promise<void> {
    const incidentId = this.bindings.get(vehicleId)?.incidentId ?? null;
    const offsetMs = this.telemetry.clockOffsetMs(vehicleId, payload.monitorId);
    const record = toMonitorAlarmRecord(vehicleId, payload, receivedAt, this.config.telemetry.lateSec, incidentId, offsetMs);
    const fresh = await this.repo.insert(record);
    this.metrics.telemetryMessages.inc({ kind: 'alarm', result: fresh ? 'stored' : 'duplicate' });
    if (!fresh) return;
    // the binding may have changed while it was written; route only to the incident stored
    const binding = this.bindings.get(vehicleId);
    const destination = binding && binding.incidentId === record.incidentId ? binding.destinationHospitalId : null;
    this.logger.log(
      { code: 'MONITOR_ALARM', vehicleId, monitorId: record.monitorId, seq: record.seq, name: record.name, priority: record.priority, state: record.state, incidentId },
      'monitor alarm',
    );
    this.events.emit(MonitorAlarmReported.eventName, new MonitorAlarmReported(toMonitorAlarmEvent(record), destination));
  }

  async history(user: SessionUser, vehicleId: string, q: z.infer<typeof AlarmsQuerySchema>): Promise<MonitorAlarmEvent[]> {
    if (!canReadTelemetry(user, vehicleId, this.bindings.get(vehicleId))) {
      throw new TelemetryError('FORBIDDEN', `your role may not read the telemetry of vehicle ${vehicleId}`);
    }
    await this.fleet.get(vehicleId); // VEHICLE_NOT_FOUND for an unknown id
    const now = this.clock.now();
    // no `until`: no upper bound, so alarms a monitor clock running ahead stamped in the future are there too
    const until = q.until ? new Date(q.until) : OPEN_END;
    const since = q.since ? new Date(q.since) : new Date((q.until ? until : now).getTime() - DEFAULT_WINDOW_MS);
    if (since > until) throw new TelemetryError('VALIDATION_FAILED', 'since must not be after until');
    const rows = await this.repo.find({ vehicleId, since, until, limit: q.limit ?? DEFAULT_LIMIT });
    return rows.map(toMonitorAlarmEvent);
  }
}
