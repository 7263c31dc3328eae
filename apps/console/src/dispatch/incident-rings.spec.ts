import { describe, expect, it } from 'vitest';
import { buildIncidentRings, findRingKm, framingRadiusM, ringLabelPosition } from './incident-rings';

describe(buildIncidentRings.name, () => {
  it('should order the rings innermost first with radii in metres', () => {
    const sut = buildIncidentRings([20, 5, 10]);
    expect(sut.map((r) => r.radiusM)).toEqual([5000, 10_000, 20_000]);
    expect(sut[0]?.weightPx).toBeGreaterThan(sut[2]?.weightPx ?? 0);
  });

  it('should ignore nonsense radii', () => {
    expect(buildIncidentRings([0, -5, Number.NaN, 5]).map((r) => r.radiusKm)).toEqual([5]);
  });
});

describe(findRingKm.name, () => {
  it.each([
    [4_999, 5],
    [5_000, 5],
    [7_500, 10],
    [19_000, 20],
    [25_000, null],
  ])('should put %i m in the %s km ring', (distanceM, ring) => {
    expect(findRingKm(distanceM, [5, 10, 20])).toBe(ring);
  });
});

describe(ringLabelPosition.name, () => {
  it('should sit due north of the centre, about 0.045° for 5 km', () => {
    const sut = ringLabelPosition({ lat: 30, lon: 118.5 }, 5000);
    expect(sut.lon).toBe(118.5);
    expect(sut.lat - 30).toBeCloseTo(0.0449, 3);
  });
});

describe(framingRadiusM.name, () => {
  it('should frame the ring of the best ambulance, or the outer ring when it is beyond all rings', () => {
    const item = (ring: number | null) => ({ ring }) as never;
    expect(framingRadiusM({ ringsKm: [5, 10, 20], items: [item(10), item(5)] })).toBe(10_000);
    expect(framingRadiusM({ ringsKm: [5, 10, 20], items: [item(null)] })).toBe(20_000);
    expect(framingRadiusM({ ringsKm: [5, 10, 20], items: [] })).toBe(20_000);
  });
});
