import {
  type AlarmMessage,
  buildVehicleTopic,
  type MonitorAlarmEvent,
  MonitorAlarmEventSchema,
  VitalRowListSchema,
  type VitalsSampledEvent,
  VitalsSampledEventSchema,
  type WaveformSampledEvent,
  WaveformSampledEventSchema,
} from '@feijiu/contracts';
import { DEMO_COUNTY } from '@feijiu/geo';
import { EventEmitter2 } from '@nestjs/event-emitter';
import mqtt, { type MqttClient } from 'mqtt';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VehicleIncidentBound } from '../../src/dispatch/dispatch.events';
import { DEMO_PASSWORD, type Harness, startHarness, waitFor, waitForConnection } from './support/core-harness';

// An ambulance takes patient A to the lead hospital, then patient B to the TCM hospital. What its
// monitor measured on A and the gateway could only send later (an outage) stays A's: never on B's
// card at the TCM hospital. And an ER clinician reads of the vehicle's history only what belongs
// to its own hospital's patients, not the earlier patients the vehicle took elsewhere.
describe('telemetry bindings: samples belong to the patient they were measured on', () => {
  // no other medium file uses this ambulance
  const VEHICLE = 'shimen-01';
  let sut: Harness;
  let db: DataSource;
  let events: EventEmitter2;
  let gw: MqttClient;
  let dispatcherToken: string;
  let leadToken: string;
  let tcmToken: string;
  const seen = { dispatch: [] as { kind: string; seq: number; incidentId: string | null }[], lead: [] as number[], tcm: [] as number[] };
  let seq = Date.now() * 10 + 7; // unique on the database the medium files share

  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const bind = (incidentId: string | null, hospitalId: string | null) =>
    events.emit(VehicleIncidentBound.eventName, new VehicleIncidentBound(VEHICLE, incidentId, hospitalId));
  const publish = (kind: 'alarm' | 'vitals' | 'waveform', body: { seq: number }) =>
    gw.publishAsync(buildVehicleTopic(VEHICLE, kind), JSON.stringify(body), { qos: 1 });
  const alarm = (ts: Date, over: Partial<AlarmMessage> = {}): AlarmMessage => ({
    seq: ++seq,
    ts: ts.toISOString(),
    monitorId: 'mon-1',
    code: 196648,
    name: 'MDC_EVT_HI',
    priority: 'high',
    technical: false,
    state: 'active',
    phase: 'start',
    vital: { code: 'HR', value: 150, unit: '/min' },
    ...over,
  });
  const vitals = (ts: Date, hr: number) => ({ seq: ++seq, ts: ts.toISOString(), monitorId: 'mon-1', obs: [{ code: 'HR', value: hr, unit: '/min' }] });
  // 50 ms of pleth from t0 (not ECG: nothing to stamp on the made-up incidents' timelines), sent
  // once its last sample is taken (a chunk from the future would teach the core that the clock runs ahead)
  const waveform = (t0: Date) => ({
    seq: ++seq,
    t0: t0.toISOString(),
    monitorId: 'mon-1',
    hz: 500,
    leads: ['PLETH'],
    lsbUv: 5,
    data: Buffer.alloc(2 * 25).toString('base64'),
  });
  // published, and announced at the dispatch centre (so stored)
  const send = async (kind: 'alarm' | 'vitals' | 'waveform', body: { seq: number }) => {
    await publish(kind, body);
    return waitFor(() => seen.dispatch.find((e) => e.kind === kind && e.seq === body.seq), `${kind} ${body.seq} at the dispatch centre`, 10_000);
  };
  const stored = async (table: 'monitor_alarms' | 'vitals_samples' | 'waveform_chunks', s: number) =>
    ((await db.query(`SELECT DISTINCT incident_id FROM ${table} WHERE vehicle_id = $1 AND seq = $2`, [VEHICLE, s])) as { incident_id: string | null }[]).map(
      (r) => r.incident_id,
    );
  const getJson = async (path: string, token: string) => {
    const res = await sut.api(path, { token });
    expect(res.status, path).toBe(200);
    return (await res.json()) as unknown;
  };
  const post = async (path: string, body: unknown) => {
    const res = await sut.api(path, { method: 'POST', token: dispatcherToken, body: JSON.stringify(body) });
    expect(res.status, path).toBeLessThan(300);
    return (await res.json()) as { id: string };
  };
  /** A real incident whose patient goes to `hospitalId`. */
  const incidentFor = async (hospitalId: string) => {
    const f = DEMO_COUNTY.facilities.find((x) => x.id === hospitalId)!;
    const incident = await post('/api/v1/incidents', { location: { lat: f.lat + 0.01, lon: f.lon }, complaint: 'chest pain', priority: 'urgent' });
    await post(`/api/v1/incidents/${incident.id}/destination`, { hospitalId });
    return incident.id;
  };

  beforeAll(async () => {
    sut = await startHarness();
    db = sut.core.app.get(DataSource);
    events = sut.core.app.get(EventEmitter2);
    dispatcherToken = await sut.login('dispatcher');
    leadToken = await sut.login('er'); // clinician of the lead hospital
    tcmToken = await sut.login('er-tcm');
    const dispatch = sut.live(dispatcherToken, { streams: ['waveform'] });
    dispatch.on('monitor.alarm', (e: unknown) => {
      const a: MonitorAlarmEvent = MonitorAlarmEventSchema.parse(e);
      seen.dispatch.push({ kind: 'alarm', seq: a.seq, incidentId: a.incidentId });
    });
    dispatch.on('vitals.sampled', (e: unknown) => {
      const v: VitalsSampledEvent = VitalsSampledEventSchema.parse(e);
      seen.dispatch.push({ kind: 'vitals', seq: v.seq, incidentId: v.incidentId });
    });
    dispatch.on('waveform.sampled', (e: unknown) => {
      const w: WaveformSampledEvent = WaveformSampledEventSchema.parse(e);
      seen.dispatch.push({ kind: 'waveform', seq: w.seq, incidentId: w.incidentId });
    });
    const lead = sut.live(leadToken);
    const tcm = sut.live(tcmToken);
    for (const [socket, list] of [[lead, seen.lead], [tcm, seen.tcm]] as const) {
      for (const event of ['monitor.alarm', 'vitals.sampled', 'waveform.sampled']) socket.on(event, (e: { seq: number }) => list.push(e.seq));
    }
    await Promise.all([waitForConnection(dispatch), waitForConnection(lead), waitForConnection(tcm)]);
    gw = await mqtt.connectAsync(sut.mqttUrl, { username: VEHICLE, password: DEMO_PASSWORD, protocolVersion: 4 });
  });
  afterAll(async () => {
    await gw?.endAsync();
    await sut?.stop();
  });

  it("should bind what arrives late to the patient it was measured on, and keep it from the next patient's ER", async () => {
    const patientA = crypto.randomUUID();
    const patientB = crypto.randomUUID();
    bind(patientA, 'lead');
    await pause(100);
    const onA = new Date(); // measured on patient A; the gateway's link is down
    await pause(100);
    bind(null, null); // A handed over at the lead hospital
    await pause(100);
    const between = new Date(); // measured with no patient bound
    await pause(100);
    bind(patientB, 'tcm'); // the ambulance takes patient B to the TCM hospital; the link comes back

    const lateAlarm = alarm(onA);
    const lateVitals = vitals(onA, 141);
    const lateWave = waveform(onA);
    const loose = alarm(between, { name: 'MDC_EVT_LO', code: 196670 });
    await pause(100);
    const live = alarm(new Date(), { text: 'patient B' });
    for (const [kind, body] of [['alarm', lateAlarm], ['vitals', lateVitals], ['waveform', lateWave], ['alarm', loose], ['alarm', live]] as const) {
      await send(kind, body);
    }
    // B's ER hears B's alarm (the socket delivers in order: whatever came before it came before)
    await waitFor(() => seen.tcm.includes(live.seq), "patient B's alarm at the TCM hospital", 10_000);

    expect(seen.dispatch.filter((e) => [lateAlarm.seq, lateVitals.seq, lateWave.seq, loose.seq, live.seq].includes(e.seq)).map((e) => [e.seq, e.incidentId])).toEqual([
      [lateAlarm.seq, patientA],
      [lateVitals.seq, patientA],
      [lateWave.seq, patientA],
      [loose.seq, null],
      [live.seq, patientB],
    ]);
    expect(seen.tcm.filter((s) => s !== live.seq)).toEqual([]);
    expect(await stored('monitor_alarms', lateAlarm.seq)).toEqual([patientA]);
    expect(await stored('vitals_samples', lateVitals.seq)).toEqual([patientA]);
    expect(await stored('waveform_chunks', lateWave.seq)).toEqual([patientA]);
    expect(await stored('monitor_alarms', loose.seq)).toEqual([null]);
    // nor does B's ER read them back
    const since = encodeURIComponent(new Date(onA.getTime() - 1000).toISOString());
    const alarms = MonitorAlarmEventSchema.array().parse(await getJson(`/api/v1/vehicles/${VEHICLE}/alarms?since=${since}`, tcmToken));
    expect(alarms.map((a) => a.seq)).toEqual([live.seq]);
  });

  it("should show an ER clinician only its own hospital's patients in a vehicle's history", async () => {
    const elsewhere = await incidentFor('tcm');
    const earlierHere = await incidentFor('lead');
    const now = crypto.randomUUID(); // the patient on board, bound for the lead hospital
    const start = new Date();
    const sent: Record<string, { alarm: number; vitals: number; wave: number }> = {};
    for (const [label, incidentId, hospitalId] of [
      ['elsewhere', elsewhere, 'tcm'],
      ['none', null, null],
      ['earlierHere', earlierHere, 'lead'],
      ['now', now, 'lead'],
    ] as const) {
      bind(incidentId, hospitalId);
      await pause(100);
      const at = new Date();
      const a = alarm(at);
      const v = vitals(at, 100);
      const w = waveform(new Date(at.getTime() - 50));
      await send('alarm', a);
      await send('vitals', v);
      await send('waveform', w);
      sent[label] = { alarm: a.seq, vitals: v.seq, wave: w.seq };
      await pause(5);
    }
    const window = `since=${encodeURIComponent(start.toISOString())}`;

    const alarms = MonitorAlarmEventSchema.array().parse(await getJson(`/api/v1/vehicles/${VEHICLE}/alarms?${window}`, leadToken));
    const vitalsRows = VitalRowListSchema.parse(await getJson(`/api/v1/vehicles/${VEHICLE}/vitals?${window}`, leadToken));
    const waves = WaveformSampledEventSchema.array().parse(await getJson(`/api/v1/vehicles/${VEHICLE}/waveform?${window}`, leadToken));

    expect(alarms.map((a) => [a.seq, a.incidentId])).toEqual([
      [sent.earlierHere!.alarm, earlierHere],
      [sent.now!.alarm, now],
    ]);
    expect(vitalsRows).toHaveLength(2);
    expect(waves.map((w) => w.seq)).toEqual([sent.earlierHere!.wave, sent.now!.wave]);
    // the dispatch centre reads all of it
    const all = MonitorAlarmEventSchema.array().parse(await getJson(`/api/v1/vehicles/${VEHICLE}/alarms?${window}`, dispatcherToken));
    expect(all.map((a) => a.seq)).toEqual([sent.elsewhere!.alarm, sent.none!.alarm, sent.earlierHere!.alarm, sent.now!.alarm]);
  });
});
