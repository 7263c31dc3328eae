import { VITAL_SIGNS, type VitalCode } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { describeAge, formatVitalValue, vitalTiles, type VitalTileModel } from './vital-display';
import { VitalTrends, type VitalReading } from './vital-trend';

describe(formatVitalValue.name, () => {
  it('should use the decimals of the vital-sign table and a dash when missing', () => {
    expect(formatVitalValue('TEMP', 36.84)).toBe('36.8');
    expect(formatVitalValue('HR', 88.4)).toBe('88');
    expect(formatVitalValue('SPO2', null)).toBe('—');
  });
});

describe(describeAge.name, () => {
  it.each([
    [5_000, { n: 5, unit: 'sec' }],
    [125_000, { n: 2, unit: 'min' }],
    [7_300_000, { n: 2, unit: 'hour' }],
    [-3_000, { n: 0, unit: 'sec' }],
  ] as const)('should describe a reading %i ms old as %j', (ageMs, expected) => {
    expect(describeAge(1_000_000 - ageMs, 1_000_000)).toEqual(expected);
  });
});

describe(vitalTiles.name, () => {
  const T0 = Date.parse('2025-03-01T08:00:00Z');
  const reading = (code: VitalCode, value: number, sec: number, over: Partial<VitalReading> = {}): VitalReading => ({
    monitorId: 'mon-1',
    code,
    channel: null,
    source: null,
    value,
    unit: VITAL_SIGNS[code].ucum,
    measuredAtMs: T0 + sec * 1000,
    flags: [],
    ...over,
  });
  const tilesOf = (...readings: VitalReading[]) => {
    const trends = new VitalTrends();
    readings.forEach((r) => trends.add(r));
    return vitalTiles(trends);
  };
  const tile = (tiles: VitalTileModel[], id: VitalTileModel['id']) => tiles.find((t) => t.id === id);
  const shown = (t: VitalTileModel | undefined) => t?.values.map((v) => formatVitalValue(v.code, v.reading?.value));

  it('should show the ECG heart rate when the monitor sends one, with the pulse rate beside it', () => {
    const sut = tilesOf(reading('HR', 78, 0), reading('PR', 80, 0, { source: 'spo2' }));
    expect(tile(sut, 'HR')).toMatchObject({ label: 'HR', source: null });
    expect(shown(tile(sut, 'HR'))).toEqual(['78']);
  });

  it('should fall back to the pulse rate, labelled PR with its source, when the ECG rate is missing', () => {
    const sut = tilesOf(reading('PR', 94, 0, { source: 'spo2' }), reading('SPO2', 99, 0));
    expect(tile(sut, 'HR')).toMatchObject({ label: 'PR', source: 'spo2' });
    expect(shown(tile(sut, 'HR'))).toEqual(['94']);
  });

  it('should fall back to the pulse rate when the ECG rate stopped a minute before it (leads off)', () => {
    const sut = tilesOf(reading('HR', 78, 0), reading('PR', 81, 120, { source: 'spo2' }));
    expect(tile(sut, 'HR')).toMatchObject({ label: 'PR' });
    expect(shown(tile(sut, 'HR'))).toEqual(['81']);
  });

  it("should show a real pulse rate rather than a demo monitor's heart rate", () => {
    const sut = tilesOf(
      reading('HR', 120, 0, { monitorId: 'demo-mon', flags: ['demo'] }),
      reading('PR', 84, 0, { monitorId: 'real-mon', source: 'spo2' }),
    );
    expect(tile(sut, 'HR')).toMatchObject({ label: 'PR', source: 'spo2', demo: false, origin: 'real-mon' });
    expect(shown(tile(sut, 'HR'))).toEqual(['84']);
  });

  it('should keep the heart rate when the pulse rate is demo too, or the real pulse rate stopped a minute before it', () => {
    const bothDemo = tilesOf(reading('HR', 120, 0, { flags: ['demo'] }), reading('PR', 84, 0, { flags: ['demo'] }));
    expect(tile(bothDemo, 'HR')).toMatchObject({ label: 'HR', demo: true });
    const oldRealPulse = tilesOf(reading('PR', 84, 0, { monitorId: 'real-mon' }), reading('HR', 120, 90, { monitorId: 'demo-mon', flags: ['demo'] }));
    expect(tile(oldRealPulse, 'HR')).toMatchObject({ label: 'HR', demo: true });
  });

  it('should show invasive arterial pressure only when the monitor sends it', () => {
    expect(tile(tilesOf(reading('NIBP_SYS', 120, 0)), 'IBP')).toBeUndefined();
    const sut = tilesOf(reading('IBP_SYS', 142, 0), reading('IBP_DIA', 71, 0));
    expect(shown(tile(sut, 'IBP'))).toEqual(['142', '71']);
  });

  it('should pair the diastolic with the systolic of the same monitor, never another monitor', () => {
    const sut = tilesOf(
      reading('NIBP_SYS', 150, 0, { monitorId: 'a', channel: '1.1.9.150301' }),
      reading('NIBP_DIA', 95, 0, { monitorId: 'a', channel: '1.1.9.150302' }),
      reading('NIBP_DIA', 60, 5, { monitorId: 'b', channel: '1.1.1.2' }),
    );
    expect(shown(tile(sut, 'NIBP'))).toEqual(['150', '95']);
  });

  it('should mark a tile demo when its shown reading is demo data, and not the real tiles beside it', () => {
    const sut = tilesOf(
      reading('PR', 72, 0, { monitorId: 'demo-mon', flags: ['demo'] }),
      reading('SPO2', 96, 0, { monitorId: 'real-mon' }),
    );
    expect(tile(sut, 'HR')?.demo).toBe(true);
    expect(tile(sut, 'SPO2')?.demo).toBe(false);
  });

  it('should show the real monitor rather than the demo one when both send the same sign', () => {
    const sut = tilesOf(
      reading('SPO2', 99, 0, { monitorId: 'a-demo', flags: ['demo'] }),
      reading('SPO2', 91, 0, { monitorId: 'b-real' }),
    );
    expect(tile(sut, 'SPO2')).toMatchObject({ demo: false });
    expect(shown(tile(sut, 'SPO2'))).toEqual(['91']);
  });
});
