import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { z } from 'zod';
import { VehicleIncidentBound } from '../dispatch/dispatch.events';
import { Clock } from '../platform/time/clock';
import { type StoredBinding, TelemetryBindingsRepository } from './telemetry-bindings.repository';

// No vehicle carried a patient of this system before this.
const EARLIEST_BINDING_MS = Date.UTC(2000, 0, 1);

export interface TelemetryBinding {
  readonly incidentId: string;
  readonly destinationHospitalId: string | null;
  /** When the vehicle started carrying this patient (the core's clock). */
  readonly startedAt: Date;
}

interface EndedBinding {
  readonly incidentId: string;
  readonly startedAtMs: number;
  readonly endedAtMs: number;
}

const IncidentIdSchema = z.uuid();
// bindings that ended longer ago than this are looked up in the database, not kept in memory
const REMEMBER_ENDED_MS = 24 * 3600_000;

/**
 * Which incident each vehicle carries, and carried when, from dispatch's VehicleIncidentBound
 * events. A sample is bound by when it was measured, not when it arrived: a backlog drained
 * after an outage belongs to the patient it was measured on (or to none), never to the one the
 * vehicle carries when it arrives. The current binding is in memory (samples are streamed to its
 * destination ER); every binding is also kept in telemetry_bindings with its start and end, so
 * a restart neither forgets when the current one started nor what came before.
 */
@Injectable()
export class TelemetryBindings implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('telemetry');
  private readonly byVehicle = new Map<string, TelemetryBinding>();
  private readonly endedByVehicle = new Map<string, EndedBinding[]>();
  // the last ended binding read from the database, per vehicle
  private readonly storedByVehicle = new Map<string, StoredBinding>();
  // every binding change since then went through this instance; earlier ones are in the database
  private knownSinceMs = Number.POSITIVE_INFINITY;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly repo: TelemetryBindingsRepository,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.knownSinceMs = this.clock.now().getTime();
  }

  /** Lets the last binding writes finish before the database pool closes. */
  async onModuleDestroy(): Promise<void> {
    await this.writes;
  }

  /** The vehicle's current binding (who may read its telemetry, where its live samples go). */
  get(vehicleId: string): TelemetryBinding | undefined {
    return this.byVehicle.get(vehicleId);
  }

  /**
   * The incident the vehicle carried at `at` (a sample's measured time, on the core's clock):
   * the current one from its start on, before that the one current then, or null.
   */
  async incidentAt(vehicleId: string, at: Date): Promise<string | null> {
    const atMs = at.getTime();
    // a monitor clock years off (or garbage the contract lets through, like 5948 BC, outside what
    // PostgreSQL can even compare) was measured on no incident of this system
    if (!Number.isFinite(atMs) || atMs < EARLIEST_BINDING_MS) return null;
    const current = this.byVehicle.get(vehicleId);
    if (current && atMs >= current.startedAt.getTime()) return current.incidentId;
    if (atMs >= this.knownSinceMs) {
      return this.endedByVehicle.get(vehicleId)?.find((b) => atMs >= b.startedAtMs && atMs < b.endedAtMs)?.incidentId ?? null;
    }
    // before this instance started: a backlog drained after a restart asks for the same binding again and again
    const cached = this.storedByVehicle.get(vehicleId);
    if (cached && atMs >= cached.startedAt.getTime() && cached.endedAt !== null && atMs < cached.endedAt.getTime()) return cached.incidentId;
    const stored = await this.repo.findAt(vehicleId, at);
    if (stored?.endedAt) this.storedByVehicle.set(vehicleId, stored);
    return stored?.incidentId ?? null;
  }

  @OnEvent(VehicleIncidentBound.eventName)
  onVehicleIncidentBound(e: VehicleIncidentBound): void {
    // incident_id columns are uuid: a malformed id would fail every batch it is in
    if (e.incidentId !== null && !IncidentIdSchema.safeParse(e.incidentId).success) {
      this.logger.error({ vehicleId: e.vehicleId, incidentId: e.incidentId }, 'ignoring a binding to a non-uuid incident id');
      return;
    }
    const now = this.clock.now();
    const before = this.byVehicle.get(e.vehicleId);
    if (e.incidentId !== null && before?.incidentId === e.incidentId) {
      // the same patient, a new destination: still the same binding
      this.byVehicle.set(e.vehicleId, { ...before, destinationHospitalId: e.destinationHospitalId });
      return;
    }
    if (before) this.remember(e.vehicleId, before, now);
    if (e.incidentId === null) {
      this.byVehicle.delete(e.vehicleId);
      this.persist(e.vehicleId, () => this.repo.release(e.vehicleId, now));
      return;
    }
    const bound: TelemetryBinding = { incidentId: e.incidentId, destinationHospitalId: e.destinationHospitalId, startedAt: now };
    this.byVehicle.set(e.vehicleId, bound);
    const incidentId = e.incidentId;
    this.persist(e.vehicleId, async () => {
      const startedAt = await this.repo.bind(e.vehicleId, incidentId, now);
      // a binding restored after a restart started when it was first stored, not now
      const current = this.byVehicle.get(e.vehicleId);
      if (current?.incidentId === incidentId && startedAt < current.startedAt) this.byVehicle.set(e.vehicleId, { ...current, startedAt });
    });
  }

  private remember(vehicleId: string, ended: TelemetryBinding, at: Date): void {
    const list = this.endedByVehicle.get(vehicleId) ?? [];
    list.push({ incidentId: ended.incidentId, startedAtMs: ended.startedAt.getTime(), endedAtMs: at.getTime() });
    this.endedByVehicle.set(vehicleId, list);
    const horizonMs = at.getTime() - REMEMBER_ENDED_MS;
    if (horizonMs <= this.knownSinceMs) return;
    this.knownSinceMs = horizonMs;
    for (const [id, bindings] of this.endedByVehicle) {
      const kept = bindings.filter((b) => b.endedAtMs > horizonMs);
      if (kept.length > 0) this.endedByVehicle.set(id, kept);
      else this.endedByVehicle.delete(id);
    }
  }

  // One write after another, in the order the events came: a release never overtakes its binding.
  private persist(vehicleId: string, write: () => Promise<unknown>): void {
    this.writes = this.writes.then(write).then(
      () => undefined,
      (err: unknown) => this.logger.error({ err, vehicleId }, 'could not store a vehicle binding; late samples may miss it after a restart'),
    );
  }
}
