import {
  type AlarmMessage,
  AlarmMessageSchema,
  buildAllVehiclesFilter,
  ECG_LEADS,
  type GatewayStateMessage,
  GatewayStateMessageSchema,
  parseVehicleTopic,
  type VitalsMessage,
  VitalsMessageSchema,
  type WaveformMessage,
  WaveformMessageSchema,
} from '@feijiu/contracts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type CountySimulation, startCountySimulation } from '../../src/county-simulation';
import { decodeWaveformData } from '../../src/monitors/ecg-synthesizer';
import { seededRandom } from '../../src/random';
import { GATEWAY_PASSWORD, startTestBroker, type TestBroker } from './support/test-broker';

// Direct-mode monitors as the core sees them: vitals, ECG and alarms on the vehicle's own MQTT
// session, validated against the contract by a subscriber on the public topics.

const VEHICLE = 'tcm-02';

describe('direct-mode monitors', () => {
  let broker: TestBroker;
  let stateDir: string;
  let vitals: VitalsMessage[] = [];
  let waveforms: WaveformMessage[] = [];
  let states: GatewayStateMessage[] = [];
  let alarms: AlarmMessage[] = [];
  const running: CountySimulation[] = [];

  const start = (speedup?: number): CountySimulation => {
    const sim = startCountySimulation({
      speedup,
      mqttUrl: broker.url,
      password: GATEWAY_PASSWORD,
      stateDir,
      vehicleIds: [VEHICLE, 'lh-02'],
      autonomousCalls: false,
      gpsIntervalMs: 100,
      random: seededRandom(5),
      reconnectPeriodMs: 200,
    });
    running.push(sim);
    return sim;
  };

  beforeAll(async () => {
    broker = await startTestBroker();
    broker.observer.on('message', (topic, payload) => {
      const parsed = parseVehicleTopic(topic);
      if (parsed?.vehicleId !== VEHICLE) return;
      const body: unknown = JSON.parse(payload.toString('utf8'));
      if (parsed.kind === 'vitals') vitals.push(VitalsMessageSchema.parse(body));
      if (parsed.kind === 'waveform') waveforms.push(WaveformMessageSchema.parse(body));
      if (parsed.kind === 'state') states.push(GatewayStateMessageSchema.parse(body));
      if (parsed.kind === 'alarm') alarms.push(AlarmMessageSchema.parse(body));
    });
    await broker.observer.subscribeAsync(
      [buildAllVehiclesFilter('vitals'), buildAllVehiclesFilter('waveform'), buildAllVehiclesFilter('state'), buildAllVehiclesFilter('alarm')],
      { qos: 1 },
    );
  });

  beforeEach(() => {
    stateDir = mkdtempSync(join(tmpdir(), 'feijiu-sim-mon-'));
    vitals = [];
    waveforms = [];
    states = [];
    alarms = [];
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.stop()));
    rmSync(stateDir, { recursive: true, force: true });
  });

  afterAll(async () => {
    await broker?.close();
  });

  it('should stream contract-valid vitals and 12-lead ECG chunks with contiguous seq when a monitor is attached', async () => {
    const sim = start();
    expect(sim.vehicle(VEHICLE)!.attachMonitor('stemi')).toBe(true);
    await vi.waitFor(
      () => {
        expect(vitals.length).toBeGreaterThanOrEqual(3);
        expect(waveforms.length).toBeGreaterThanOrEqual(15);
      },
      { timeout: 15_000, interval: 100 },
    );

    for (const stream of [vitals, waveforms]) {
      const seqs = stream.map((m) => m.seq);
      expect(seqs[0]).toBe(1);
      seqs.slice(1).forEach((seq, i) => expect(seq).toBe(seqs[i] + 1));
    }
    for (const v of vitals) {
      expect(v.monitorId).toBe(`${VEHICLE}-mon`);
      expect(v.obs.map((o) => o.code)).toEqual(expect.arrayContaining(['HR', 'PR', 'SPO2', 'RR', 'TEMP', 'ETCO2']));
      for (const o of v.obs) expect(o.flags).toEqual(['demo']);
      const hr = v.obs.find((o) => o.code === 'HR')!.value;
      expect(hr).toBeGreaterThanOrEqual(105);
      expect(hr).toBeLessThanOrEqual(125);
    }
    const t0s = waveforms.map((w) => Date.parse(w.t0));
    t0s.slice(1).forEach((t, i) => expect(t - t0s[i]).toBe(200));
    for (const w of waveforms) {
      expect(w).toMatchObject({ hz: 500, lsbUv: 2.5, leads: [...ECG_LEADS], flags: ['demo'] });
      const leads = decodeWaveformData(w.data, w.leads.length, w.lsbUv);
      expect(leads).toHaveLength(12);
      for (const lead of leads) expect(lead).toHaveLength(100);
    }
    // a real ECG, not silence: lead II swings by more than half a millivolt within a second
    const second = waveforms.slice(0, 5).flatMap((w) => Array.from(decodeWaveformData(w.data, 12, w.lsbUv)[1]));
    expect(Math.max(...second) - Math.min(...second)).toBeGreaterThan(0.5);

    await vi.waitFor(() => expect(states.at(-1)?.monitors).toEqual([{ id: `${VEHICLE}-mon`, connected: true, protocol: 'sim' }]), {
      timeout: 5000,
    });
  });

  it('should stop the streams and announce no monitor when the monitor is detached', async () => {
    const sim = start();
    const vehicle = sim.vehicle(VEHICLE)!;
    vehicle.attachMonitor('stroke');
    await vi.waitFor(() => expect(vitals.length).toBeGreaterThanOrEqual(2), { timeout: 10_000 });
    vehicle.detachMonitor();
    await vi.waitFor(() => expect(states.at(-1)?.monitors).toEqual([]), { timeout: 5000 });
    const countAfterDetach = waveforms.length;
    await new Promise((resolve) => {
      setTimeout(resolve, 600);
    });
    // at most the chunks already in flight arrive
    expect(waveforms.length - countAfterDetach).toBeLessThanOrEqual(2);
    expect(vehicle.monitorScenario).toBeNull();
  });

  it('should raise the shock patient\'s alarms on the alarm topic, demo-flagged with their own seq, and end them when the monitor is detached', async () => {
    // a minute of physiology per second: the cuff reads below 90 mmHg within about ten seconds
    const sim = start(60);
    const vehicle = sim.vehicle(VEHICLE)!;
    expect(vehicle.attachMonitor('haemorrhagic_shock')).toBe(true);
    await vi.waitFor(() => expect(alarms.map((a) => a.vital?.code)).toContain('NIBP_SYS'), { timeout: 30_000, interval: 200 });
    vehicle.detachMonitor();
    await vi.waitFor(() => expect(alarms.filter((a) => a.state === 'inactive').length).toBe(alarms.filter((a) => a.state === 'active').length), {
      timeout: 5000,
    });

    expect(alarms.map((a) => a.seq)).toEqual(alarms.map((_, i) => i + 1));
    const pressure = alarms.filter((a) => a.vital?.code === 'NIBP_SYS');
    expect(pressure.map((a) => [a.state, a.phase, a.priority, a.name])).toEqual([
      ['active', 'start', 'high', 'MDC_EVT_LO'],
      ['inactive', 'end', 'high', 'MDC_EVT_LO'],
    ]);
    expect(pressure[0]!.vital!.value).toBeLessThan(90);
    for (const a of alarms) expect(a).toMatchObject({ monitorId: `${VEHICLE}-mon`, technical: false, flags: ['demo'] });
    // the reading that raised it is in the vitals sent at that moment
    const raisedWith = vitals.find((v) => v.ts === pressure[0]!.ts)?.obs.find((o) => o.code === 'NIBP_SYS');
    expect(raisedWith?.value).toBe(pressure[0]!.vital!.value);
  });

  it('should carry the vitals and waveform seq on from where they stopped when the simulator restarts', async () => {
    const first = start();
    first.vehicle(VEHICLE)!.attachMonitor('haemorrhagic_shock');
    await vi.waitFor(() => expect(vitals.length).toBeGreaterThanOrEqual(2), { timeout: 10_000 });
    await first.stop();
    await new Promise((resolve) => {
      setTimeout(resolve, 200);
    });
    const lastVitals = Math.max(...vitals.map((m) => m.seq));
    const lastWaveform = Math.max(...waveforms.map((m) => m.seq));
    vitals = [];
    waveforms = [];

    start().vehicle(VEHICLE)!.attachMonitor('normal');
    await vi.waitFor(() => expect(vitals.length).toBeGreaterThanOrEqual(1), { timeout: 10_000 });
    expect(vitals[0].seq).toBe(lastVitals + 1);
    expect(Math.min(...waveforms.map((m) => m.seq))).toBe(lastWaveform + 1);
  });

  it('should refuse a monitor beyond the county limit when too many run at once', () => {
    const sim = startCountySimulation({
      mqttUrl: broker.url,
      password: GATEWAY_PASSWORD,
      stateDir,
      vehicleIds: [VEHICLE, 'lh-02'],
      autonomousCalls: false,
      maxMonitors: 1,
    });
    running.push(sim);
    expect(sim.vehicle(VEHICLE)!.attachMonitor('stemi')).toBe(true);
    expect(sim.vehicle('lh-02')!.attachMonitor('stroke')).toBe(false);
  });

  it('should keep monitors free for green-channel patients when routine ones would take them all', () => {
    const sim = startCountySimulation({
      mqttUrl: broker.url,
      password: GATEWAY_PASSWORD,
      stateDir,
      vehicleIds: [VEHICLE, 'lh-02', 'lh-03'],
      autonomousCalls: false,
      maxMonitors: 2,
    });
    running.push(sim);
    expect(sim.vehicle(VEHICLE)!.attachMonitor('normal')).toBe(true);
    expect(sim.vehicle('lh-02')!.attachMonitor('normal')).toBe(false);
    expect(sim.vehicle('lh-03')!.attachMonitor('haemorrhagic_shock')).toBe(true);
  });
});
