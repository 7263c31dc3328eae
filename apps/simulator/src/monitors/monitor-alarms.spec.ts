import { AlarmMessageSchema } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random';
import { type AlarmChange, MonitorAlarmDetector, toAlarmMessage } from './monitor-alarms';
import { PatientScenario, type PhysiologySnapshot, type ScenarioKind } from './patient-scenario';

const START_MS = Date.parse('2026-11-22T08:00:00Z');

const calm: Omit<PhysiologySnapshot, 'atMs'> = {
  heartRateBpm: 80,
  pulseRateBpm: 80,
  spo2Pct: 97,
  respRateBpm: 16,
  tempC: 36.8,
  etco2MmHg: 37,
  st: 'none',
  nibp: null,
};

/** One snapshot a second from `fromS`, each with the vitals `at(second)` says. */
function seconds(fromS: number, values: Array<Partial<Omit<PhysiologySnapshot, 'atMs'>>>): PhysiologySnapshot[] {
  return values.map((v, i) => ({ ...calm, ...v, atMs: START_MS + (fromS + i) * 1000 }));
}

const heartRates = (fromS: number, ...bpm: number[]) => seconds(fromS, bpm.map((heartRateBpm) => ({ heartRateBpm })));
const nibp = (systolicMmHg: number, atS: number) => ({ systolicMmHg, diastolicMmHg: 50, meanMmHg: 63, measuredAtMs: START_MS + atS * 1000 });
const summary = (changes: AlarmChange[]) => changes.map((c) => [c.rule.id, c.state, (c.atMs - START_MS) / 1000, c.value]);

function feed(sut: MonitorAlarmDetector, snapshots: PhysiologySnapshot[]): AlarmChange[] {
  return snapshots.flatMap((s) => sut.observe(s));
}

/** The alarms a monitor raises over `minutes` of a seeded scenario, sampled once a second. */
function alarmsOf(kind: ScenarioKind, minutes: number, seed = 11): AlarmChange[] {
  const patient = new PatientScenario({ kind, startMs: START_MS, random: seededRandom(seed) });
  const sut = new MonitorAlarmDetector();
  return Array.from({ length: minutes * 60 }, (_, i) => sut.observe(patient.advance(START_MS + (i + 1) * 1000))).flat();
}

describe(MonitorAlarmDetector.name, () => {
  it('should raise tachycardia once, with the heart rate, when HR stays above 130 past the alarm delay', () => {
    const sut = new MonitorAlarmDetector();
    const changes = feed(sut, heartRates(0, 128, 131, 133, 134, 135, 136, 138, 137, 139));
    // above the limit from second 1; the 5 s delay is over at second 6
    expect(summary(changes)).toEqual([['tachycardia', 'active', 6, 138]]);
    expect(changes[0]!.rule).toMatchObject({ priority: 'medium', vital: 'HR', event: { name: 'MDC_EVT_HI' } });
    expect(sut.active.map((r) => r.id)).toEqual(['tachycardia']);
  });

  it('should not raise an alarm when HR is above the limit for less than the alarm delay', () => {
    const sut = new MonitorAlarmDetector();
    expect(feed(sut, heartRates(0, 131, 140, 135, 132, 130, 131, 133, 129, 120))).toEqual([]);
  });

  it('should keep the alarm on while HR hovers around the limit, and end it once when HR is back below 125 for 10 s', () => {
    const sut = new MonitorAlarmDetector();
    feed(sut, heartRates(0, 135, 135, 135, 135, 135, 135));
    // hovering at the limit and briefly inside the hysteresis margin: no end, no new start
    expect(feed(sut, heartRates(6, 129, 131, 127, 132, 126, 130, 124, 124, 128, 131))).toEqual([]);
    const changes = feed(sut, heartRates(16, ...Array<number>(12).fill(122)));
    // back at ≤ 125 from second 16; over after 10 s of it
    expect(summary(changes)).toEqual([['tachycardia', 'inactive', 26, 122]]);
    expect(sut.active).toEqual([]);
  });

  it('should judge the value as the monitor shows it, rounded', () => {
    const sut = new MonitorAlarmDetector();
    // 130.4 shows as 130, which is not above 130
    expect(feed(sut, heartRates(0, ...Array<number>(10).fill(130.4)))).toEqual([]);
    expect(summary(feed(sut, heartRates(10, ...Array<number>(6).fill(130.6))))).toEqual([['tachycardia', 'active', 15, 131]]);
  });

  it('should raise SpO2 low at high priority after 10 s below 90 and end it at 92 and above', () => {
    const sut = new MonitorAlarmDetector();
    const low = seconds(0, Array.from({ length: 12 }, () => ({ spo2Pct: 88 })));
    const partial = seconds(12, Array.from({ length: 15 }, () => ({ spo2Pct: 91 })));
    const back = seconds(27, Array.from({ length: 11 }, () => ({ spo2Pct: 93 })));
    const changes = feed(sut, [...low, ...partial, ...back]);
    expect(summary(changes)).toEqual([
      ['spo2_low', 'active', 10, 88],
      ['spo2_low', 'inactive', 37, 93],
    ]);
    expect(changes[0]!.rule).toMatchObject({ priority: 'high', vital: 'SPO2', event: { name: 'MDC_EVT_LO' } });
  });

  it('should raise NIBP systolic low on the cuff reading itself and end it only on a reading of 95 or more', () => {
    const sut = new MonitorAlarmDetector();
    // no reading yet: nothing to judge
    expect(feed(sut, seconds(0, [{}, {}]))).toEqual([]);
    const changes = feed(sut, [
      ...seconds(2, [{ nibp: nibp(94, 2) }, { nibp: nibp(94, 2) }]),
      ...seconds(180, [{ nibp: nibp(88, 180) }, { nibp: nibp(88, 180) }]),
      // 92 is above the limit but inside the margin: still low
      ...seconds(360, [{ nibp: nibp(92, 360) }, { nibp: nibp(92, 360) }]),
      ...seconds(540, [{ nibp: nibp(97, 540) }]),
    ]);
    expect(summary(changes)).toEqual([
      ['nibp_sys_low', 'active', 180, 88],
      ['nibp_sys_low', 'inactive', 540, 97],
    ]);
  });

  it('should end every alarm that is on, with its last value, when the monitor is taken off', () => {
    const sut = new MonitorAlarmDetector();
    feed(sut, seconds(0, Array.from({ length: 12 }, (_, i) => ({ heartRateBpm: 140, spo2Pct: 85, nibp: i > 0 ? nibp(80, 1) : null }))));
    expect(sut.active.map((r) => r.id).sort()).toEqual(['nibp_sys_low', 'spo2_low', 'tachycardia']);
    expect(summary(sut.end(START_MS + 20_000)).sort()).toEqual([
      ['nibp_sys_low', 'inactive', 20, 80],
      ['spo2_low', 'inactive', 20, 85],
      ['tachycardia', 'inactive', 20, 140],
    ]);
    expect(sut.end(START_MS + 21_000)).toEqual([]);
  });

  it('should raise low blood pressure and then tachycardia in haemorrhagic shock, each once and never flapping', () => {
    const changes = alarmsOf('haemorrhagic_shock', 20);
    const byRule = (id: string) => changes.filter((c) => c.rule.id === id);
    // SBP 100 → 70 and HR 110 → 145 over 20 min: below 90 after ~7 min, above 130 after ~11
    expect(byRule('nibp_sys_low').map((c) => c.state)).toEqual(['active']);
    expect(byRule('tachycardia').map((c) => c.state)).toEqual(['active']);
    const minuteOf = (id: string) => (byRule(id)[0]!.atMs - START_MS) / 60_000;
    expect(minuteOf('nibp_sys_low')).toBeGreaterThan(5);
    expect(minuteOf('nibp_sys_low')).toBeLessThan(12);
    expect(minuteOf('tachycardia')).toBeGreaterThan(10);
    expect(minuteOf('tachycardia')).toBeLessThan(14);
    expect(byRule('tachycardia')[0]!.value).toBeGreaterThan(130);
    expect(byRule('nibp_sys_low')[0]!.value).toBeLessThan(90);
  });

  it('should raise the same alarms at the same times when the scenario is run again with the same seed', () => {
    expect(summary(alarmsOf('haemorrhagic_shock', 20, 7))).toEqual(summary(alarmsOf('haemorrhagic_shock', 20, 7)));
  });

  it.each<ScenarioKind>(['normal', 'stemi', 'stroke'])('should raise no alarm over 30 min when the scenario is %s', (kind) => {
    for (const seed of [1, 2, 3]) expect(summary(alarmsOf(kind, 30, seed))).toEqual([]);
  });
});

describe(toAlarmMessage.name, () => {
  it("should write a start and an end as the contract's alarm message, demo-flagged when the monitor is a demo", () => {
    const sut = new MonitorAlarmDetector();
    const [start] = feed(sut, seconds(0, [{ nibp: nibp(86, 0) }]));
    const [end] = feed(sut, seconds(200, [{ nibp: nibp(101, 200) }]));

    expect(AlarmMessageSchema.parse({ ...toAlarmMessage(start!, 'lh-03-mon', true), seq: 1 })).toEqual({
      seq: 1,
      ts: '2026-11-22T08:00:00.000Z',
      monitorId: 'lh-03-mon',
      code: 196670,
      name: 'MDC_EVT_LO',
      text: 'NIBP-S < 90',
      priority: 'high',
      technical: false,
      state: 'active',
      phase: 'start',
      vital: { code: 'NIBP_SYS', value: 86, unit: 'mm[Hg]' },
      flags: ['demo'],
    });
    expect(toAlarmMessage(end!, 'lh-03-mon', false)).toMatchObject({ state: 'inactive', phase: 'end', vital: { value: 101 } });
    expect(toAlarmMessage(end!, 'lh-03-mon', false)).not.toHaveProperty('flags');
  });
});
