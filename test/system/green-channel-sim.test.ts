import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AssessmentRecord,
  type Incident,
  type Prenotice,
  PrenoticeSentEventSchema,
  type QualityReport,
  QualityReportSchema,
  type TimelineStamp,
  type TimeNode,
} from '@feijiu/contracts';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CoreProcess, freePort, login, makeDataDir, REPO_ROOT, startCoreProcess } from './support/core-process';

// The simulator plays a STEMI and a stroke call end to end against the built core, each
// simulated person through the public API as the consoles would: the dispatcher takes the
// calls and assigns, the crews assess (12-lead STEMI; BE-FAST + RACE) and take the hospital the
// core recommends with a pre-notice, the ER of that hospital acknowledges and activates its
// team, the core's geofence stamps the arrival, and the ER stamps wire / CT / needle. Then the
// timeline must hold every node with who or what stamped it, and the quality report's figures
// must be the intervals of those stamps. Sped up 120× (the core's timers stay real).

const SIMULATOR_MAIN = join(REPO_ROOT, 'dist/apps/simulator/src/main.js');
const PASSWORD = 'green-channel-sim-test';
const SPEEDUP = 120;

interface Case {
  incident: Incident;
  assessment: AssessmentRecord;
  stamps: Map<TimeNode, TimelineStamp>;
}

describe('green channels played by the simulator: STEMI and stroke from call to door to treatment', () => {
  let core: CoreProcess;
  let simulator: ChildProcess;
  let simulatorOutput = '';
  let dispatcher: string;
  let socket: Socket;
  const prenotices = new Map<string, Prenotice>();
  const startedAt = new Date();

  const get = async <T>(path: string, token = dispatcher): Promise<T> => {
    const res = await fetch(`${core.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as T;
    if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  };
  const diagnostics = () => `\n--- core ---\n${core.output().slice(-3000)}\n--- simulator ---\n${simulatorOutput.slice(-4000)}`;

  /** Waits until the simulated incident with this pathway has its treatment stamped. */
  async function completedCase(pathway: 'chest_pain_stemi' | 'stroke', treatment: TimeNode): Promise<Case> {
    const deadline = Date.now() + 300_000;
    while (Date.now() < deadline) {
      const incidents = await get<Incident[]>('/api/v1/incidents?scope=all');
      for (const incident of incidents) {
        const records = await get<AssessmentRecord[]>(`/api/v1/incidents/${incident.id}/assessments`);
        const assessment = records.find((r) => r.pathways.some((p) => p.pathway === pathway));
        if (!assessment) continue;
        const timeline = await get<TimelineStamp[]>(`/api/v1/incidents/${incident.id}/timeline`);
        const current = timeline.filter((s) => !s.supersededBy);
        if (current.some((s) => s.node === treatment)) {
          return { incident: await get<Incident>(`/api/v1/incidents/${incident.id}`), assessment, stamps: new Map(current.map((s) => [s.node, s])) };
        }
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
    throw new Error(`no ${pathway} case reached ${treatment} in time${diagnostics()}`);
  }

  const minutes = (c: Case, from: TimeNode, to: TimeNode) => {
    const a = c.stamps.get(from);
    const b = c.stamps.get(to);
    if (!a || !b) throw new Error(`${from} or ${to} missing on incident ${c.incident.number}`);
    return Math.round(((Date.parse(b.at) - Date.parse(a.at)) / 60_000) * 10) / 10;
  };
  const report = async (pathway: 'chest_pain' | 'stroke'): Promise<QualityReport> =>
    QualityReportSchema.parse(await get(`/api/v1/quality?pathway=${pathway}&from=${startedAt.toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`));
  const metric = (r: QualityReport, id: string) => {
    const m = r.metrics.find((x) => x.id === id);
    if (!m) throw new Error(`no metric ${id}`);
    return m;
  };

  function expectCommonNodes(c: Case, crewUser: string): void {
    const s = (node: TimeNode) => c.stamps.get(node);
    for (const node of ['call_received', 'dispatch_order'] as const) {
      expect(s(node), `${node} on ${c.incident.number}`).toMatchObject({ source: 'auto' });
    }
    // the crew taps en route and on scene while the core's GPS and geofence watch: the first holds
    // the node, a tap as the crew (manual), the core's as auto with its source
    for (const [node, coreSource] of [
      ['departure', /^gps:/],
      ['arrival_on_scene', /^geofence:/],
    ] as const) {
      const stamp = s(node);
      expect(stamp, `${node} on ${c.incident.number}`).toBeDefined();
      if (stamp?.source === 'manual') expect(stamp, node).toMatchObject({ recordedBy: `user:${crewUser}` });
      else expect(stamp?.sourceDetail, node).toMatch(coreSource);
    }
    // only the crew's button says the patient is aboard
    expect(s('leave_scene')).toMatchObject({ source: 'manual', recordedBy: `user:${crewUser}`, sourceDetail: 'vehicle-status:transporting' });
    expect(s('first_medical_contact')).toMatchObject({ source: 'auto' });
    expect(s('first_medical_contact')?.sourceDetail).toContain(`assessment:${c.assessment.id}`);
    expect(s('first_ecg')).toMatchObject({ source: 'auto' });
    expect(s('first_ecg')?.sourceDetail).toMatch(/^telemetry:/);
    expect(s('prenotice_sent')?.sourceDetail).toContain(`user:${crewUser}`);
    expect(s('prenotice_acknowledged')?.sourceDetail).toContain(`user:er-${c.incident.destinationHospitalId}`);
    // the ambulance's arrival at the door was stamped by the core's geofence, not by a button
    expect(s('arrival_at_hospital')).toMatchObject({ source: 'auto' });
    expect(s('arrival_at_hospital')?.sourceDetail).toMatch(/^geofence:/);
  }

  beforeAll(async () => {
    const mqttPort = await freePort();
    core = await startCoreProcess({
      dataDir: makeDataDir(),
      httpPort: await freePort(),
      pgPort: await freePort(),
      mqttPort,
      extra: { FEIJIU_SIMULATOR: 'off', FEIJIU_DEMO_PASSWORD: PASSWORD, FEIJIU_GEOFENCE_DWELL_SEC: '5' },
    });
    dispatcher = await login(core.baseUrl, 'dispatcher', PASSWORD);
    socket = io(`${core.baseUrl}/live`, { auth: { token: dispatcher }, transports: ['websocket'] });
    socket.on('prenotice.sent', (payload: unknown) => {
      const e = PrenoticeSentEventSchema.safeParse(payload);
      if (e.success) prenotices.set(e.data.prenotice.id, e.data.prenotice);
    });
    socket.on('prenotice.updated', (p: Prenotice) => prenotices.set(p.id, p));

    simulator = spawn(process.execPath, [SIMULATOR_MAIN], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        MQTT_URL: `mqtt://127.0.0.1:${mqttPort}`,
        FEIJIU_API_URL: core.baseUrl,
        FEIJIU_DEMO_PASSWORD: PASSWORD,
        FEIJIU_SIM_STATE_DIR: mkdtempSync(join(tmpdir(), 'feijiu-sim-')),
        FEIJIU_SIM_SPEEDUP: String(SPEEDUP),
        FEIJIU_SIM_SCRIPT: 'chest_pain,stroke',
        FEIJIU_SIM_CALL_INTERVAL_S: '86400',
        // the county seat's ambulances: short drives to the lead hospital and its neighbours
        FEIJIU_SIM_VEHICLES: 'lh-02,lh-03,lh-04,lh-05,gh2-01,gh2-02,tcm-01',
        FEIJIU_LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    simulator.stdout!.on('data', (d: Buffer) => (simulatorOutput += d.toString()));
    simulator.stderr!.on('data', (d: Buffer) => (simulatorOutput += d.toString()));
  }, 120_000);

  afterAll(async () => {
    socket?.close();
    if (simulator && simulator.exitCode === null) {
      simulator.kill('SIGINT');
      await new Promise((r) => simulator.once('exit', r));
    }
    if (core && core.child.exitCode === null) await core.interrupt();
  });

  it('should take a STEMI to a PCI centre with a pre-notice, stamp every node and report its intervals', async () => {
    const c = await completedCase('chest_pain_stemi', 'wire');
    const crewUser = `crew-${c.incident.assignments.find((a) => a.status === 'accepted' || a.status === 'completed')!.vehicleId}`;
    expect(c.assessment.recordedBy).toBe(`user:${crewUser}`);
    const hospitals = await get<{ id: string; capabilities: string[] }[]>('/api/v1/hospitals');
    expect(hospitals.find((h) => h.id === c.incident.destinationHospitalId)?.capabilities).toContain('pci_24_7');

    const prenotice = [...prenotices.values()].find((p) => p.incidentId === c.incident.id);
    expect(prenotice, `pre-notice of ${c.incident.number} on the dispatch board`).toBeDefined();
    expect(prenotice).toMatchObject({ hospitalId: c.incident.destinationHospitalId, pathways: ['chest_pain_stemi'] });
    expect(prenotice?.acknowledgedBy).toBe(`user:er-${c.incident.destinationHospitalId}`);
    expect(prenotice?.teamsActivated).toEqual(['cath_lab']);
    expect(prenotice?.bypassEd).toBe('cath_lab');

    expectCommonNodes(c, crewUser);
    expect(c.stamps.get('symptom_onset')).toMatchObject({ source: 'auto' });
    expect(c.stamps.get('diagnosis')).toMatchObject({ source: 'auto' });
    expect(c.stamps.get('wire')).toMatchObject({ source: 'manual', recordedBy: `user:er-${c.incident.destinationHospitalId}` });

    const r = await report('chest_pain');
    expect(r.incidents).toBe(1);
    expect(metric(r, 'door_to_wire')).toMatchObject({ n: 1, medianMin: minutes(c, 'arrival_at_hospital', 'wire') });
    expect(metric(r, 'fmc_to_wire')).toMatchObject({ n: 1, medianMin: minutes(c, 'first_medical_contact', 'wire') });
    expect(metric(r, 'fmc_to_ecg')).toMatchObject({ n: 1, medianMin: minutes(c, 'first_medical_contact', 'first_ecg') });
    expect(metric(r, 'departure')).toMatchObject({ n: 1, medianMin: minutes(c, 'dispatch_order', 'departure') });
  }, 330_000);

  it('should take a stroke where the core routes it with a pre-notice, stamp every node and report door to needle', async () => {
    const c = await completedCase('stroke', 'needle');
    const crewUser = `crew-${c.incident.assignments.find((a) => a.status === 'accepted' || a.status === 'completed')!.vehicleId}`;
    const stroke = c.assessment.pathways.find((p) => p.pathway === 'stroke')!;
    const destinations = await get<{ items: { hospitalId: string; recommended: boolean }[] }>(`/api/v1/incidents/${c.incident.id}/destinations`);
    // the crew went where the core's rule sent it (a likely LVO to the thrombectomy centre)
    expect(destinations.items.find((i) => i.recommended)?.hospitalId).toBe(c.incident.destinationHospitalId);
    if (stroke.details?.isLvoLikely) expect(c.incident.destinationHospitalId).toBe('lead');

    const prenotice = [...prenotices.values()].find((p) => p.incidentId === c.incident.id);
    expect(prenotice).toMatchObject({ hospitalId: c.incident.destinationHospitalId, pathways: ['stroke'], teamsActivated: ['stroke'], bypassEd: 'ct' });

    expectCommonNodes(c, crewUser);
    expect(c.stamps.get('last_known_well')).toMatchObject({ source: 'auto' });
    for (const node of ['ct_start', 'needle'] as const) {
      expect(c.stamps.get(node)).toMatchObject({ source: 'manual', recordedBy: `user:er-${c.incident.destinationHospitalId}` });
    }

    const r = await report('stroke');
    expect(r.incidents).toBe(1);
    const dnt = minutes(c, 'arrival_at_hospital', 'needle');
    expect(metric(r, 'door_to_needle_60')).toMatchObject({ n: 1, medianMin: dnt, compliancePct: dnt <= 60 ? 100 : 0 });
    expect(metric(r, 'door_to_ct')).toMatchObject({ n: 1, medianMin: minutes(c, 'arrival_at_hospital', 'ct_start') });
  }, 330_000);
});
