import { describe, expect, it } from 'vitest';
import { toGcj02, toWgs84 } from './coordinate-system';
import { distanceM } from './distance';

describe(toGcj02.name, () => {
  it('should shift a point in China by a few hundred metres when converting to GCJ-02', () => {
    const wgs84 = { lat: 30.059, lon: 118.561 };
    const sut = toGcj02(wgs84);
    const shiftM = distanceM(wgs84, sut);
    expect(shiftM).toBeGreaterThan(100);
    expect(shiftM).toBeLessThan(1000);
  });

  it('should leave a point outside China unchanged when converting', () => {
    const london = { lat: 51.5007, lon: -0.1246 };
    expect(toGcj02(london)).toEqual(london);
  });
});

describe(toWgs84.name, () => {
  it('should come back within 2 m when converting a GCJ-02 point back to WGS-84', () => {
    const wgs84 = { lat: 30.2, lon: 118.3 };
    const sut = toWgs84(toGcj02(wgs84));
    expect(distanceM(wgs84, sut)).toBeLessThan(2);
  });
});
