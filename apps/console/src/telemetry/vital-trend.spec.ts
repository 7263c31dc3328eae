import type { VitalsSampledEvent } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { readingsFromEvent, VitalTrends, TREND_WINDOW_MS, type VitalReading } from './vital-trend';

const T0 = Date.parse('2025-03-01T08:00:00Z');
const hr = (sec: number, value: number, late = false, over: Partial<VitalReading> = {}): VitalReading => ({
  monitorId: 'm1',
  code: 'HR',
  channel: null,
  source: null,
  value,
  unit: 'bpm',
  measuredAtMs: T0 + sec * 1000,
  flags: late ? ['late'] : [],
  ...over,
});

describe(VitalTrends.name, () => {
  it('should show the newest reading and keep the trend in time order', () => {
    const sut = new VitalTrends();
    sut.add(hr(0, 80));
    sut.add(hr(10, 90));
    expect(sut.latest('HR')?.value).toBe(90);
    expect(sut.series('HR').map((p) => p.value)).toEqual([80, 90]);
  });

  it('should back-fill a late sample into the trend without replacing the newer value', () => {
    const sut = new VitalTrends();
    sut.add(hr(0, 80));
    sut.add(hr(20, 100));
    sut.add(hr(10, 140, true));
    expect(sut.latest('HR')?.value).toBe(100);
    expect(sut.series('HR').map((p) => [p.value, p.late])).toEqual([
      [80, false],
      [140, true],
      [100, false],
    ]);
  });

  it('should keep one point when history and the live stream carry the same sample', () => {
    const sut = new VitalTrends();
    sut.add(hr(5, 80));
    sut.add(hr(5, 80));
    expect(sut.series('HR')).toHaveLength(1);
  });

  it('should drop points older than 15 minutes', () => {
    const sut = new VitalTrends();
    sut.add(hr(0, 80));
    sut.add(hr(600, 82));
    sut.trim(T0 + TREND_WINDOW_MS + 1000);
    expect(sut.series('HR').map((p) => p.value)).toEqual([82]);
  });

  it('should keep a trend per monitor and channel instead of interleaving them', () => {
    const sut = new VitalTrends();
    sut.add(hr(0, 80, false, { monitorId: 'a' }));
    sut.add(hr(1, 120, false, { monitorId: 'b' }));
    sut.add(hr(2, 81, false, { monitorId: 'a' }));
    sut.add(hr(3, 121, false, { monitorId: 'b', channel: '1.1.2.147842' }));
    expect(sut.streams('HR').map((s) => [s.monitorId, s.channel, s.series.map((p) => p.value)])).toEqual([
      ['a', null, [80, 81]],
      ['b', null, [120]],
      ['b', '1.1.2.147842', [121]],
    ]);
    // the tile stays on one stream: the first in a stable order, not whichever spoke last
    expect(sut.latest('HR')?.value).toBe(81);
    expect(sut.series('HR').map((p) => p.value)).toEqual([80, 81]);
  });

  it('should mark demo points in the trend', () => {
    const sut = new VitalTrends();
    sut.add(hr(0, 80, false, { flags: ['demo'] }));
    expect(sut.series('HR').map((p) => p.demo)).toEqual([true]);
  });

  it('should ignore a non-numeric value', () => {
    const sut = new VitalTrends();
    sut.add(hr(0, Number.NaN));
    expect(sut.latest('HR')).toBeNull();
  });
});

describe(readingsFromEvent.name, () => {
  it('should carry the event flags onto each observation', () => {
    const event: VitalsSampledEvent = {
      vehicleId: 'lh-01',
      incidentId: null,
      monitorId: 'm1',
      seq: 1,
      receivedAt: '2025-03-01T08:00:01Z',
      flags: ['demo'],
      obs: [{ code: 'SPO2', value: 97, unit: '%', measuredAt: '2025-03-01T08:00:00Z', channel: '1.3.2.150456' }],
    };
    expect(readingsFromEvent(event)).toEqual([
      { monitorId: 'm1', code: 'SPO2', channel: '1.3.2.150456', source: null, value: 97, unit: '%', measuredAtMs: T0, flags: ['demo'] },
    ]);
  });
});

describe('readingsFromEvent with a late flag', () => {
  const event = (obs: VitalsSampledEvent['obs']): VitalsSampledEvent => ({
    vehicleId: 'lh-01',
    incidentId: null,
    monitorId: 'm1',
    seq: 2,
    receivedAt: '2025-03-01T08:05:00Z',
    flags: ['late', 'demo'],
    obs,
  });

  it('should leave the flag only on the old value when a fresh one shares the message', () => {
    const sut = readingsFromEvent(
      event([
        { code: 'HR', value: 80, unit: 'bpm', measuredAt: '2025-03-01T08:04:59.800Z' },
        { code: 'NIBP_SYS', value: 130, unit: 'mmHg', measuredAt: '2025-03-01T08:01:00Z' },
      ]),
    );
    expect(sut.map((r) => [r.code, r.flags])).toEqual([
      ['HR', ['demo']],
      ['NIBP_SYS', ['late', 'demo']],
    ]);
  });

  it('should mark every value late when the whole message came from the backlog', () => {
    const sut = readingsFromEvent(
      event([
        { code: 'HR', value: 80, unit: 'bpm', measuredAt: '2025-03-01T08:01:00Z' },
        { code: 'SPO2', value: 97, unit: '%', measuredAt: '2025-03-01T08:01:00Z' },
      ]),
    );
    expect(sut.every((r) => r.flags.includes('late'))).toBe(true);
  });
});
