import {
  type SessionUser,
  type TelemetryStatus,
  VITALS_HISTORY_DEFAULT_LIMIT,
  type VitalRow,
  type VitalsQuerySchema,
  type WaveformQuerySchema,
  type WaveformSampledEvent,
} from '@feijiu/contracts';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { z } from 'zod';
import { FleetService } from '../fleet/fleet.service';
import type { AppConfig } from '../platform/config/app-config';
import { APP_CONFIG } from '../platform/config/config.module';
import { MetricsService } from '../platform/metrics/metrics.service';
import { MqttIngressService } from '../platform/mqtt/mqtt-ingress.service';
import type { VehicleMessage } from '../platform/mqtt/vehicle-message';
import { Clock } from '../platform/time/clock';
import { ClockOffsets } from './clock-offset';
import { canReadTelemetry, type HistoryScope, historyScopeOf } from './telemetry-access';
import { TelemetryBatchWriter } from './telemetry-batch-writer';
import { TelemetryBindings } from './telemetry-bindings';
import { TelemetryLivenessService } from './telemetry-liveness.service';
import {
  type TelemetryRecord,
  toVitalsRecord,
  toVitalsSampledEvent,
  toWaveformRecord,
  toWaveformSampledEvent,
} from './telemetry-records';
import { TelemetryError } from './telemetry.errors';
import { VitalsSampled, WaveformSampled } from './telemetry.events';
import { TelemetryRepository, type VitalRowRecord } from './telemetry.repository';
import { readNewestPage } from './vitals-page';

// Group commit: at most one batch per 50 ms under load, at once when quiet.
const WRITER_OPTIONS = { flushIntervalMs: 50, maxBatchMessages: 2000, maxRetryDelayMs: 5000 };
const DEFAULT_VITALS_WINDOW_MS = 3600_000;
const DEFAULT_WAVEFORM_WINDOW_MS = 60_000;
const MAX_WAVEFORM_WINDOW_MS = 15 * 60_000;
// the latest instant timestamptz and a JS Date both hold comfortably
const OPEN_END = new Date('9999-12-31T23:59:59.999Z');

/**
 * Vitals and ECG from the gateways: each message stored once per (vehicle, kind, seq, measured
 * time) in batches, bound to the vehicle's current incident, streamed after it is stored;
 * history for back-filling the ER chart; each gateway's last `state`.
 */
@Injectable()
export class TelemetryService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('telemetry');
  private readonly writer: TelemetryBatchWriter;
  // each monitor's clock against the core's (in memory: relearnt after a restart)
  private readonly clockOffsets = new ClockOffsets();
  /** Per vehicle, the tail of its samples being bound and queued (bindThenIngest). */
  private readonly vehicleOrder = new Map<string, Promise<void>>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: TelemetryRepository,
    private readonly ingress: MqttIngressService,
    private readonly bindings: TelemetryBindings,
    private readonly liveness: TelemetryLivenessService,
    private readonly fleet: FleetService,
    private readonly events: EventEmitter2,
    private readonly metrics: MetricsService,
    private readonly clock: Clock,
  ) {
    this.writer = new TelemetryBatchWriter(
      repo,
      {
        committed: (records, fresh, durationMs) => this.onCommitted(records, fresh, durationMs),
        retrying: (err, attempt, size) => {
          this.metrics.telemetryBatchRetries.inc();
          this.logger.warn({ err, attempt, messages: size }, 'telemetry batch not stored yet; retrying (messages stay unacknowledged)');
        },
        refused: (r, err) => {
          this.metrics.telemetryMessages.inc({ kind: r.kind, result: 'failed' });
          this.logger.error({ err, vehicleId: r.vehicleId, kind: r.kind, seq: r.seq }, 'the database refused a telemetry message');
        },
      },
      WRITER_OPTIONS,
    );
  }

  onModuleInit(): void {
    this.ingress.on('vitals', (msg) => this.ingestVitals(msg));
    this.ingress.on('waveform', (msg) => this.ingestWaveform(msg));
    this.ingress.on('state', async (msg) => this.liveness.noteState(msg.vehicleId, msg.payload, msg.receivedAt));
  }

  /** Stores what is pending before the ingress stops and the database pool closes. */
  async onModuleDestroy(): Promise<void> {
    await this.writer.stop();
  }

  /** Resolves once the message is stored (or known as a resend): the ingress acks it then. */
  async ingestVitals({ vehicleId, payload, receivedAt }: VehicleMessage<'vitals'>): Promise<void> {
    const measuredAtMs = Date.parse(payload.ts);
    const offsetMs = this.clockOffsets.observe(`${vehicleId}|${payload.monitorId}`, measuredAtMs, receivedAt.getTime());
    await this.bindThenIngest(vehicleId, measuredAtMs, offsetMs, (incidentId) =>
      toVitalsRecord(vehicleId, payload, receivedAt, this.config.telemetry.lateSec, incidentId, offsetMs),
    );
  }

  async ingestWaveform({ vehicleId, payload, receivedAt }: VehicleMessage<'waveform'>): Promise<void> {
    // a chunk leaves the monitor when its last sample is taken: judge the clock by that
    const t0Ms = Date.parse(payload.t0);
    const samplesPerLead = Buffer.byteLength(payload.data, 'base64') / 2 / payload.leads.length;
    const endMs = t0Ms + (samplesPerLead * 1000) / payload.hz;
    const offsetMs = this.clockOffsets.observe(`${vehicleId}|${payload.monitorId}`, endMs, receivedAt.getTime());
    await this.bindThenIngest(vehicleId, t0Ms, offsetMs, (incidentId) =>
      toWaveformRecord(vehicleId, payload, receivedAt, this.config.telemetry.lateSec, incidentId, offsetMs),
    );
  }

  /**
   * The patient a sample belongs to: the incident the vehicle carried when it was measured (the
   * monitor's time corrected by its clock's offset), not the one it carries when the sample
   * arrives, which after an outage may be the next patient's. Monitor alarms use it too.
   */
  incidentMeasuredOn(vehicleId: string, measuredAtMs: number, clockOffsetMs: number): Promise<string | null> {
    return this.bindings.incidentAt(vehicleId, new Date(measuredAtMs + clockOffsetMs));
  }

  /**
   * The newest `limit` rows of the window, oldest first; when older rows were left out, the query
   * that reads them (same window start, `until` moved back past these rows).
   */
  async vitalsHistory(user: SessionUser, vehicleId: string, q: z.infer<typeof VitalsQuerySchema>): Promise<VitalsHistory> {
    const scope = await this.assertCanRead(user, vehicleId);
    // no `until`: no upper bound, so samples a clock running ahead stamped in the future are there too
    const { since, until } = this.window(q, DEFAULT_VITALS_WINDOW_MS, null, OPEN_END);
    const limit = q.limit ?? VITALS_HISTORY_DEFAULT_LIMIT;
    const code = q.code ?? null;
    const page = await readNewestPage((w) => this.repo.findNewestVitals({ vehicleId, code, scope, ...w }), { since, until }, limit);
    const next =
      page.nextUntil && page.nextUntil >= since
        ? { since: since.toISOString(), until: page.nextUntil.toISOString(), ...(q.code && { code: q.code }), ...(q.limit && { limit: String(q.limit) }) }
        : null;
    return { rows: page.rows.map(toVitalRow), truncated: page.truncated, next };
  }

  async waveformHistory(
    user: SessionUser,
    vehicleId: string,
    q: z.infer<typeof WaveformQuerySchema>,
  ): Promise<WaveformSampledEvent[]> {
    const scope = await this.assertCanRead(user, vehicleId);
    const { since, until } = this.window(q, DEFAULT_WAVEFORM_WINDOW_MS, MAX_WAVEFORM_WINDOW_MS);
    const chunks = await this.repo.findWaveform({ vehicleId, since, until, scope });
    return chunks.map((c) => ({
      vehicleId,
      incidentId: c.incidentId,
      monitorId: c.monitorId,
      seq: c.seq,
      t0: c.measuredAt.toISOString(),
      hz: c.hz,
      leads: c.leads,
      lsbUv: c.lsbUv,
      data: c.samples.toString('base64'),
      flags: c.flags,
    }));
  }

  async status(user: SessionUser, vehicleId: string): Promise<TelemetryStatus> {
    await this.assertCanRead(user, vehicleId);
    return this.liveness.status(vehicleId);
  }

  /** How far a monitor's clock runs behind the core's, as learnt from its vitals and ECG (monitor alarms use it). */
  clockOffsetMs(vehicleId: string, monitorId: string): number {
    return this.clockOffsets.offsetOf(`${vehicleId}|${monitorId}`);
  }

  /**
   * Binds a sample to its patient, then queues it for storage, in the order the vehicle's messages
   * arrived: a binding read from the database (a backlog measured before this core started) takes
   * a round trip, and a later sample must not overtake an earlier one on its way to the sockets.
   * Resolves once the sample is stored.
   */
  private async bindThenIngest(vehicleId: string, measuredAtMs: number, offsetMs: number, toRecord: (incidentId: string | null) => TelemetryRecord): Promise<void> {
    const previous = this.vehicleOrder.get(vehicleId) ?? Promise.resolve();
    // the step resolves once the record is queued; { stored } keeps the commit out of the chain
    const queued = previous.then(async () => ({ stored: this.ingest(toRecord(await this.incidentMeasuredOn(vehicleId, measuredAtMs, offsetMs))) }));
    const tail = queued.then(
      () => undefined,
      () => undefined,
    );
    this.vehicleOrder.set(vehicleId, tail);
    void tail.then(() => {
      if (this.vehicleOrder.get(vehicleId) === tail) this.vehicleOrder.delete(vehicleId);
    });
    await (await queued).stored;
  }

  private async ingest(record: TelemetryRecord): Promise<void> {
    this.liveness.noteSample(record.vehicleId, record.measuredAt, record.receivedAt);
    this.metrics.telemetryPending.inc();
    try {
      await this.writer.enqueue(record);
    } finally {
      this.metrics.telemetryPending.dec();
    }
  }

  private onCommitted(records: readonly TelemetryRecord[], fresh: readonly boolean[], durationMs: number): void {
    this.metrics.telemetryBatchMessages.observe(records.length);
    this.metrics.telemetryBatchDuration.observe(durationMs / 1000);
    const counts = { vitals: { stored: 0, duplicate: 0, rows: 0, late: 0 }, waveform: { stored: 0, duplicate: 0, rows: 0, late: 0 } };
    records.forEach((r, i) => {
      const c = counts[r.kind];
      if (!fresh[i]) {
        c.duplicate++;
        return;
      }
      c.stored++;
      c.rows += r.kind === 'vitals' ? r.rows.length : 1;
      if (r.flags.includes('late')) c.late++;
      // to the destination ER only while the vehicle carries the incident stored: not a late sample of
      // an earlier patient, nor one bound before the binding changed while the batch was written
      const binding = this.bindings.get(r.vehicleId);
      const destination = binding && binding.incidentId === r.incidentId ? binding.destinationHospitalId : null;
      if (r.kind === 'vitals') this.events.emit(VitalsSampled.eventName, new VitalsSampled(toVitalsSampledEvent(r), destination));
      else this.events.emit(WaveformSampled.eventName, new WaveformSampled(toWaveformSampledEvent(r), destination));
    });
    for (const kind of ['vitals', 'waveform'] as const) {
      const c = counts[kind];
      if (c.stored) this.metrics.telemetryMessages.inc({ kind, result: 'stored' }, c.stored);
      if (c.duplicate) this.metrics.telemetryMessages.inc({ kind, result: 'duplicate' }, c.duplicate);
      if (c.rows) this.metrics.telemetryRows.inc({ kind }, c.rows);
      if (c.late) this.metrics.telemetryLate.inc({ kind }, c.late);
    }
  }

  /**
   * Refuses a reader who may not read the vehicle's telemetry (monitor alarms ask too); returns
   * which of its rows this one sees (an ER clinician: only its hospital's patients').
   */
  async assertCanRead(user: SessionUser, vehicleId: string): Promise<HistoryScope | null> {
    const binding = this.bindings.get(vehicleId);
    if (!canReadTelemetry(user, vehicleId, binding)) {
      throw new TelemetryError('FORBIDDEN', `your role may not read the telemetry of vehicle ${vehicleId}`);
    }
    await this.fleet.get(vehicleId); // VEHICLE_NOT_FOUND for an unknown id
    return historyScopeOf(user, binding);
  }

  private window(
    q: { since?: string; until?: string },
    defaultMs: number,
    maxMs: number | null,
    openEnd: Date | null = null,
  ): { since: Date; until: Date } {
    const now = this.clock.now();
    const until = q.until ? new Date(q.until) : (openEnd ?? now);
    const since = q.since ? new Date(q.since) : new Date((q.until ? until : now).getTime() - defaultMs);
    if (since > until) throw new TelemetryError('VALIDATION_FAILED', 'since must not be after until');
    if (maxMs !== null && until.getTime() - since.getTime() > maxMs) {
      throw new TelemetryError('VALIDATION_FAILED', `ask for at most ${maxMs / 60_000} minutes of waveform at a time`);
    }
    return { since, until };
  }
}

export interface VitalsHistory {
  rows: VitalRow[];
  /** Older rows of the window were left out. */
  truncated: boolean;
  /** The query parameters that read the older rows, or null when there are none to read. */
  next: Record<string, string> | null;
}

function toVitalRow(r: VitalRowRecord): VitalRow {
  return {
    monitorId: r.monitorId,
    code: r.code,
    value: r.value,
    unit: r.unit,
    measuredAt: r.measuredAt.toISOString(),
    receivedAt: r.receivedAt.toISOString(),
    flags: r.flags,
    ...(r.channel !== null && { channel: r.channel }),
    ...(r.source !== null && { source: r.source }),
  };
}
