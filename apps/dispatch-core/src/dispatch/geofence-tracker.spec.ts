import { describe, expect, it } from 'vitest';
import { GeofenceTracker } from './geofence-tracker';

const t = (s: number) => new Date(Date.UTC(2026, 10, 22, 8, 0, s));

describe(GeofenceTracker.name, () => {
  it('should report the entry time once the vehicle has stayed inside for the dwell', () => {
    const sut = new GeofenceTracker(30_000);
    expect(sut.update('v', 'scene', true, t(0))).toBeNull();
    expect(sut.update('v', 'scene', true, t(29))).toBeNull();
    expect(sut.update('v', 'scene', true, t(30))).toEqual(t(0));
    expect(sut.update('v', 'scene', true, t(45))).toBeNull(); // once
  });

  it('should start over when the vehicle leaves before the dwell', () => {
    const sut = new GeofenceTracker(30_000);
    sut.update('v', 'scene', true, t(0));
    sut.update('v', 'scene', false, t(10));
    expect(sut.update('v', 'scene', true, t(20))).toBeNull();
    expect(sut.update('v', 'scene', true, t(50))).toEqual(t(20));
  });

  it('should keep vehicles apart and start over for a new fence', () => {
    const sut = new GeofenceTracker(10_000);
    sut.update('a', 'scene', true, t(0));
    sut.update('b', 'scene', true, t(5));
    expect(sut.update('a', 'hospital', true, t(10))).toBeNull();
    expect(sut.update('b', 'scene', true, t(15))).toEqual(t(5));
  });

  it('should count the dwell from the earliest fix inside when fixes arrive out of order', () => {
    const sut = new GeofenceTracker(2_000);
    expect(sut.update('v', 'hospital', true, t(2))).toBeNull();
    expect(sut.update('v', 'hospital', true, t(0))).toEqual(t(0));
  });
});
