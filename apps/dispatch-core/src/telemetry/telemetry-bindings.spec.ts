import { describe, expect, it } from 'vitest';
import { VehicleIncidentBound } from '../dispatch/dispatch.events';
import { Clock } from '../platform/time/clock';
import { TelemetryBindings } from './telemetry-bindings';
import type { StoredBinding, TelemetryBindingsRepository } from './telemetry-bindings.repository';

class FrozenClock extends Clock {
  constructor(public at: Date) {
    super();
  }
  now(): Date {
    return this.at;
  }
  advanceMin(min: number): Date {
    this.at = new Date(this.at.getTime() + min * 60_000);
    return this.at;
  }
}

// telemetry_bindings as the repository keeps it, in memory
class StoredBindings {
  rows: (StoredBinding & { vehicleId: string })[] = [];
  async bind(vehicleId: string, incidentId: string, at: Date): Promise<Date> {
    const open = this.rows.find((r) => r.vehicleId === vehicleId && r.endedAt === null);
    if (open && open.incidentId === incidentId) return open.startedAt;
    if (open) open.endedAt = at;
    this.rows.push({ vehicleId, incidentId, startedAt: at, endedAt: null });
    return at;
  }
  async release(vehicleId: string, at: Date): Promise<void> {
    for (const r of this.rows) if (r.vehicleId === vehicleId && r.endedAt === null) r.endedAt = at;
  }
  lookups = 0;
  async findAt(vehicleId: string, at: Date): Promise<StoredBinding | null> {
    this.lookups++;
    return this.rows.find((r) => r.vehicleId === vehicleId && r.startedAt <= at && (r.endedAt === null || r.endedAt > at)) ?? null;
  }
}

const A = '0a0a0a0a-0000-4000-8000-00000000000a';
const B = '0b0b0b0b-0000-4000-8000-00000000000b';
const T0 = new Date('2026-11-22T10:00:00Z');
const minutes = (m: number) => new Date(T0.getTime() + m * 60_000);

function setup(store = new StoredBindings(), clock = new FrozenClock(T0)) {
  const sut = new TelemetryBindings(store as unknown as TelemetryBindingsRepository, clock);
  sut.onModuleInit();
  const bind = (incidentId: string | null, hospitalId: string | null = null) =>
    sut.onVehicleIncidentBound(new VehicleIncidentBound('lh-05', incidentId, hospitalId));
  return { sut, store, clock, bind };
}

describe(TelemetryBindings.name, () => {
  it('should bind a sample to the patient carried when it was measured, not when it arrives', async () => {
    const { sut, clock, bind } = setup();
    clock.advanceMin(1);
    bind(A, 'lead'); // 10:01 patient A, to the lead hospital
    clock.advanceMin(30);
    bind(null); // 10:31 handed over
    clock.advanceMin(10);
    bind(B, 'tcm'); // 10:41 patient B, elsewhere

    expect(await sut.incidentAt('lh-05', minutes(20))).toBe(A); // A's backlog, drained while B is on board
    expect(await sut.incidentAt('lh-05', minutes(35))).toBeNull(); // between patients
    expect(await sut.incidentAt('lh-05', minutes(0.5))).toBeNull(); // before A
    expect(await sut.incidentAt('lh-05', minutes(45))).toBe(B);
    expect(sut.get('lh-05')).toMatchObject({ incidentId: B, destinationHospitalId: 'tcm', startedAt: minutes(41) });
  });

  it('should bind a time no patient of this system can have been measured at to nobody, without asking the database', async () => {
    const { sut, store } = setup();
    // 5948 BC is a valid ISO date in JavaScript but outside what PostgreSQL can compare
    for (const at of [new Date('-005947-10-15T08:05:23.250Z'), new Date('1999-12-31T23:59:59Z'), new Date(Number.NaN)]) {
      expect(await sut.incidentAt('lh-05', at)).toBeNull();
    }
    expect(store.lookups).toBe(0);
  });

  it('should keep a binding whole when only its destination changes', async () => {
    const { sut, clock, bind } = setup();
    bind(A);
    clock.advanceMin(5);
    bind(A, 'lead');
    expect(sut.get('lh-05')).toMatchObject({ incidentId: A, destinationHospitalId: 'lead', startedAt: T0 });
    expect(await sut.incidentAt('lh-05', minutes(1))).toBe(A);
  });

  it('should know after a restart when the restored binding started and which patient came before', async () => {
    const before = setup();
    before.bind(A, 'lead');
    before.clock.advanceMin(20);
    before.bind(B, 'lead');
    await before.sut.onModuleDestroy();

    // a new process: dispatch restores B's binding at start
    const after = setup(before.store, new FrozenClock(minutes(60)));
    after.bind(B, 'lead');
    await after.sut.onModuleDestroy(); // the restored start is read back

    expect(after.sut.get('lh-05')?.startedAt).toEqual(minutes(20));
    expect(await after.sut.incidentAt('lh-05', minutes(30))).toBe(B);
    expect(await after.sut.incidentAt('lh-05', minutes(10))).toBe(A);
    // a backlog of A's samples drained after the restart reads A's binding once
    const lookups = before.store.lookups;
    expect(await after.sut.incidentAt('lh-05', minutes(11))).toBe(A);
    expect(before.store.lookups).toBe(lookups);
    expect(before.store.rows.filter((r) => r.endedAt === null)).toHaveLength(1);
  });

  it('should ignore a binding to a non-uuid incident id', () => {
    const { sut, bind } = setup();
    bind('INC-7');
    expect(sut.get('lh-05')).toBeUndefined();
  });
});
