import type { Vehicle } from '@feijiu/contracts';

// Bench-only: extra ambulances beyond the demo county's 39, so load benchmarks can drive one
// real gateway login per simulated vehicle (bench/ingest). Seeded only in demo mode when asked
// (FEIJIU_DEMO_EXTRA_VEHICLES=N), with the demo gateway password; ids bench-001 … bench-NNN.

export const BENCH_VEHICLE_PREFIX = 'bench-';
export const MAX_BENCH_VEHICLES = 2000;

export type BenchVehicle = Pick<Vehicle, 'id' | 'callSign' | 'plate' | 'type' | 'status' | 'stationId'>;

/** `count` ambulances spread round-robin over the given stations (facility ids). */
export function benchFleetVehicles(count: number, stationIds: readonly string[]): BenchVehicle[] {
  if (!Number.isInteger(count) || count < 0 || count > MAX_BENCH_VEHICLES) {
    throw new RangeError(`bench vehicles: 0..${MAX_BENCH_VEHICLES}, not ${count}`);
  }
  if (count > 0 && stationIds.length === 0) throw new RangeError('bench vehicles need at least one station');
  return Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(3, '0');
    return {
      id: `${BENCH_VEHICLE_PREFIX}${n}`,
      callSign: `BENCH-${n}`,
      plate: `BENCH-${n}`,
      type: 'ALS' as const,
      status: 'available' as const,
      stationId: stationIds[i % stationIds.length]!,
    };
  });
}

export interface BenchFleetTarget {
  upsertVehicles(rows: BenchVehicle[]): Promise<void>;
  setGatewayPassword(vehicleId: string, password: string): Promise<void>;
}

/**
 * Seeds the bench fleet and gives each vehicle a gateway login with `password`. Idempotent.
 * Wire it in DemoSeedService.seed() after the county: `await seedBenchFleet(n, password,
 * { upsertVehicles: (r) => this.fleet.upsertVehicles(r), setGatewayPassword: (id, p) =>
 * this.gateways.seedPassword(id, p) }, stationIds)`.
 */
export async function seedBenchFleet(
  count: number,
  password: string,
  target: BenchFleetTarget,
  stationIds: readonly string[],
): Promise<BenchVehicle[]> {
  const vehicles = benchFleetVehicles(count, stationIds);
  if (vehicles.length === 0) return vehicles;
  await target.upsertVehicles(vehicles);
  // argon2 per vehicle: a few at a time keeps memory bounded (each hash takes ~19 MiB)
  for (let i = 0; i < vehicles.length; i += 8) {
    await Promise.all(vehicles.slice(i, i + 8).map((v) => target.setGatewayPassword(v.id, password)));
  }
  return vehicles;
}
