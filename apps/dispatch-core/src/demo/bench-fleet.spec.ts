import { describe, expect, it } from 'vitest';
import { benchFleetVehicles, seedBenchFleet } from './bench-fleet';

describe(benchFleetVehicles.name, () => {
  it('should name the extra ambulances bench-001… and spread them over the stations', () => {
    const sut = benchFleetVehicles(3, ['lead', 'tcm']);
    expect(sut.map((v) => [v.id, v.stationId])).toEqual([
      ['bench-001', 'lead'],
      ['bench-002', 'tcm'],
      ['bench-003', 'lead'],
    ]);
  });

  it('should refuse a count beyond the bench maximum', () => {
    expect(() => benchFleetVehicles(5000, ['lead'])).toThrow(RangeError);
  });
});

describe(seedBenchFleet.name, () => {
  it('should give every bench vehicle a gateway login', async () => {
    const logins: string[] = [];
    const upserted: string[] = [];
    await seedBenchFleet(10, 'pw-123456', {
      upsertVehicles: async (rows) => void upserted.push(...rows.map((r) => r.id)),
      setGatewayPassword: async (id) => void logins.push(id),
    }, ['lead']);
    expect(upserted).toHaveLength(10);
    expect(logins.sort()).toEqual(upserted.sort());
  });
});
