import { VITAL_CODES, type VitalCode } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { parseHl7Message } from './message';
import type { Hl7Message } from './types';
import { formatNm, writeHl7Alarm, writeHl7Vitals, writeHl7Waveform } from './writer';

const time = new Date('2026-11-22T08:15:30.250Z');
const SAMPLE: Record<VitalCode, number> = {
  HR: 88,
  PR: 87,
  SPO2: 96,
  RR: 18,
  NIBP_SYS: 132,
  NIBP_DIA: 84,
  NIBP_MEAN: 100,
  IBP_SYS: 128,
  IBP_DIA: 70,
  IBP_MEAN: 89,
  TEMP: 37.4,
  ETCO2: 36,
  PI: 2.15,
};

function parsed(text: string): Hl7Message {
  const r = parseHl7Message(text);
  if (!r.ok) throw new Error(`${r.code}: ${r.detail}`);
  return r.message;
}

describe(writeHl7Vitals.name, () => {
  it.each([
    { nibpFamily: 'noninv', unitStyle: 'mdc', segmentEnd: '\r' },
    { nibpFamily: 'cuff', unitStyle: 'ucum', segmentEnd: '\n' },
    { nibpFamily: 'cuff', unitStyle: 'mdc', segmentEnd: '\r\n' },
  ] as const)('should read back every vital when written with $nibpFamily / $unitStyle units', (style) => {
    const observations = VITAL_CODES.map((code) => ({ code, value: SAMPLE[code] }));
    const sut = parsed(writeHl7Vitals({ controlId: 'c1', time, observations, ...style }));
    expect(sut).toMatchObject({ kind: 'vitals', controlId: 'c1', messageTime: time.toISOString(), demo: false, ignored: [] });
    if (sut.kind !== 'vitals') return;
    expect(sut.observations.map((o) => [o.code, o.value])).toEqual(VITAL_CODES.map((c) => [c, SAMPLE[c]]));
    expect(sut.observations.every((o) => o.measuredAt === time.toISOString())).toBe(true);
    const nibpMdc = sut.observations.find((o) => o.code === 'NIBP_SYS')!.mdc;
    expect(nibpMdc).toBe(style.nibpFamily === 'cuff' ? 150301 : 150021);
  });

  it('should carry per-observation times, demo flags and the ack mode when asked', () => {
    const nibpAt = new Date('2026-11-22T08:10:00Z');
    const text = writeHl7Vitals({
      controlId: 'a|b',
      time,
      demo: true,
      ackMode: 'NE',
      observations: [{ code: 'NIBP_SYS', value: 120, time: nibpAt }],
    });
    const r = parseHl7Message(text);
    expect(r.ack).toBeNull();
    expect(r).toMatchObject({
      ok: true,
      message: { controlId: 'a|b', demo: true, observations: [{ code: 'NIBP_SYS', value: 120, flags: ['demo'], measuredAt: nibpAt.toISOString() }] },
    });
  });
});

describe(writeHl7Waveform.name, () => {
  it('should read back counts, rate, resolution and invalid samples', () => {
    const ecg = [0, 12, -40, 244, 32767, -32768, 5];
    const text = writeHl7Waveform({
      controlId: 'w1',
      t0: time,
      hz: 250,
      channels: [
        { lead: 'II', resolution: 0.001221, samples: ecg },
        { lead: 'PLETH', resolution: 1, samples: [Number.NaN, 40000, 1.4] },
        { lead: 'RESP', resolution: 0.5, samples: Int16Array.from([1, 2, 3]) },
      ],
    });
    const sut = parsed(text);
    expect(sut).toMatchObject({ kind: 'waveform', controlId: 'w1', t0: time.toISOString() });
    if (sut.kind !== 'waveform') return;
    expect(sut.channels.map((c) => [c.lead, c.hz, c.resolution, c.unit, c.invalidSampleCount])).toEqual([
      ['II', 250, 0.001221, 'mV', 1],
      ['PLETH', 250, 1, '1', 2],
      ['RESP', 250, 0.5, '1', 0],
    ]);
    expect(Array.from(sut.channels[0]!.samples)).toEqual(ecg);
    expect(Array.from(sut.channels[1]!.samples)).toEqual([32767, 32767, 1]);
  });
});

describe(writeHl7Alarm.name, () => {
  it('should read back the alarm code, name, priority and kind', () => {
    const sut = parsed(writeHl7Alarm({ controlId: 'al1', time, alarmMdc: 196680, alarmName: 'MDC_EVT_LEAD_OFF', priority: 'PM', technical: true }));
    expect(sut).toMatchObject({ kind: 'alarm', alarmCode: 196680, alarmName: 'MDC_EVT_LEAD_OFF', priority: 'PM', technical: true, phase: 'start' });
  });

  it('should keep separators in the alarm name by escaping them', () => {
    const sut = parsed(writeHl7Alarm({ controlId: 'al2', time, alarmMdc: 196650, alarmName: 'HR^high|>120', priority: 'PH', technical: false }));
    expect(sut).toMatchObject({ alarmName: 'HR^high|>120', technical: false, priority: 'PH' });
  });
});

describe(formatNm.name, () => {
  it.each([
    [72, '72'],
    [0.94, '0.94'],
    [1e-7, '0'],
    [1.5e-5, '0.000015'],
    [Number.NaN, ''],
  ])('should write %d as %j', (value, text) => {
    expect(formatNm(value)).toBe(text);
  });
});
