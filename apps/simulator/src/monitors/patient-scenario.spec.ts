import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random';
import { type NibpReading, PatientScenario, type PhysiologySnapshot, type ScenarioKind } from './patient-scenario';

const START_MS = Date.parse('2026-11-22T08:00:00Z');

/** One snapshot a second for `minutes`, as the monitor samples it. */
function run(kind: ScenarioKind, minutes: number, options: { seed?: number; timeScale?: number } = {}): PhysiologySnapshot[] {
  const sut = new PatientScenario({ kind, startMs: START_MS, random: seededRandom(options.seed ?? 11), timeScale: options.timeScale });
  return Array.from({ length: minutes * 60 }, (_, i) => sut.advance(START_MS + (i + 1) * 1000));
}

/** The distinct cuff readings in the order they were taken. */
function readings(snapshots: readonly PhysiologySnapshot[]): NibpReading[] {
  const seen = new Map<number, NibpReading>();
  for (const s of snapshots) if (s.nibp) seen.set(s.nibp.measuredAtMs, s.nibp);
  return [...seen.values()];
}

const range = (snapshots: readonly PhysiologySnapshot[], pick: (s: PhysiologySnapshot) => number) => {
  const values = snapshots.map(pick);
  return [Math.min(...values), Math.max(...values)];
};

describe(PatientScenario.name, () => {
  it('should keep every sign in the normal band when the patient is well', () => {
    const snapshots = run('normal', 30);
    expect(range(snapshots, (s) => s.heartRateBpm)[0]).toBeGreaterThanOrEqual(70);
    expect(range(snapshots, (s) => s.heartRateBpm)[1]).toBeLessThanOrEqual(85);
    for (const s of snapshots) {
      expect(s.spo2Pct).toBeGreaterThanOrEqual(97);
      expect(s.spo2Pct).toBeLessThanOrEqual(99);
      expect(s.respRateBpm).toBeGreaterThanOrEqual(14);
      expect(s.respRateBpm).toBeLessThanOrEqual(16);
      expect(s.tempC).toBeGreaterThanOrEqual(36.6);
      expect(s.tempC).toBeLessThanOrEqual(37.0);
      expect(s.etco2MmHg).toBeGreaterThanOrEqual(35);
      expect(s.etco2MmHg).toBeLessThanOrEqual(40);
      expect(s.st).toBe('none');
    }
    for (const r of readings(snapshots)) {
      expect(Math.abs(r.systolicMmHg - 125)).toBeLessThanOrEqual(10);
      expect(Math.abs(r.diastolicMmHg - 80)).toBeLessThanOrEqual(8);
    }
  });

  it('should drift rather than stand still when the patient is monitored for a while', () => {
    const [low, high] = range(run('normal', 30), (s) => s.heartRateBpm);
    expect(high - low).toBeGreaterThanOrEqual(4);
  });

  it('should cycle the cuff every few minutes, each reading with its own older time, when NIBP is measured', () => {
    const snapshots = run('normal', 30);
    const taken = readings(snapshots);
    // first reading within a minute, then about every 5 min (± jitter): 6 or 7 in 30 min
    expect(taken.length).toBeGreaterThanOrEqual(6);
    expect(taken.length).toBeLessThanOrEqual(7);
    expect(taken[0].measuredAtMs - START_MS).toBeLessThanOrEqual(60_000);
    const gapsS = taken.slice(1).map((r, i) => (r.measuredAtMs - taken[i].measuredAtMs) / 1000);
    for (const gap of gapsS) expect(gap).toBeGreaterThanOrEqual(270);
    expect(new Set(gapsS.map(Math.round)).size).toBeGreaterThan(1);
    expect(snapshots.filter((s) => s.nibp && s.nibp.measuredAtMs < s.atMs).length).toBeGreaterThan(snapshots.length * 0.9);
    for (const r of taken) expect(r.meanMmHg).toBe(Math.round(r.diastolicMmHg + (r.systolicMmHg - r.diastolicMmHg) / 3));
  });

  it('should be tachycardic, mildly hypoxic and ST-elevated with BP easing from 140/90 when the patient has a STEMI', () => {
    const snapshots = run('stemi', 30);
    expect(range(snapshots, (s) => s.heartRateBpm)[0]).toBeGreaterThanOrEqual(105);
    expect(range(snapshots, (s) => s.heartRateBpm)[1]).toBeLessThanOrEqual(125);
    expect(range(snapshots, (s) => s.spo2Pct)[0]).toBeGreaterThanOrEqual(94);
    expect(range(snapshots, (s) => s.spo2Pct)[1]).toBeLessThanOrEqual(96);
    expect(snapshots.every((s) => s.st === 'inferior')).toBe(true);
    const taken = readings(snapshots);
    expect(Math.abs(taken[0].systolicMmHg - 140)).toBeLessThanOrEqual(4);
    expect(Math.abs(taken[0].diastolicMmHg - 90)).toBeLessThanOrEqual(4);
    expect(taken.at(-1)!.systolicMmHg).toBeLessThan(taken[0].systolicMmHg);
  });

  it('should put the elevation where asked when the STEMI is anterior', () => {
    const sut = new PatientScenario({ kind: 'stemi', startMs: START_MS, random: seededRandom(1), stemiTerritory: 'anterior' });
    expect(sut.advance(START_MS + 1000).st).toBe('anterior');
  });

  it('should be markedly hypertensive with a heart rate of 80–95 when the patient has a stroke', () => {
    const snapshots = run('stroke', 30);
    expect(range(snapshots, (s) => s.heartRateBpm)[0]).toBeGreaterThanOrEqual(80);
    expect(range(snapshots, (s) => s.heartRateBpm)[1]).toBeLessThanOrEqual(95);
    const taken = readings(snapshots);
    expect(taken.length).toBeGreaterThanOrEqual(8);
    for (const r of taken) {
      expect(r.systolicMmHg).toBeGreaterThanOrEqual(185);
      expect(r.systolicMmHg).toBeLessThanOrEqual(210);
      expect(r.diastolicMmHg).toBeGreaterThanOrEqual(100);
      expect(r.diastolicMmHg).toBeLessThanOrEqual(115);
    }
  });

  it('should deteriorate over 20 minutes with a shock index above 1 and rising when the patient is bleeding', () => {
    const snapshots = run('haemorrhagic_shock', 22);
    const first = snapshots.slice(0, 60);
    const last = snapshots.slice(-60);
    const mean = (xs: PhysiologySnapshot[], pick: (s: PhysiologySnapshot) => number) => xs.reduce((a, s) => a + pick(s), 0) / xs.length;
    expect(mean(first, (s) => s.heartRateBpm)).toBeCloseTo(110, -1);
    expect(mean(last, (s) => s.heartRateBpm)).toBeGreaterThanOrEqual(140);
    expect(mean(last, (s) => s.respRateBpm)).toBeGreaterThan(mean(first, (s) => s.respRateBpm) + 5);
    expect(mean(last, (s) => s.spo2Pct)).toBeLessThan(mean(first, (s) => s.spo2Pct) - 3);

    // shock index from each cuff reading and the heart rate shown at that moment
    const shockIndex = readings(snapshots).map((r) => {
      const hr = snapshots.find((s) => s.atMs >= r.measuredAtMs)!.heartRateBpm;
      return { si: hr / r.systolicMmHg, sbp: r.systolicMmHg };
    });
    expect(shockIndex[0].sbp).toBeGreaterThanOrEqual(95);
    expect(shockIndex.at(-1)!.sbp).toBeLessThanOrEqual(75);
    for (const { si } of shockIndex) expect(si).toBeGreaterThan(1);
    expect(shockIndex.at(-1)!.si).toBeGreaterThan(shockIndex[0].si + 0.6);
  });

  it('should run the physiology faster but keep clock times when time is scaled', () => {
    // 2 clock minutes at ×10 = 20 minutes of bleeding
    const snapshots = run('haemorrhagic_shock', 2, { timeScale: 10 });
    expect(snapshots.at(-1)!.heartRateBpm).toBeGreaterThanOrEqual(140);
    expect(snapshots.at(-1)!.atMs).toBe(START_MS + 120_000);
    const taken = readings(snapshots);
    expect(taken.length).toBeGreaterThanOrEqual(6);
    for (const r of taken) expect(r.measuredAtMs).toBeLessThanOrEqual(START_MS + 120_000);
  });

  it('should give the same patient when replayed with the same seed', () => {
    expect(run('stemi', 5, { seed: 3 })).toEqual(run('stemi', 5, { seed: 3 }));
  });

  it('should never go back in time when advanced with an older clock reading', () => {
    const sut = new PatientScenario({ kind: 'normal', startMs: START_MS, random: seededRandom(2) });
    sut.advance(START_MS + 10_000);
    expect(sut.advance(START_MS + 5000).atMs).toBe(START_MS + 10_000);
  });
});
