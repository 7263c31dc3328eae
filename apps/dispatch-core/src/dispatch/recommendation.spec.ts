import { describe, expect, it } from 'vitest';
import { type Candidate, rankCandidates, ringOf } from './recommendation';

const candidate = (over: Partial<Candidate>): Candidate => ({
  vehicleId: 'v',
  callSign: 'V',
  type: 'ALS',
  status: 'available',
  stationId: 'lead',
  position: { lat: 30, lon: 118 },
  straightM: 1000,
  positionAgeSec: 5,
  ...over,
});

describe(rankCandidates.name, () => {
  const rings = [5, 10, 20];

  it('should rank by ETA, not by straight-line distance', () => {
    const sut = rankCandidates({
      candidates: [candidate({ vehicleId: 'near-slow', straightM: 3000 }), candidate({ vehicleId: 'far-fast', straightM: 6000 })],
      estimates: [{ etaSec: 900, distanceM: 9000 }, { etaSec: 420, distanceM: 7000 }],
      ringsKm: rings,
      requiredType: null,
    });
    expect(sut.map((r) => r.vehicleId)).toEqual(['far-fast', 'near-slow']);
    expect(sut[0]!.ring).toBe(10);
    expect(sut[1]!.ring).toBe(5);
  });

  it('should put the required vehicle type first when the call needs one', () => {
    const sut = rankCandidates({
      candidates: [candidate({ vehicleId: 'als', type: 'ALS' }), candidate({ vehicleId: 'neo', type: 'neonatal' })],
      estimates: [{ etaSec: 300, distanceM: 3000 }, { etaSec: 1500, distanceM: 20000 }],
      ringsKm: rings,
      requiredType: 'neonatal',
    });
    expect(sut[0]!.vehicleId).toBe('neo');
    expect(sut[1]!.warnings.join()).toContain('needs neonatal');
  });

  it('should still show a vehicle beyond the last ring, with a warning', () => {
    const [sut] = rankCandidates({
      candidates: [candidate({ straightM: 35_000 })],
      estimates: [{ etaSec: 2400, distanceM: 41_000 }],
      ringsKm: rings,
      requiredType: null,
    });
    expect(sut!.ring).toBeNull();
    expect(sut!.warnings.join()).toContain('outside the 20 km');
  });

  it('should fall back to straight-line ETA when no road route exists', () => {
    const [sut] = rankCandidates({ candidates: [candidate({ straightM: 4000 })], estimates: [null], ringsKm: rings, requiredType: null });
    expect(sut!.etaSec).toBeCloseTo(360, 0);
    expect(sut!.warnings.join()).toContain('no road route');
  });

  it('should warn when the GPS position is stale or missing', () => {
    const sut = rankCandidates({
      candidates: [candidate({ vehicleId: 'a', positionAgeSec: 600 }), candidate({ vehicleId: 'b', positionAgeSec: null })],
      estimates: [{ etaSec: 100, distanceM: 1000 }, { etaSec: 200, distanceM: 1000 }],
      ringsKm: rings,
      requiredType: null,
    });
    expect(sut[0]!.warnings.join()).toContain('10 min old');
    expect(sut[1]!.warnings.join()).toContain('no GPS position');
  });
});

describe(ringOf.name, () => {
  it.each([
    [4999, 5],
    [5000, 5],
    [5001, 10],
    [20_000, 20],
    [20_001, null],
  ])('should put %d m in ring %s', (m, ring) => expect(ringOf(m, [5, 10, 20])).toBe(ring));
});
