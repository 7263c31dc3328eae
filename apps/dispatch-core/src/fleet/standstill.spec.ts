import { describe, expect, it } from 'vitest';
import { isStandingStill, type TrackFix } from './standstill';

const t = (s: number) => new Date(Date.UTC(2026, 10, 22, 8, 0, 0) + s * 1000);
// about 11 m per 0.0001° of latitude
const fix = (s: number, dLat: number, speedMps: number | null): TrackFix => ({ lat: 30.06 + dLat, lon: 118.55, speedMps, measuredAt: t(s) });

describe(isStandingStill.name, () => {
  it('should take an ambulance without any fix as standing at its station', () => {
    expect(isStandingStill([])).toBe(true);
  });

  it('should take parked fixes with GPS jitter as standing', () => {
    expect(isStandingStill([fix(0, 0, 0), fix(20, 0.0001, 0.3), fix(40, -0.0001, 0), fix(60, 0, 0.2)])).toBe(true);
  });

  it('should take an ambulance whose latest fix moves as moving', () => {
    expect(isStandingStill([fix(0, 0, 0), fix(60, 0, 12)])).toBe(false);
  });

  it('should take an ambulance stopped at a light after driving within the minute as moving', () => {
    expect(isStandingStill([fix(0, -0.004, 12), fix(50, 0, 0.5), fix(55, 0, 0)])).toBe(false);
  });

  it('should forget movement more than a minute before its latest fix', () => {
    expect(isStandingStill([fix(0, -0.004, 12), fix(61, 0, 0), fix(120, 0, 0)])).toBe(true);
  });

  it('should judge fixes without a speed by how far they lie from the latest', () => {
    expect(isStandingStill([fix(0, 0.0002, null), fix(30, 0, null)])).toBe(true);
    expect(isStandingStill([fix(0, 0.002, null), fix(30, 0, null)])).toBe(false);
  });

  it('should read the fixes in any order', () => {
    expect(isStandingStill([fix(60, 0, 12), fix(0, 0, 0)])).toBe(false);
  });
});
