import { describe, expect, it } from 'vitest';
import { recordKey, toVitalsRecord, toVitalsSampledEvent, toWaveformRecord } from './telemetry-records';

const receivedAt = new Date('2026-11-22T10:00:40.000Z');

describe(toVitalsRecord.name, () => {
  it('should take each observation time from obs.ts and fall back to the message ts', () => {
    const sut = toVitalsRecord(
      'lh-01',
      {
        seq: 7,
        ts: '2026-11-22T10:00:39.000Z',
        monitorId: 'mon-1',
        obs: [
          { code: 'HR', value: 88, unit: '/min' },
          { code: 'NIBP_SYS', value: 132, unit: 'mm[Hg]', ts: '2026-11-22T09:58:00.000Z' },
        ],
      },
      receivedAt,
      30,
      null,
    );
    expect(sut.rows.map((r) => r.measuredAt.toISOString())).toEqual(['2026-11-22T10:00:39.000Z', '2026-11-22T09:58:00.000Z']);
    // the NIBP reading is 160 s old on arrival: late; the HR of the same message is not
    expect(sut.rows.map((r) => r.flags)).toEqual([[], ['late']]);
    expect(sut.flags).toEqual(['late']);
  });

  it('should keep the demo flag and add late when the whole message arrives after an outage', () => {
    const sut = toVitalsRecord(
      'lh-01',
      { seq: 8, ts: '2026-11-22T09:00:00.000Z', monitorId: 'm', obs: [{ code: 'SPO2', value: 97, unit: '%', flags: ['demo'] }] },
      receivedAt,
      30,
      '6f1c8a52-5f3e-4d36-9a55-0d1f1f3e2a10',
    );
    expect(sut.rows[0]!.flags).toEqual(['late', 'demo']);
    expect(toVitalsSampledEvent(sut)).toMatchObject({
      incidentId: '6f1c8a52-5f3e-4d36-9a55-0d1f1f3e2a10',
      flags: ['late', 'demo'],
      obs: [{ code: 'SPO2', value: 97, unit: '%', measuredAt: '2026-11-22T09:00:00.000Z' }],
    });
  });

  it("should carry each observation's channel and pulse source into the stored row and the live event", () => {
    const sut = toVitalsRecord(
      'lh-01',
      {
        seq: 10,
        ts: '2026-11-22T10:00:39.000Z',
        monitorId: 'comen',
        obs: [
          { code: 'SPO2', value: 97, unit: '%', channel: '1.3.1.150456' },
          { code: 'SPO2', value: 95, unit: '%', channel: '1.3.2.150456' },
          { code: 'PR', value: 59, unit: '/min', source: 'spo2' },
        ],
      },
      receivedAt,
      30,
      null,
    );
    expect(sut.rows.map((r) => [r.code, r.channel, r.source])).toEqual([
      ['SPO2', '1.3.1.150456', null],
      ['SPO2', '1.3.2.150456', null],
      ['PR', null, 'spo2'],
    ]);
    expect(toVitalsSampledEvent(sut).obs).toEqual([
      { code: 'SPO2', value: 97, unit: '%', measuredAt: '2026-11-22T10:00:39.000Z', channel: '1.3.1.150456' },
      { code: 'SPO2', value: 95, unit: '%', measuredAt: '2026-11-22T10:00:39.000Z', channel: '1.3.2.150456' },
      { code: 'PR', value: 59, unit: '/min', measuredAt: '2026-11-22T10:00:39.000Z', source: 'spo2' },
    ]);
  });

  it('should flag a monitor clock 10 minutes slow as clock_skew, not late, when its stream is live', () => {
    const tenMinSlow = { seq: 9, ts: '2026-11-22T09:50:39.900Z', monitorId: 'm', obs: [{ code: 'HR' as const, value: 80, unit: '/min' }] };
    const sut = toVitalsRecord('lh-01', tenMinSlow, receivedAt, 30, null, 600_000);
    expect(sut.rows[0]!.flags).toEqual(['clock_skew']);
    expect(sut.measuredAt.toISOString()).toBe('2026-11-22T09:50:39.900Z'); // stored as stamped
    // the same clock, a sample held back a minute by a dead zone: late as well
    const held = toVitalsRecord('lh-01', { ...tenMinSlow, ts: '2026-11-22T09:49:39.900Z' }, receivedAt, 30, null, 600_000);
    expect(held.flags).toEqual(['late', 'clock_skew']);
  });

  it('should flag a clock two hours ahead as clock_skew', () => {
    const ahead = { seq: 3, t0: '2026-11-22T12:00:39.000Z', monitorId: 'm', hz: 250, leads: ['II' as const], lsbUv: 5, data: 'AAA=' };
    expect(toWaveformRecord('lh-01', ahead, receivedAt, 30, null, -7_199_000).flags).toEqual(['clock_skew']);
  });

  it('should strip NUL characters PostgreSQL text cannot hold', () => {
    const sut = toVitalsRecord('lh-01', { seq: 1, ts: receivedAt.toISOString(), monitorId: 'm\0x', obs: [{ code: 'HR', value: 1, unit: '/\0min' }] }, receivedAt, 30, null);
    expect([sut.monitorId, sut.rows[0]!.unit]).toEqual(['mx', '/min']);
  });
});

describe(recordKey.name, () => {
  it('should give a resend the same key and a reused seq with another time a different one', () => {
    const msg = { seq: 5, t0: '2026-11-22T10:00:00.000Z', monitorId: 'm', hz: 500, leads: ['II' as const], lsbUv: 5, data: 'AAA=' };
    const a = toWaveformRecord('lh-02', msg, receivedAt, 30, null);
    const b = toWaveformRecord('lh-02', msg, new Date(receivedAt.getTime() + 60_000), 30, null);
    const c = toWaveformRecord('lh-02', { ...msg, t0: '2026-11-22T10:00:00.200Z' }, receivedAt, 30, null);
    expect(recordKey(a)).toBe(recordKey(b));
    expect(recordKey(a)).not.toBe(recordKey(c));
  });
});
