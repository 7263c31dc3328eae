import { describe, expect, it } from 'vitest';
import { bearingDeg, distanceM, normaliseHeadingDeg } from './distance';

describe(distanceM.name, () => {
  it.each([
    // one degree of longitude on the equator, sphere of mean radius 6371.0088 km
    { from: { lat: 0, lon: 0 }, to: { lat: 0, lon: 1 }, expectedM: 111_195 },
    // 天安门 → 上海人民广场, great-circle about 1,067 km (published figure)
    { from: { lat: 39.9042, lon: 116.4074 }, to: { lat: 31.2304, lon: 121.4737 }, expectedM: 1_067_000 },
    // one minute of latitude is about one nautical mile (1,852 m)
    { from: { lat: 30, lon: 118.5 }, to: { lat: 30 + 1 / 60, lon: 118.5 }, expectedM: 1_853 },
  ])('should be within 0.5% of $expectedM m when measuring a known pair', ({ from, to, expectedM }) => {
    const sut = distanceM(from, to);
    expect(Math.abs(sut - expectedM) / expectedM).toBeLessThan(0.005);
  });

  it('should be symmetric and zero for the same point when measuring', () => {
    const a = { lat: 30.05, lon: 118.55 };
    const b = { lat: 30.2, lon: 118.7 };
    expect(distanceM(a, b)).toBeCloseTo(distanceM(b, a), 6);
    expect(distanceM(a, a)).toBe(0);
  });
});

describe(bearingDeg.name, () => {
  it.each([
    { towards: 'north', to: { lat: 30.1, lon: 118.55 }, expected: 0 },
    { towards: 'east', to: { lat: 30.05, lon: 118.6 }, expected: 90 },
    { towards: 'south', to: { lat: 30.0, lon: 118.55 }, expected: 180 },
    { towards: 'west', to: { lat: 30.05, lon: 118.5 }, expected: 270 },
  ])('should give about $expected° when heading $towards', ({ to, expected }) => {
    const sut = bearingDeg({ lat: 30.05, lon: 118.55 }, to);
    expect(sut).toBeGreaterThanOrEqual(0);
    expect(sut).toBeLessThan(360);
    expect(Math.abs(sut - expected)).toBeLessThan(0.5);
  });
});

describe(normaliseHeadingDeg.name, () => {
  it.each([
    [-90, 270],
    [360, 0],
    [725, 5],
    [-1e-15, 0],
  ])('should fold %d° into %d°', (input, expected) => {
    expect(normaliseHeadingDeg(input)).toBeCloseTo(expected, 9);
    expect(normaliseHeadingDeg(input)).toBeLessThan(360);
  });
});
