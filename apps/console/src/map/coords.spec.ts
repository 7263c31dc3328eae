import { describe, expect, it } from 'vitest';
import { createProjector, createUnprojector } from './coords';

describe('createProjector', () => {
  it('should leave WGS-84 coordinates untouched for WGS-84 tiles', () => {
    expect(createProjector('WGS84')(30.05, 118.55)).toEqual([30.05, 118.55]);
  });

  it('should shift a point in China by a few hundred metres for GCJ-02 tiles', () => {
    const [lat, lon] = createProjector('GCJ02')(30.05, 118.55);
    // The GCJ-02 offset in eastern China is roughly -0.002..-0.003° lat, +0.004..0.006° lon.
    expect(lat - 30.05).toBeLessThan(0);
    expect(lat - 30.05).toBeGreaterThan(-0.01);
    expect(lon - 118.55).toBeGreaterThan(0.002);
    expect(lon - 118.55).toBeLessThan(0.01);
  });
});

describe('createUnprojector', () => {
  it('should send a click on GCJ-02 tiles back to the WGS-84 point it was drawn from (within a metre)', () => {
    const [lat, lon] = createProjector('GCJ02')(30.05, 118.55);
    const back = createUnprojector('GCJ02')(lat, lon);
    expect(Math.abs(back.lat - 30.05)).toBeLessThan(1e-5);
    expect(Math.abs(back.lon - 118.55)).toBeLessThan(1e-5);
  });

  it('should pass WGS-84 clicks through', () => {
    expect(createUnprojector('WGS84')(30.05, 118.55)).toEqual({ lat: 30.05, lon: 118.55 });
  });
});
