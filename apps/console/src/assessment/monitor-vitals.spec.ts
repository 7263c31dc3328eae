import type { VitalsSampledEvent } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { freshMonitorValues, isDemoMonitor, MONITOR_FRESH_MS, noteMonitorVitals } from './monitor-vitals';

const T0 = Date.parse('2026-03-01T08:00:00.000Z');

function event(obs: Array<[string, number, number]>, flags: VitalsSampledEvent['flags'] = []): VitalsSampledEvent {
  return {
    vehicleId: 'lh-01',
    incidentId: null,
    monitorId: 'm1',
    seq: 1,
    receivedAt: new Date(T0).toISOString(),
    flags,
    obs: obs.map(([code, value, atMs]) => ({ code: code as 'HR', value, unit: '', measuredAt: new Date(atMs).toISOString() })),
  };
}

describe(noteMonitorVitals.name, () => {
  it('should map monitor codes to the assessment fields, temperature to 0.1', () => {
    const sut = noteMonitorVitals({}, event([['HR', 96.4, T0], ['NIBP_SYS', 148, T0], ['TEMP', 36.84, T0], ['ETCO2', 34, T0]]));
    expect(freshMonitorValues(sut, T0)).toEqual({ heartRateBpm: 96, systolicMmHg: 148, temperatureC: 36.8 });
  });

  it('should keep the newer reading when a late one arrives', () => {
    const fresh = noteMonitorVitals({}, event([['HR', 90, T0]]));
    const sut = noteMonitorVitals(fresh, event([['HR', 120, T0 - 60_000]], ['late']));
    expect(freshMonitorValues(sut, T0).heartRateBpm).toBe(90);
  });

  it('should not offer readings older than the freshness limit', () => {
    const sut = noteMonitorVitals({}, event([['HR', 90, T0]]));
    expect(freshMonitorValues(sut, T0 + MONITOR_FRESH_MS + 1)).toEqual({});
  });

  it('should say when the readings are demo data', () => {
    expect(isDemoMonitor(noteMonitorVitals({}, event([['HR', 90, T0]], ['demo'])))).toBe(true);
  });
});
