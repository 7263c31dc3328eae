import { GpsMessageSchema } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { type FixInput, type GpsBody, GpsMerger } from './gps';

const NOW = new Date('2026-11-22T08:00:30.000Z');

function setup() {
  const emitted: GpsBody[] = [];
  const invalid: string[] = [];
  const sut = new GpsMerger({ emit: (b) => emitted.push(b), onInvalid: (r) => invalid.push(r), now: () => NOW });
  return { sut, emitted, invalid };
}

const rmc = (ts: string, over: Partial<FixInput> = {}): FixInput => ({
  sentence: 'RMC',
  ts,
  lat: 29.8683,
  lon: 121.544,
  speedMps: 12.5,
  headingDeg: 84.4,
  fix: 'gps',
  hdop: null,
  valid: true,
  ...over,
});
const gga = (ts: string, over: Partial<FixInput> = {}): FixInput => ({
  sentence: 'GGA',
  ts,
  lat: 29.86831,
  lon: 121.54401,
  speedMps: null,
  headingDeg: null,
  fix: 'dgps',
  hdop: 0.9,
  valid: true,
  ...over,
});

describe(GpsMerger.name, () => {
  it('should merge RMC, VTG and GGA of one second into one position when the next second starts', () => {
    const { sut, emitted } = setup();
    sut.pushFix(rmc('2026-11-22T08:00:01.000Z'));
    sut.pushCourse({ speedMps: 12.6, headingDeg: 85 });
    sut.pushFix(gga('2026-11-22T08:00:01.000Z'));
    expect(emitted).toEqual([]);

    sut.pushFix(rmc('2026-11-22T08:00:02.000Z'));
    expect(emitted).toEqual([
      { ts: '2026-11-22T08:00:01.000Z', lat: 29.86831, lon: 121.54401, speedMps: 12.6, headingDeg: 85, fix: 'dgps', hdop: 0.9 },
    ]);
    expect(GpsMessageSchema.safeParse({ seq: 1, ...emitted[0] }).success).toBe(true);
  });

  it('should publish at most one position per second from a 5 Hz receiver', () => {
    const { sut, emitted } = setup();
    for (const s of [1, 2, 3]) {
      for (const ms of ['000', '200', '400', '600', '800']) sut.pushFix(rmc(`2026-11-22T08:00:0${s}.${ms}Z`));
    }
    sut.flush();
    expect(emitted.map((e) => e.ts)).toEqual(['2026-11-22T08:00:01.000Z', '2026-11-22T08:00:02.000Z', '2026-11-22T08:00:03.000Z']);
  });

  it('should count and not publish a second with an invalid fix', () => {
    const { sut, emitted, invalid } = setup();
    sut.pushFix(rmc('2026-11-22T08:00:01.000Z', { valid: false, lat: null, lon: null }));
    sut.pushFix(gga('2026-11-22T08:00:01.000Z', { valid: false, fix: 'none' }));
    sut.pushFix(rmc('2026-11-22T08:00:02.000Z'));
    sut.flush();
    expect(invalid).toEqual(['invalid fix']);
    expect(emitted.map((e) => e.ts)).toEqual(['2026-11-22T08:00:02.000Z']);
  });

  it('should publish the last second when the stream goes quiet', () => {
    const { sut, emitted } = setup();
    sut.pushFix(rmc('2026-11-22T08:00:05.000Z'));
    sut.flush();
    expect(emitted).toHaveLength(1);
    sut.flush();
    expect(emitted).toHaveLength(1);
  });

  it('should not go back in time when the receiver repeats an older second', () => {
    const { sut, emitted } = setup();
    sut.pushFix(rmc('2026-11-22T08:00:05.000Z'));
    sut.pushFix(rmc('2026-11-22T08:00:04.000Z'));
    sut.flush();
    expect(emitted.map((e) => e.ts)).toEqual(['2026-11-22T08:00:05.000Z']);
  });

  it('should go by the gateway clock, one position per second, when the receiver never sent a date', () => {
    let now = new Date('2026-11-22T08:00:30.200Z');
    const emitted: GpsBody[] = [];
    const sut = new GpsMerger({ emit: (b) => emitted.push(b), onInvalid: () => undefined, now: () => now });
    sut.pushFix(gga('', { ts: null }));
    now = new Date('2026-11-22T08:00:30.700Z');
    sut.pushFix(gga('', { ts: null }));
    now = new Date('2026-11-22T08:00:31.200Z');
    sut.pushFix(gga('', { ts: null, lat: 29.9 }));
    sut.flush();
    expect(emitted.map((e) => [e.ts, e.lat])).toEqual([
      ['2026-11-22T08:00:30.200Z', 29.86831],
      ['2026-11-22T08:00:31.200Z', 29.9],
    ]);
  });

  it('should drop an impossible speed and fold the heading into 0-360', () => {
    const { sut, emitted } = setup();
    sut.pushFix(rmc('2026-11-22T08:00:05.000Z', { speedMps: 250, headingDeg: 360 }));
    sut.flush();
    expect(emitted[0]).toEqual({ ts: '2026-11-22T08:00:05.000Z', lat: 29.8683, lon: 121.544, headingDeg: 0, fix: 'gps' });
  });
});
