import { type Assignment, AssignmentOfferedEventSchema, type AlertRaisedEvent, ApiErrorSchema, IncidentSchema, RecommendationListSchema, type TimelineStamp } from '@feijiu/contracts';
import { DEMO_COUNTY } from '@feijiu/geo';
import pg from 'pg';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, createApiClient, expectJson } from './support/api-client';
import { type Harness, startHarness, waitFor } from './support/core-harness';
import { createFleetDriver, findFacility, type FleetDriver } from './support/fleet-driver';

// From the call to wheels rolling, through the real core, PostgreSQL, broker and sockets.
describe('dispatch: call → recommendation → assignment → crew → departure → scene → hospital', () => {
  let sut: Harness;
  let api: ApiClient;
  let fleet: FleetDriver;
  let dispatcherToken: string;
  let dispatcherSocket: Socket;
  const alerts: AlertRaisedEvent[] = [];

  const createIncident = (lat: number, lon: number, complaint = '胸痛 chest pain') =>
    api.createIncident({ location: { lat, lon }, complaint, priority: 'critical', address: 'test village', callerPhone: '13800000000' });

  beforeAll(async () => {
    sut = await startHarness({ FEIJIU_OFFER_TIMEOUT_SEC: '5', FEIJIU_DEPARTURE_TARGET_SEC: '5', FEIJIU_GEOFENCE_DWELL_SEC: '1' });
    dispatcherToken = await sut.login('dispatcher');
    api = createApiClient(sut, dispatcherToken);
    fleet = createFleetDriver(sut, { headingDeg: 90 });
    dispatcherSocket = sut.live(dispatcherToken);
    dispatcherSocket.on('alert.raised', (a: AlertRaisedEvent) => alerts.push(a));
  });
  afterAll(async () => {
    await fleet?.stop();
    await sut?.stop();
  });

  it('should rank the township ambulance first for a call in its village and draw the rings', async () => {
    const wangjia = findFacility('tc-wangjia');
    const incident = await createIncident(wangjia.lat + 0.01, wangjia.lon + 0.01);
    expect(incident.status).toBe('new');
    expect(incident.number).toMatch(/^\d{8}-\d{4}$/);
    const recs = RecommendationListSchema.parse(await expectJson(await sut.api(`/api/v1/incidents/${incident.id}/recommendations`, { token: dispatcherToken }), 200));
    expect(recs.ringsKm).toEqual([5, 10, 20]);
    expect(recs.items[0]).toMatchObject({ vehicleId: 'wangjia-01', ring: 5 });
    const etas = recs.items.map((r) => r.etaSec);
    expect(etas).toEqual([...etas].sort((a, b) => a - b));
    expect(recs.items[0]!.reasons.join(' ')).toMatch(/ETA \d+ min/);
  });

  it('should show the nearest neonatal ambulance for a neonatal transfer even when it is far beyond the rings', async () => {
    // 杨村乡 is ~21 km from the maternal and child hospital, whose mch-02 is the county's only neonatal ambulance
    const yangcun = DEMO_COUNTY.places.find((p) => p.name === '杨村乡')!;
    const res = await api.post('/api/v1/incidents', dispatcherToken, {
      location: { lat: yangcun.lat, lon: yangcun.lon },
      complaint: '新生儿转运 neonatal transfer',
      priority: 'urgent',
      requiredVehicleType: 'neonatal',
    });
    const incident = await expectJson<{ id: string }>(res, 201);
    const recs = RecommendationListSchema.parse(await expectJson(await sut.api(`/api/v1/incidents/${incident.id}/recommendations`, { token: dispatcherToken }), 200));
    const neonatal = DEMO_COUNTY.vehicles.filter((v) => v.type === 'neonatal').map((v) => v.id);
    expect(neonatal.length).toBeGreaterThan(0);
    expect(recs.items[0]).toMatchObject({ type: 'neonatal' });
    expect(neonatal).toContain(recs.items[0]!.vehicleId);
    expect(recs.items[0]!.reasons).toContain('neonatal ambulance as required');
    // the others are still there, nearer, each saying it is not what the call needs
    expect(recs.items.filter((i) => i.type !== 'neonatal').every((i) => i.warnings.includes(`is ${i.type}, call needs neonatal`))).toBe(true);
  });

  it('should take a call, offer it to the crew tablet, and follow the ambulance to the hospital by itself', async () => {
    const wangjia = findFacility('tc-wangjia');
    const scene = { lat: wangjia.lat + 0.02, lon: wangjia.lon + 0.015 };
    const incident = await createIncident(scene.lat, scene.lon);
    const crewToken = await sut.login('crew-wangjia-01');
    const crewSocket = sut.live(crewToken);
    const offers: unknown[] = [];
    crewSocket.on('assignment.offered', (o: unknown) => offers.push(o));
    await waitFor(() => crewSocket.connected, 'crew socket');

    const assignment = await expectJson<Assignment>(await api.post(`/api/v1/incidents/${incident.id}/assignments`, dispatcherToken, { vehicleId: 'wangjia-01' }), 201);
    expect(assignment.status).toBe('offered');
    const offer = AssignmentOfferedEventSchema.parse(await waitFor(() => offers[0], 'assignment.offered on the crew tablet'));
    expect(offer.incident.id).toBe(incident.id);
    expect((await api.getVehicle('wangjia-01')).status).toBe('dispatched');

    // another crew cannot answer for this ambulance
    const otherCrew = await sut.login('crew-tongling-01');
    expect((await api.post(`/api/v1/assignments/${assignment.id}/accept`, otherCrew)).status).toBe(403);
    const accepted = await expectJson<Assignment>(await api.post(`/api/v1/assignments/${assignment.id}/accept`, crewToken), 200);
    expect(accepted.status).toBe('accepted');

    // wheels rolling: the GPS leaves the station
    const t0 = new Date();
    await fleet.publishFix('wangjia-01', wangjia.lat + 0.003, wangjia.lon + 0.003, t0);
    await expect.poll(async () => (await api.getVehicle('wangjia-01')).status, { timeout: 15_000 }).toBe('en_route');

    // inside the scene geofence for the dwell → on scene, automatically
    await fleet.publishFix('wangjia-01', scene.lat + 0.0003, scene.lon, new Date(t0.getTime() + 600_000), 0.5);
    await fleet.publishFix('wangjia-01', scene.lat + 0.0002, scene.lon, new Date(t0.getTime() + 602_000), 0);
    await expect.poll(async () => (await api.getVehicle('wangjia-01')).status, { timeout: 15_000 }).toBe('on_scene');
    // the incident follows its ambulance in an event handler, a moment after the vehicle
    const incidentStatus = async () =>
      IncidentSchema.parse(await expectJson(await sut.api(`/api/v1/incidents/${incident.id}`, { token: dispatcherToken }), 200)).status;
    await expect.poll(incidentStatus, { timeout: 15_000 }).toBe('on_scene');

    // the crew loads the patient and picks the lead hospital
    expect((await api.post('/api/v1/vehicles/wangjia-01/status', crewToken, { status: 'transporting' })).status).toBe(200);
    expect((await api.post(`/api/v1/incidents/${incident.id}/destination`, crewToken, { hospitalId: 'lead' })).status).toBe(200);
    const er = await sut.login('er');
    const inbound = await expectJson<{ vehicleId: string; etaSec: number | null }[]>(await sut.api('/api/v1/er/inbound', { token: er }), 200);
    expect(inbound.find((p) => p.vehicleId === 'wangjia-01')?.etaSec).toBeGreaterThan(0);
    expect((await sut.api(`/api/v1/incidents/${incident.id}`, { token: er })).status).toBe(200);

    const lead = findFacility('lead');
    await fleet.publishFix('wangjia-01', lead.lat + 0.0002, lead.lon, new Date(t0.getTime() + 2_400_000), 0.5);
    await fleet.publishFix('wangjia-01', lead.lat + 0.0001, lead.lon, new Date(t0.getTime() + 2_402_000), 0);
    await expect.poll(async () => (await api.getVehicle('wangjia-01')).status, { timeout: 15_000 }).toBe('at_hospital');

    expect((await api.post('/api/v1/vehicles/wangjia-01/status', crewToken, { status: 'returning' })).status).toBe(200);
    await expect
      .poll(async () => IncidentSchema.parse(await expectJson(await sut.api(`/api/v1/incidents/${incident.id}`, { token: dispatcherToken }), 200)).status, { timeout: 10_000 })
      .toBe('closed');
    expect((await api.post('/api/v1/vehicles/wangjia-01/status', crewToken, { status: 'available' })).status).toBe(200);

    const stamps = await api.getTimeline(incident.id);
    const byNode = new Map(stamps.map((s) => [s.node, s]));
    for (const node of ['call_received', 'dispatch_order', 'departure', 'arrival_on_scene', 'arrival_at_hospital'] as const) {
      expect(byNode.get(node)?.source, node).toBe('auto');
    }
    // the crew's own buttons are the crew's stamps: leaving the scene, and the close when they cleared
    for (const node of ['leave_scene', 'incident_closed'] as const) {
      expect(byNode.get(node), node).toMatchObject({ source: 'manual', recordedBy: 'user:crew-wangjia-01' });
    }
    expect(byNode.get('departure')!.sourceDetail).toBe('gps:wangjia-01');
    expect(byNode.get('departure')!.at).toBe(t0.toISOString());
    expect(byNode.get('arrival_on_scene')!.sourceDetail).toBe('geofence:wangjia-01');
    // arrival is when it entered the fence, not when the dwell completed
    expect(byNode.get('arrival_on_scene')!.at).toBe(new Date(t0.getTime() + 600_000).toISOString());
    crewSocket.close();
  });

  it('should let exactly one of two dispatchers racing for the same ambulance win', async () => {
    const fengping = findFacility('tc-fengping');
    const [a, b] = await Promise.all([createIncident(fengping.lat + 0.01, fengping.lon), createIncident(fengping.lat - 0.01, fengping.lon)]);
    const second = await sut.login('admin');
    const results = await Promise.all([
      api.post(`/api/v1/incidents/${a.id}/assignments`, dispatcherToken, { vehicleId: 'fengping-01' }),
      api.post(`/api/v1/incidents/${b.id}/assignments`, second, { vehicleId: 'fengping-01' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const loser = results.find((r) => r.status === 409)!;
    expect(ApiErrorSchema.parse(await loser.json()).code).toBe('VEHICLE_NOT_AVAILABLE');
  });

  it('should raise an alert and propose the next ambulance when an offer is not answered', async () => {
    const xinan = findFacility('tc-xinan');
    const incident = await createIncident(xinan.lat + 0.005, xinan.lon);
    const offered = await expectJson<Assignment>(await api.post(`/api/v1/incidents/${incident.id}/assignments`, dispatcherToken, { vehicleId: 'xinan-01' }), 201);
    const alert = await waitFor(() => alerts.find((x) => x.kind === 'offer_unanswered' && x.incidentId === incident.id), 'offer_unanswered alert');
    expect(alert.details?.nextVehicleId).toEqual(expect.any(String));
    expect(alert.details?.nextVehicleId).not.toBe('xinan-01');
    expect((await api.getVehicle('xinan-01')).status).toBe('available');
    const after = IncidentSchema.parse(await expectJson(await sut.api(`/api/v1/incidents/${incident.id}`, { token: dispatcherToken }), 200));
    expect(after.status).toBe('new');
    expect(after.assignments.find((x) => x.id === offered.id)?.status).toBe('expired');
    // the crew can no longer accept the expired offer
    const crew = await sut.login('crew-xinan-01');
    const late = await api.post(`/api/v1/assignments/${offered.id}/accept`, crew);
    expect(late.status).toBe(409);
    expect(ApiErrorSchema.parse(await late.json()).code).toBe('ASSIGNMENT_NOT_OFFERED');
  });

  it('should raise an alert when the ambulance has not departed within the target', async () => {
    const jiuli = findFacility('tc-jiuli');
    const incident = await createIncident(jiuli.lat + 0.005, jiuli.lon);
    const a = await expectJson<Assignment>(await api.post(`/api/v1/incidents/${incident.id}/assignments`, dispatcherToken, { vehicleId: 'jiuli-01' }), 201);
    await expectJson(await api.post(`/api/v1/assignments/${a.id}/accept`, await sut.login('crew-jiuli-01')), 200);
    const alert = await waitFor(() => alerts.find((x) => x.kind === 'departure_late' && x.incidentId === incident.id), 'departure_late alert');
    expect(alert.vehicleId).toBe('jiuli-01');
    expect(alert.severity).toBe('critical');
  });

  it('should refuse illegal status changes with stable codes', async () => {
    const crew = await sut.login('crew-shimen-01');
    const res = await api.post('/api/v1/vehicles/shimen-01/status', crew, { status: 'transporting' });
    expect(res.status).toBe(409);
    expect(ApiErrorSchema.parse(await res.json()).code).toBe('VEHICLE_ILLEGAL_TRANSITION');
    const notMine = await api.post('/api/v1/vehicles/lh-02/status', crew, { status: 'out_of_service' });
    expect(notMine.status).toBe(403);

    const incident = await createIncident(30.1, 118.5);
    const bad = await api.post(`/api/v1/incidents/${incident.id}/status`, dispatcherToken, { status: 'at_hospital' });
    expect(bad.status).toBe(409);
    expect(ApiErrorSchema.parse(await bad.json()).code).toBe('INCIDENT_ILLEGAL_TRANSITION');
    expect((await api.post(`/api/v1/incidents/${incident.id}/status`, dispatcherToken, { status: 'cancelled' })).status).toBe(200);
    expect((await api.post('/api/v1/incidents', crew, { location: { lat: 30, lon: 118 }, complaint: 'x', priority: 'urgent' })).status).toBe(403);
    const unknown = await sut.api('/api/v1/incidents/00000000-0000-4000-8000-000000000000', { token: dispatcherToken });
    expect(ApiErrorSchema.parse(await unknown.json()).code).toBe('INCIDENT_NOT_FOUND');
  });

  it('should keep a corrected time stamp and mark it superseded', async () => {
    const incident = await createIncident(30.1, 118.52);
    const onset = await expectJson<TimelineStamp>(await api.post(`/api/v1/incidents/${incident.id}/timeline`, dispatcherToken, { node: 'symptom_onset', at: '2026-11-22T07:10:00Z' }), 201);
    expect(onset).toMatchObject({ source: 'manual', recordedBy: 'user:dispatcher' });
    await expectJson(await api.post(`/api/v1/incidents/${incident.id}/timeline`, dispatcherToken, { node: 'symptom_onset', at: '2026-11-22T07:05:00Z', supersedes: onset.id, note: 'wife corrected the time' }), 201);
    const stamps = (await api.getTimeline(incident.id)).filter((s) => s.node === 'symptom_onset');
    expect(stamps).toHaveLength(2);
    expect(stamps.find((s) => s.id === onset.id)?.supersededBy).toEqual(expect.any(String));
  });

  it('should write every change to a hash-chained audit log that nobody can rewrite', async () => {
    const db = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await db.connect();
    try {
      const { rows } = await db.query<{ prev_hash: string; hash: string; entity: string }>('SELECT prev_hash, hash, entity FROM audit_log ORDER BY id');
      expect(rows.length).toBeGreaterThan(10);
      for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
      expect([...new Set(rows.map((r) => r.entity))]).toEqual(expect.arrayContaining(['incident', 'assignment', 'vehicle', 'timeline']));
      await expect(db.query('UPDATE audit_log SET actor = $1', ['tamper'])).rejects.toThrow(/append-only/);
      await expect(db.query('DELETE FROM timeline_stamps')).rejects.toThrow(/append-only/);
    } finally {
      await db.end();
    }
  });
});
