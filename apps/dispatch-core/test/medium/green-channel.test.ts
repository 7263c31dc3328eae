import {
  type AlertRaisedEvent,
  type AssessmentRecord,
  buildVehicleTopic,
  DestinationListSchema,
  type Encounter,
  type Prenotice,
  PrenoticeSentEventSchema,
  QualityReportSchema,
  type TimelineStamp,
} from '@feijiu/contracts';
import mqtt from 'mqtt';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, createApiClient, expectJson } from './support/api-client';
import { DEMO_PASSWORD, type Harness, startHarness, waitFor } from './support/core-harness';
import { findFacility } from './support/fleet-driver';

// The stroke case of the issue: left-sided weakness, last seen well 50 min ago, RACE 6.
describe('green channel: assessment → destination → pre-notice → acknowledgement → pre-admission → quality', () => {
  let sut: Harness;
  let api: ApiClient;
  let dispatcher: string;
  let er: string;
  let erSocket: Socket;
  const erEvents: { event: string; payload: unknown }[] = [];

  const waitForAsync = async <T>(probe: () => Promise<T | undefined>, what: string): Promise<T> => {
    for (let i = 0; i < 200; i++) {
      const v = await probe();
      if (v) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

  async function incidentWithCrew(vehicleId: string, near: string) {
    const f = findFacility(near);
    const incident = await api.createIncident({ location: { lat: f.lat + 0.01, lon: f.lon }, complaint: '左侧肢体无力 left-sided weakness', priority: 'critical' });
    const a = await api.assign(incident.id, vehicleId);
    const crew = await sut.login(`crew-${vehicleId}`);
    await expectJson(await api.post(`/api/v1/assignments/${a.id}/accept`, crew), 200);
    return { incidentId: incident.id, crew };
  }

  beforeAll(async () => {
    sut = await startHarness({ FEIJIU_PRENOTICE_ESCALATE_SEC: '5' });
    dispatcher = await sut.login('dispatcher');
    api = createApiClient(sut, dispatcher);
    er = await sut.login('er');
    erSocket = sut.live(er);
    for (const event of ['prenotice.sent', 'prenotice.updated', 'encounter.updated', 'alert.raised']) {
      erSocket.on(event, (payload: unknown) => erEvents.push({ event, payload }));
    }
  });
  afterAll(async () => {
    await sut?.stop();
  });

  it('should route a likely LVO to the thrombectomy centre, pre-notify it, and open the pre-admission', async () => {
    const { incidentId, crew } = await incidentWithCrew('tcm-02', 'tcm');
    const record = await expectJson<AssessmentRecord>(
      await api.post(`/api/v1/incidents/${incidentId}/assessments`, crew, {
        assessedAt: minutesAgo(5),
        chiefComplaint: 'stroke_symptoms',
        ageYears: 58,
        sex: 'male',
        lastKnownWellAt: minutesAgo(50),
        stroke: { race: { facialPalsy: 1, armMotor: 2, legMotor: 1, headGazeDeviation: 1, agnosia: 1 } },
        vitals: { systolicMmHg: 190, heartRateBpm: 88, spo2Pct: 97, respRateBpm: 16 },
      }),
      201,
    );
    const stroke = record.pathways.find((p) => p.pathway === 'stroke');
    expect(stroke?.details).toMatchObject({ isLvoLikely: true });

    const destinations = DestinationListSchema.parse(await expectJson(await sut.api(`/api/v1/incidents/${incidentId}/destinations`, { token: crew }), 200));
    expect(destinations.pathways).toContain('stroke');
    expect(destinations.items[0]).toMatchObject({ hospitalId: 'lead', recommended: true, fit: 'full' });
    expect(destinations.rule).toMatch(/thrombectomy/i);

    const prenotice = await expectJson<Prenotice>(await api.post(`/api/v1/incidents/${incidentId}/prenotice`, crew, { hospitalId: 'lead' }), 201);
    const sent = PrenoticeSentEventSchema.parse(
      (await waitFor(() => erEvents.find((e) => e.event === 'prenotice.sent' && (e.payload as { prenotice: Prenotice }).prenotice.id === prenotice.id), 'prenotice.sent on the ER board')).payload,
    );
    expect(sent.incident.destinationHospitalId).toBe('lead');
    expect(sent.assessment?.pathways.map((p) => p.pathway)).toContain('stroke');
    expect(sent.callSign).toBeTruthy();

    // the ER of another hospital cannot acknowledge it; the lead hospital's ER does, activating the stroke team
    const acked = await expectJson<Prenotice>(await api.post(`/api/v1/prenotices/${prenotice.id}/acknowledge`, er, { teamsActivated: ['stroke'], bypassEd: 'ct' }), 200);
    expect(acked).toMatchObject({ acknowledgedBy: 'user:er', teamsActivated: ['stroke'], bypassEd: 'ct' });
    expect((await api.post(`/api/v1/prenotices/${prenotice.id}/acknowledge`, er, {})).status).toBe(409);

    // the patient boards: the destination opens the encounter (上车即入院) with the stroke checklist
    await expectJson(await api.post('/api/v1/vehicles/tcm-02/status', crew, { status: 'en_route' }), 200);
    await expectJson(await api.post('/api/v1/vehicles/tcm-02/status', crew, { status: 'on_scene' }), 200);
    await expectJson(await api.post('/api/v1/vehicles/tcm-02/status', crew, { status: 'transporting' }), 200);
    const opened = await waitFor(() => erEvents.find((e) => e.event === 'encounter.updated' && (e.payload as Encounter).incidentId === incidentId), 'encounter');
    const encounter = opened.payload as Encounter;
    expect(encounter.number).toMatch(/^ZY\d{12}$/);
    expect(encounter.checklist.map((c) => c.item)).toEqual(['ct_booked', 'stroke_team_ready']);
    const ticked = await expectJson<Encounter>(await api.post(`/api/v1/encounters/${encounter.id}/checklist/ct_booked`, er, { done: true }), 200);
    expect(ticked.checklist.find((c) => c.item === 'ct_booked')).toMatchObject({ done: true, doneBy: 'user:er' });
    const list = await expectJson<Encounter[]>(await sut.api('/api/v1/hospitals/lead/encounters', { token: er }), 200);
    expect(list.map((e) => e.id)).toContain(encounter.id);

    // every moment on one timeline, each saying who or what stamped it
    await expectJson(await api.post(`/api/v1/incidents/${incidentId}/timeline`, er, { node: 'door_in', at: minutesAgo(-20) }), 201);
    await expectJson(await api.post(`/api/v1/incidents/${incidentId}/timeline`, er, { node: 'needle', at: minutesAgo(-58) }), 201);
    const stamps = await expectJson<TimelineStamp[]>(await sut.api(`/api/v1/incidents/${incidentId}/timeline`, { token: er }), 200);
    const nodes = new Map(stamps.map((s) => [s.node, s]));
    expect(nodes.get('last_known_well')?.source).toBe('auto');
    expect(nodes.get('prenotice_sent')?.sourceDetail).toContain('user:crew-tcm-02');
    expect(nodes.get('prenotice_acknowledged')?.sourceDetail).toContain('user:er');
    expect(nodes.get('needle')).toMatchObject({ source: 'manual', recordedBy: 'user:er' });

    // month-end report: DNT 38 min meets both targets
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 86_400_000).toISOString();
    const report = QualityReportSchema.parse(await expectJson(await sut.api(`/api/v1/quality?pathway=stroke&from=${from}&to=${to}`, { token: er }), 200));
    const dnt = report.metrics.find((m) => m.id === 'door_to_needle_60')!;
    expect(dnt.n).toBeGreaterThanOrEqual(1);
    expect(dnt.missed.some((x) => x.incidentId === incidentId)).toBe(false);
    const csv = await sut.api(`/api/v1/quality?pathway=stroke&from=${from}&to=${to}&format=csv`, { token: er });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await csv.text()).toContain('door_to_needle_60');
  });

  it('should escalate a pre-notice nobody acknowledges', async () => {
    const { incidentId, crew } = await incidentWithCrew('gh2-02', 'gh2');
    await expectJson(
      await api.post(`/api/v1/incidents/${incidentId}/assessments`, crew, { assessedAt: minutesAgo(1), chiefComplaint: 'chest_pain', stemi: { byCrew: true } }),
      201,
    );
    const prenotice = await expectJson<Prenotice>(await api.post(`/api/v1/incidents/${incidentId}/prenotice`, crew, { hospitalId: 'lead' }), 201);
    const alert = await waitFor(
      () => erEvents.find((e) => e.event === 'alert.raised' && (e.payload as AlertRaisedEvent).details?.prenoticeId === prenotice.id),
      'prenotice_unacknowledged alert',
    );
    expect((alert.payload as AlertRaisedEvent).kind).toBe('prenotice_unacknowledged');
  });

  it('should let only the ER of the hospital keep its live status, and steer STEMI away from a busy cath lab', async () => {
    const crew = await sut.login('crew');
    expect((await sut.api('/api/v1/hospitals/lead/status', { method: 'PUT', token: crew, body: JSON.stringify({ cathLabBusy: true, ctDown: false, onDiversion: false }) })).status).toBe(403);
    const res = await sut.api('/api/v1/hospitals/lead/status', { method: 'PUT', token: er, body: JSON.stringify({ cathLabBusy: true, ctDown: false, onDiversion: false, note: 'two STEMIs on the table' }) });
    expect(res.status).toBe(200);
    const { incidentId, crew: crew2 } = await incidentWithCrew('mch-02', 'mch');
    await expectJson(await api.post(`/api/v1/incidents/${incidentId}/assessments`, crew2, { assessedAt: minutesAgo(1), chiefComplaint: 'chest_pain', stemi: { byCrew: true } }), 201);
    const destinations = DestinationListSchema.parse(await expectJson(await sut.api(`/api/v1/incidents/${incidentId}/destinations`, { token: crew2 }), 200));
    const lead = destinations.items.find((i) => i.hospitalId === 'lead')!;
    expect(lead.warnings).toContain('cath lab busy');
    expect(lead.fit).not.toBe('full');
    await sut.api('/api/v1/hospitals/lead/status', { method: 'PUT', token: er, body: JSON.stringify({ cathLabBusy: false, ctDown: false, onDiversion: false }) });
  });

  it('should alert the destination ER when the streamed vitals push NEWS2 into high', async () => {
    const { incidentId, crew } = await incidentWithCrew('lh-05', 'lead');
    await expectJson(await api.post(`/api/v1/incidents/${incidentId}/destination`, crew, { hospitalId: 'lead' }), 200);
    const gw = await mqtt.connectAsync(sut.mqttUrl, { username: 'lh-05', password: DEMO_PASSWORD, protocolVersion: 4 });
    try {
      const obs = [
        { code: 'RR', value: 26, unit: '/min' },
        { code: 'SPO2', value: 90, unit: '%' },
        { code: 'NIBP_SYS', value: 88, unit: 'mm[Hg]' },
        { code: 'HR', value: 132, unit: '/min' },
        { code: 'TEMP', value: 38.6, unit: 'Cel' },
      ];
      await gw.publishAsync(buildVehicleTopic('lh-05', 'vitals'), JSON.stringify({ seq: Date.now(), ts: new Date().toISOString(), monitorId: 'm1', obs }), { qos: 1 });
      const alert = await waitFor(
        () => erEvents.find((e) => e.event === 'alert.raised' && (e.payload as AlertRaisedEvent).kind === 'news2_rise' && (e.payload as AlertRaisedEvent).incidentId === incidentId),
        'news2_rise alert on the ER board',
      );
      // RR 26 → 3, SpO2 90 → 3, SBP 88 → 3, HR 132 → 3, 38.6 → 1, alert on air → 0
      expect((alert.payload as AlertRaisedEvent).details).toMatchObject({ news2: 13, category: 'high', hospitalId: 'lead' });
    } finally {
      await gw.endAsync();
    }
  });

  it('should stamp the first ECG and its transmission from the monitor stream, and only once', async () => {
    const { incidentId } = await incidentWithCrew('lh-06', 'lead');
    // samples are bound to the patient the ambulance carried when they were measured: after the
    // accept, and each 1 s chunk over by the time it is sent
    const acceptedAt = Date.now();
    await new Promise((r) => setTimeout(r, 2_500));
    const after = (ms: number) => new Date(acceptedAt + ms).toISOString();
    const gw = await mqtt.connectAsync(sut.mqttUrl, { username: 'lh-06', password: DEMO_PASSWORD, protocolVersion: 4 });
    const t0 = after(400);
    const chunk = (seq: number, at: string, leads: string[]) =>
      JSON.stringify({ seq, t0: at, monitorId: 'm1', hz: 250, leads, lsbUv: 5, data: Buffer.alloc(leads.length * 2 * 250).toString('base64') });
    try {
      const seq = Date.now();
      // a pleth wave is not an ECG; then the first 12-lead chunk; then a later one
      await gw.publishAsync(buildVehicleTopic('lh-06', 'waveform'), chunk(seq, after(100), ['PLETH']), { qos: 1 });
      await gw.publishAsync(buildVehicleTopic('lh-06', 'waveform'), chunk(seq + 1, t0, ['I', 'II', 'III']), { qos: 1 });
      await gw.publishAsync(buildVehicleTopic('lh-06', 'waveform'), chunk(seq + 2, after(1_400), ['I', 'II', 'III']), { qos: 1 });
      const stamps = await waitForAsync(async () => {
        const list = await expectJson<TimelineStamp[]>(await sut.api(`/api/v1/incidents/${incidentId}/timeline`, { token: dispatcher }), 200);
        return list.some((s) => s.node === 'ecg_transmitted') ? list : undefined;
      }, 'first ECG stamps');
      const firstEcg = stamps.filter((s) => s.node === 'first_ecg');
      expect(firstEcg).toHaveLength(1);
      expect(firstEcg[0]).toMatchObject({ source: 'auto', at: t0 });
      expect(firstEcg[0]!.sourceDetail).toContain('telemetry:lh-06');
      const transmitted = stamps.find((s) => s.node === 'ecg_transmitted')!;
      expect(Date.parse(transmitted.at)).toBeGreaterThanOrEqual(Date.parse(t0));
    } finally {
      await gw.endAsync();
    }
  });
});
