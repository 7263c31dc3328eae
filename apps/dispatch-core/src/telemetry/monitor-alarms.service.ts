import type { AlarmsQuerySchema, MonitorAlarmEvent, SessionUser } from '@feijiu/contracts';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { z } from 'zod';
import type { AppConfig } from '../platform/config/app-config';
import { APP_CONFIG } from '../platform/config/config.module';
import { MetricsService } from '../platform/metrics/metrics.service';
import { MqttIngressService } from '../platform/mqtt/mqtt-ingress.service';
import type { VehicleMessage } from '../platform/mqtt/vehicle-message';
import { Clock } from '../platform/time/clock';
import { toMonitorAlarmEvent, toMonitorAlarmRecord } from './monitor-alarm-records';
import { MonitorAlarmsRepository } from './monitor-alarms.repository';
import { TelemetryBindings } from './telemetry-bindings';
import { TelemetryError } from './telemetry.errors';
import { MonitorAlarmReported } from './telemetry.events';
import { TelemetryService } from './telemetry.service';
import { readNewestPage } from './vitals-page';

const DEFAULT_WINDOW_MS = 6 * 3600_000;
const DEFAULT_LIMIT = 2000;
const OPEN_END = new Date('9999-12-31T23:59:59.999Z');

/**
 * Patient-monitor alarms from the gateways (`alarm` topic): each stored once per (vehicle, seq,
 * measured time), bound like its vitals to the incident the vehicle carried when it was measured,
 * announced after it is stored (a resend is not announced again; to the destination ER only when
 * that incident is the one the vehicle carries now); history for the ER board's banner.
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
    private readonly events: EventEmitter2,
    private readonly metrics: MetricsService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.ingress.on('alarm', (msg) => this.ingest(msg));
  }

  /** Resolves once the alarm is stored (or known as a resend): the ingress acknowledges it then. */
  async ingest({ vehicleId, payload, receivedAt }: VehicleMessage<'alarm'>): Promise<void> {
    const offsetMs = this.telemetry.clockOffsetMs(vehicleId, payload.monitorId);
    // the patient it was measured on: an alarm drained after an outage is not the next patient's
    const incidentId = await this.telemetry.incidentMeasuredOn(vehicleId, Date.parse(payload.ts), offsetMs);
    const record = toMonitorAlarmRecord(vehicleId, payload, receivedAt, this.config.telemetry.lateSec, incidentId, offsetMs);
    const fresh = await this.repo.insert(record);
    this.metrics.telemetryMessages.inc({ kind: 'alarm', result: fresh ? 'stored' : 'duplicate' });
    if (!fresh) return;
    // to the destination ER only while the vehicle carries the incident stored: not a late alarm of
    // an earlier patient, nor one bound before the binding changed while it was written
    const binding = this.bindings.get(vehicleId);
    const destination = binding && binding.incidentId === record.incidentId ? binding.destinationHospitalId : null;
    this.logger.log(
      { code: 'MONITOR_ALARM', vehicleId, monitorId: record.monitorId, seq: record.seq, name: record.name, priority: record.priority, state: record.state, incidentId },
      'monitor alarm',
    );
    this.events.emit(MonitorAlarmReported.eventName, new MonitorAlarmReported(toMonitorAlarmEvent(record), destination));
  }

  /**
   * The newest `limit` alarms of the window, oldest first (an ER banner is built from the latest
   * reports, however many the monitor sent before); when older ones were left out, the query that
   * reads them (same window start, `until` moved back past these rows).
   */
  async history(user: SessionUser, vehicleId: string, q: z.infer<typeof AlarmsQuerySchema>): Promise<MonitorAlarmHistory> {
    const scope = await this.telemetry.assertCanRead(user, vehicleId);
    const now = this.clock.now();
    // no `until`: no upper bound, so alarms a monitor clock running ahead stamped in the future are there too
    const until = q.until ? new Date(q.until) : OPEN_END;
    const since = q.since ? new Date(q.since) : new Date((q.until ? until : now).getTime() - DEFAULT_WINDOW_MS);
    if (since > until) throw new TelemetryError('VALIDATION_FAILED', 'since must not be after until');
    const page = await readNewestPage((w) => this.repo.findNewest({ vehicleId, scope, ...w }), { since, until }, q.limit ?? DEFAULT_LIMIT);
    const next =
      page.nextUntil && page.nextUntil >= since
        ? { since: since.toISOString(), until: page.nextUntil.toISOString(), ...(q.limit && { limit: String(q.limit) }) }
        : null;
    return { rows: page.rows.map(toMonitorAlarmEvent), truncated: page.truncated, next };
  }
}

export interface MonitorAlarmHistory {
  /** Oldest first. */
  rows: MonitorAlarmEvent[];
  /** Older alarms of the window were left out. */
  truncated: boolean;
  /** The query parameters that read the older alarms, or null when there are none to read. */
  next: Record<string, string> | null;
}
