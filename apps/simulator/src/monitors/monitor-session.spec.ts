import { AlarmMessageSchema, ECG_LEADS, VitalsMessageSchema, WaveformMessageSchema } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random';
import { decodeWaveformData } from './ecg-synthesizer';
import { MonitorSession } from './monitor-session';

const START_MS = Date.parse('2026-11-22T08:00:00Z');

function createSut(overrides: Partial<ConstructorParameters<typeof MonitorSession>[0]> = {}) {
  return new MonitorSession({ monitorId: 'lh-02-m1', scenario: 'stemi', startMs: START_MS, random: seededRandom(3), demo: true, ...overrides });
}

describe(MonitorSession.name, () => {
  it('should produce one vitals message and five 200 ms ECG chunks per second when running', () => {
    const sut = createSut();
    const out = sut.produce(START_MS + 1000);
    expect(out.vitals).toHaveLength(1);
    expect(out.waveforms).toHaveLength(5);
    expect(out.waveforms.map((w) => Date.parse(w.t0) - START_MS)).toEqual([0, 200, 400, 600, 800]);
    for (const w of out.waveforms) {
      expect(WaveformMessageSchema.parse({ ...w, seq: 1 })).toMatchObject({ hz: 500, lsbUv: 2.5, leads: [...ECG_LEADS], flags: ['demo'] });
      const leads = decodeWaveformData(w.data, 12, w.lsbUv);
      expect(leads.map((l) => l.length)).toEqual(Array(12).fill(100));
    }
  });

  it('should publish contract-valid numerics flagged as demo, with the NIBP at its own time once the cuff has cycled', () => {
    const sut = createSut();
    const all = Array.from({ length: 90 }, (_, i) => sut.produce(START_MS + (i + 1) * 1000).vitals).flat();
    expect(all).toHaveLength(90);
    for (const v of all) {
      const message = VitalsMessageSchema.parse({ ...v, seq: 1 });
      expect(message.obs.every((o) => o.flags?.includes('demo'))).toBe(true);
    }
    const last = all.at(-1)!;
    const codes = last.obs.map((o) => o.code);
    expect(codes).toEqual(['HR', 'PR', 'SPO2', 'RR', 'TEMP', 'ETCO2', 'NIBP_SYS', 'NIBP_DIA', 'NIBP_MEAN']);
    const sys = last.obs.find((o) => o.code === 'NIBP_SYS')!;
    expect(Date.parse(sys.ts!)).toBeLessThan(Date.parse(last.ts));
    expect(last.obs.find((o) => o.code === 'HR')).toMatchObject({ unit: '/min' });
    expect(all[0].obs.map((o) => o.code)).not.toContain('NIBP_SYS');
  });

  it('should leave the demo flag off when the monitor is not a demo', () => {
    const out = createSut({ demo: false }).produce(START_MS + 1000);
    expect(out.vitals[0].obs.some((o) => o.flags)).toBe(false);
    expect(out.waveforms[0].flags).toBeUndefined();
  });

  it('should report each alarm once when it starts, with the value the vitals show, and end it when the monitor is taken off', () => {
    const sut = createSut({ scenario: 'haemorrhagic_shock', timeScale: 10 });
    const outputs = Array.from({ length: 90 }, (_, i) => sut.produce(START_MS + (i + 1) * 1000));
    const alarms = outputs.flatMap((o) => o.alarms).map((a) => AlarmMessageSchema.parse({ ...a, seq: 1 }));
    expect(alarms.map((a) => [a.name, a.vital?.code, a.priority, a.state, a.phase, a.flags])).toEqual([
      ['MDC_EVT_LO', 'NIBP_SYS', 'high', 'active', 'start', ['demo']],
      ['MDC_EVT_HI', 'HR', 'medium', 'active', 'start', ['demo']],
    ]);
    for (const alarm of alarms) {
      const vitals = outputs.flatMap((o) => o.vitals).find((v) => v.ts === alarm.ts)!;
      expect(alarm.vital?.value).toBe(vitals.obs.find((o) => o.code === alarm.vital?.code)?.value);
    }

    const ended = sut.end(START_MS + 90_500);
    expect(ended.map((a) => [a.name, a.state, a.phase, a.ts])).toEqual([
      ['MDC_EVT_HI', 'inactive', 'end', '2026-11-22T08:01:30.500Z'],
      ['MDC_EVT_LO', 'inactive', 'end', '2026-11-22T08:01:30.500Z'],
    ]);
  });

  it('should raise no alarm when the patient is well', () => {
    const sut = createSut({ scenario: 'normal', timeScale: 10 });
    expect(Array.from({ length: 120 }, (_, i) => sut.produce(START_MS + (i + 1) * 1000).alarms).flat()).toEqual([]);
  });

  it('should skip ahead instead of sending a burst of stale data when the clock jumps', () => {
    const sut = createSut();
    sut.produce(START_MS + 1000);
    const out = sut.produce(START_MS + 61_000);
    expect(out.vitals.length).toBeLessThanOrEqual(3);
    expect(out.waveforms.length).toBeLessThanOrEqual(15);
    const t0s = out.waveforms.map((w) => Date.parse(w.t0));
    t0s.slice(1).forEach((t, i) => expect(t - t0s[i]).toBe(200));
    expect(t0s.at(-1)).toBe(START_MS + 60_800);
  });
});
