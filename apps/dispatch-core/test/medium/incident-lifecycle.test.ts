import { type AlertRaisedEvent, ApiErrorSchema, QualityReportSchema, type TimelineStamp } from '@feijiu/contracts';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, createApiClient, expectJson } from './support/api-client';
import { type Harness, startHarness, waitFor } from './support/core-harness';
import { createFleetDriver, findFacility, type FleetDriver } from './support/fleet-driver';

// What a dispatcher sees of an incident's life on its timeline: every status change stamped,
// by whom (a person: manual with who; the core: auto with its source). The medium tests share one
// database: the ambulances sent here are ones no other test sends (linxi-01 only has its crew
// listed elsewhere), each test leaves them available, and one that drove is driven home.
describe('incident lifecycle on the timeline', () => {
  let sut: Harness;
  let api: ApiClient;
  let fleet: FleetDriver;
  let dispatcher: string;
  let admin: string;
  let dispatcherSocket: Socket;
  const alerts: AlertRaisedEvent[] = [];
  const DEPARTURE_TARGET_SEC = 6;

  const createIncidentNear = (stationId: string) => {
    const at = findFacility(stationId);
    return api.createIncident({ location: { lat: at.lat + 0.02, lon: at.lon + 0.01 }, complaint: '胸痛 chest pain', priority: 'urgent' });
  };

  beforeAll(async () => {
    sut = await startHarness({ FEIJIU_OFFER_TIMEOUT_SEC: '5', FEIJIU_DEPARTURE_TARGET_SEC: String(DEPARTURE_TARGET_SEC), FEIJIU_GEOFENCE_DWELL_SEC: '1' });
    dispatcher = await sut.login('dispatcher');
    admin = await sut.login('admin');
    api = createApiClient(sut, dispatcher);
    fleet = createFleetDriver(sut);
    dispatcherSocket = sut.live(dispatcher);
    dispatcherSocket.on('alert.raised', (a: AlertRaisedEvent) => alerts.push(a));
    await waitFor(() => dispatcherSocket.connected, 'dispatcher socket');
  });
  afterAll(async () => {
    await fleet?.stop();
    await sut?.stop();
  });

  it('should refuse a manual move to dispatched, which only an assignment makes', async () => {
    const call = await createIncidentNear('tc-longtan');
    for (const status of ['dispatched', 'new'] as const) {
      const res = await api.post(`/api/v1/incidents/${call.id}/status`, dispatcher, { status });
      expect(res.status).toBe(409);
      const error = ApiErrorSchema.parse(await res.json());
      expect(error.code).toBe('INCIDENT_ILLEGAL_TRANSITION');
      expect(error.details).toMatchObject({ from: 'new', to: status, allowed: ['cancelled'] });
    }
    expect((await api.getIncident(call.id)).status).toBe('new');
    expect(await api.getStamps(call.id, 'dispatch_order')).toEqual([]);
    await expectJson(await api.post(`/api/v1/incidents/${call.id}/status`, dispatcher, { status: 'cancelled' }));
  });

  it('should put a cancellation on the timeline as the dispatcher with the reason, and stand the ambulance down', async () => {
    const call = await createIncidentNear('tc-longtan');
    await api.assign(call.id, 'longtan-01');
    await expectJson(await api.post(`/api/v1/incidents/${call.id}/status`, dispatcher, { status: 'cancelled', reason: 'caller rang back: no longer needed' }));

    const [cancelled, ...more] = await api.getStamps(call.id, 'incident_cancelled');
    expect(more).toEqual([]);
    expect(cancelled).toMatchObject({ source: 'manual', recordedBy: 'user:dispatcher', note: 'caller rang back: no longer needed' });
    await expect.poll(() => api.getVehicleStatus('longtan-01')).toBe('available');
    // a person cannot stamp a status node by hand: it comes with the status change
    const byHand = await api.post(`/api/v1/incidents/${call.id}/timeline`, dispatcher, { node: 'incident_closed', at: new Date().toISOString() });
    expect(byHand.status).toBe(400);
    expect(ApiErrorSchema.parse(await byHand.json()).code).toBe('VALIDATION_FAILED');
  });

  it('should stamp the return to the queue when the crew declines, and the next dispatch order again', async () => {
    const call = await createIncidentNear('tc-baishan');
    const first = await api.assign(call.id, 'baishan-01');
    await expectJson(await api.post(`/api/v1/assignments/${first.id}/decline`, await sut.login('crew-baishan-01'), { reason: 'tyre' }));
    await expect.poll(async () => (await api.getIncident(call.id)).status).toBe('new');
    const [requeued] = await api.getStamps(call.id, 'returned_to_queue');
    expect(requeued).toMatchObject({ source: 'auto', sourceDetail: 'dispatch.requeue' });

    const second = await api.assign(call.id, 'gaoqiao-01');
    const orders = await api.getStamps(call.id, 'dispatch_order');
    expect(orders.map((s) => [s.at, s.sourceDetail, s.source])).toEqual([
      [first.offeredAt, `assignment:${first.id}`, 'auto'],
      [second.offeredAt, `assignment:${second.id}`, 'auto'],
    ]);
    expect((await api.getCurrentStamps(call.id)).map((s) => s.node)).toEqual(['call_received', 'dispatch_order', 'returned_to_queue', 'dispatch_order']);
    await expectJson(await api.post(`/api/v1/incidents/${call.id}/status`, dispatcher, { status: 'cancelled' }));
    await expect.poll(() => api.getVehicleStatus('gaoqiao-01')).toBe('available');
  });

  it('should stamp every round of a requeued dispatch after its stamps were corrected, and report the first order and the departure that went', async () => {
    const createdFrom = new Date();
    const call = await createIncidentNear('tc-baishan');
    const createdTo = new Date(Date.now() + 1);
    const correct = async (stamp: TimelineStamp, at: Date) =>
      expectJson(await api.post(`/api/v1/incidents/${call.id}/timeline`, dispatcher, { node: stamp.node, at: at.toISOString(), supersedes: stamp.id, note: 'from the radio log' }), 201);
    const t0 = Date.parse(call.createdAt);
    const minutes = (n: number) => new Date(t0 + n * 60_000);

    // round 1: baishan-01 rolls, then breaks down and is stood down by its crew
    await api.assign(call.id, 'baishan-01');
    const baishan = await sut.login('crew-baishan-01');
    await api.tap('baishan-01', baishan, 'en_route');
    await expect.poll(() => api.getStamps(call.id, 'departure')).toHaveLength(1);
    await api.tap('baishan-01', baishan, 'available');
    await expect.poll(() => api.getStamps(call.id, 'returned_to_queue')).toHaveLength(1);
    // the call was taken on paper first: the dispatcher puts the real times on the first round
    const [received] = await api.getStamps(call.id, 'call_received');
    const [order1] = await api.getStamps(call.id, 'dispatch_order');
    const [departure1] = await api.getStamps(call.id, 'departure');
    await correct(received!, minutes(-4));
    await correct(order1!, minutes(-3));
    await correct(departure1!, minutes(-2));

    // round 2: gaoqiao-01 is ordered and rolls; its order and departure are stamped
    const second = await api.assign(call.id, 'gaoqiao-01');
    await expect.poll(async () => (await api.getStamps(call.id, 'dispatch_order')).map((s) => s.sourceDetail)).toEqual(['console', `assignment:${second.id}`]);
    const gaoqiao = await sut.login('crew-gaoqiao-01');
    await api.tap('gaoqiao-01', gaoqiao, 'en_route');
    await expect.poll(async () => (await api.getStamps(call.id, 'departure')).map((s) => s.sourceDetail)).toEqual(['console', 'vehicle-status:en_route']);
    // a late correction of the first requeue does not swallow the second
    const [requeue1] = await api.getStamps(call.id, 'returned_to_queue');
    await correct(requeue1!, minutes(-1));
    await api.tap('gaoqiao-01', gaoqiao, 'available');
    await expect.poll(async () => (await api.getStamps(call.id, 'returned_to_queue')).map((s) => s.source)).toEqual(['manual', 'auto']);
    await expectJson(await api.post(`/api/v1/incidents/${call.id}/status`, dispatcher, { status: 'cancelled', reason: 'test over' }));

    // the quality report: call → the first order; departure → the order of the ambulance that went
    const report = QualityReportSchema.parse(
      await expectJson(await sut.api(`/api/v1/quality?pathway=ems&from=${createdFrom.toISOString()}&to=${createdTo.toISOString()}`, { token: dispatcher })),
    );
    const metric = (id: string) => report.metrics.find((m) => m.id === id)!;
    expect(report.incidents).toBe(1);
    expect(metric('call_to_dispatch')).toMatchObject({ n: 1, medianMin: 1 });
    const [, order2] = await api.getStamps(call.id, 'dispatch_order');
    const [, departure2] = await api.getStamps(call.id, 'departure');
    const departureMin = Math.round(((Date.parse(departure2!.at) - Date.parse(order2!.at)) / 60_000) * 10) / 10;
    expect(metric('departure')).toMatchObject({ n: 1, medianMin: departureMin });
    for (const id of ['baishan-01', 'gaoqiao-01']) expect(await api.getVehicleStatus(id)).toBe('available');
  });

  it("should stamp a dispatcher's on-scene as the arrival, keep it when the crew taps it later, and close as the crew", async () => {
    const call = await createIncidentNear('tc-linxi');
    const a = await api.assign(call.id, 'linxi-01');
    const crew = await sut.login('crew-linxi-01');
    await expectJson(await api.post(`/api/v1/assignments/${a.id}/accept`, crew));
    // the crew radioed in: the dispatcher sets the incident on scene
    await expectJson(await api.post(`/api/v1/incidents/${call.id}/status`, dispatcher, { status: 'on_scene' }));
    const [arrival] = await api.getStamps(call.id, 'arrival_on_scene');
    expect(arrival).toMatchObject({ source: 'manual', recordedBy: 'user:dispatcher', sourceDetail: 'incident-status:on_scene' });

    // the crew's own taps: departure as the crew; the arrival is not stamped a second time
    await api.tap('linxi-01', crew, 'en_route');
    await expect.poll(() => api.getStamps(call.id, 'departure')).toEqual([
      expect.objectContaining({ source: 'manual', recordedBy: 'user:crew-linxi-01', sourceDetail: 'vehicle-status:en_route' }),
    ]);
    await api.tap('linxi-01', crew, 'on_scene');
    // treated on scene, not transported: the crew clears and the incident closes
    await api.tap('linxi-01', crew, 'available');
    await expect.poll(async () => (await api.getIncident(call.id)).status).toBe('closed');

    const stamps = await api.getCurrentStamps(call.id);
    expect(stamps.filter((s) => s.node === 'arrival_on_scene')).toEqual([arrival]);
    expect(stamps.filter((s) => s.node === 'incident_closed')).toEqual([
      expect.objectContaining({ source: 'manual', recordedBy: 'user:crew-linxi-01', sourceDetail: 'vehicle-status:available' }),
    ]);
    expect(stamps.map((s) => s.node)).toEqual(['call_received', 'dispatch_order', 'arrival_on_scene', 'departure', 'incident_closed']);
  });

  it('should stamp the crew taps of a whole call-out as the crew and the geofence as auto', async () => {
    const call = await createIncidentNear('tc-gaoqiao');
    const a = await api.assign(call.id, 'gaoqiao-01');
    const crew = await sut.login('crew-gaoqiao-01');
    await expectJson(await api.post(`/api/v1/assignments/${a.id}/accept`, crew));
    await api.tap('gaoqiao-01', crew, 'en_route');
    await api.tap('gaoqiao-01', crew, 'on_scene');
    await api.tap('gaoqiao-01', crew, 'transporting');
    await expectJson(await api.post(`/api/v1/incidents/${call.id}/destination`, crew, { hospitalId: 'gh2' }));
    // at the door the geofence is first: arrival at hospital is the core's, not the crew's
    const gh2 = findFacility('gh2');
    const t0 = new Date();
    await fleet.publishFix('gaoqiao-01', gh2.lat + 0.0002, gh2.lon, t0, 0.5);
    await fleet.publishFix('gaoqiao-01', gh2.lat + 0.0001, gh2.lon, new Date(t0.getTime() + 2000), 0);
    await expect.poll(() => api.getVehicleStatus('gaoqiao-01'), { timeout: 15_000 }).toBe('at_hospital');
    await api.tap('gaoqiao-01', crew, 'returning');
    await expect.poll(async () => (await api.getIncident(call.id)).status).toBe('closed');
    await api.tap('gaoqiao-01', crew, 'available');
    await fleet.driveHome('gaoqiao-01');

    const byNode = new Map((await api.getCurrentStamps(call.id)).map((s) => [s.node, s]));
    for (const [node, status] of [
      ['departure', 'en_route'],
      ['arrival_on_scene', 'on_scene'],
      ['leave_scene', 'transporting'],
      ['incident_closed', 'returning'],
    ] as const) {
      expect(byNode.get(node), node).toMatchObject({ source: 'manual', recordedBy: 'user:crew-gaoqiao-01', sourceDetail: `vehicle-status:${status}` });
    }
    expect(byNode.get('arrival_at_hospital')).toMatchObject({ source: 'auto', sourceDetail: 'geofence:gaoqiao-01', recordedBy: null, at: t0.toISOString() });
    expect((await api.getCurrentStamps(call.id)).length).toBe(byNode.size);
  });

  it('should take an ambulance that drives off without pressing Accept as having accepted it, and not stand it down at the offer timeout', async () => {
    const byGps = await createIncidentNear('tc-yangcun');
    const byTap = await createIncidentNear('tc-longtan');
    const unanswered = await createIncidentNear('tc-baishan');
    const gpsOffer = await api.assign(byGps.id, 'yangcun-01');
    const tapOffer = await api.assign(byTap.id, 'longtan-01');
    // one offer nobody answers, made last: once its alert is raised, the timer has passed the others
    await api.assign(unanswered.id, 'baishan-01');

    // yangcun-01 rolls without a word: its GPS leaves the station
    const station = findFacility('tc-yangcun');
    const rolledAt = new Date();
    await fleet.publishFix('yangcun-01', station.lat + 0.005, station.lon, rolledAt);
    // longtan-01's crew taps en route on the tablet instead of Accept
    await api.tap('longtan-01', await sut.login('crew-longtan-01'), 'en_route');

    await expect.poll(() => api.getAssignment(byGps.id, gpsOffer.id)).toMatchObject({ status: 'accepted', respondedAt: rolledAt.toISOString() });
    await expect.poll(async () => (await api.getAssignment(byTap.id, tapOffer.id)).status).toBe('accepted');

    await waitFor(() => alerts.find((x) => x.kind === 'offer_unanswered' && x.incidentId === unanswered.id), 'offer_unanswered for the unanswered offer');
    expect(alerts.filter((x) => x.kind === 'offer_unanswered' && (x.incidentId === byGps.id || x.incidentId === byTap.id))).toEqual([]);
    expect(await api.getVehicleStatus('yangcun-01')).toBe('en_route');
    expect(await api.getVehicleStatus('longtan-01')).toBe('en_route');
    for (const [call, offer] of [
      [byGps, gpsOffer],
      [byTap, tapOffer],
    ] as const) {
      expect((await api.getIncident(call.id)).status).toBe('dispatched');
      expect((await api.getAssignment(call.id, offer.id)).status).toBe('accepted');
    }
    // the acceptance is on record with what it came from
    expect((await api.getAssignmentAudit(gpsOffer.id, admin)).find((e) => e.action === 'accepted')?.actor).toBe('system:gps:yangcun-01');
    expect((await api.getAssignmentAudit(tapOffer.id, admin)).find((e) => e.action === 'accepted')?.actor).toBe('system:vehicle-status:en_route by user:crew-longtan-01');
    expect(await api.getStamps(byGps.id, 'departure')).toEqual([expect.objectContaining({ source: 'auto', sourceDetail: 'gps:yangcun-01', at: rolledAt.toISOString() })]);

    for (const call of [byGps, byTap, unanswered]) await expectJson(await api.post(`/api/v1/incidents/${call.id}/status`, dispatcher, { status: 'cancelled' }));
    for (const id of ['yangcun-01', 'longtan-01', 'baishan-01']) await expect.poll(() => api.getVehicleStatus(id)).toBe('available');
    await fleet.driveHome('yangcun-01');
  });

  it('should name the configured departure target in the late-departure alert', async () => {
    const call = await createIncidentNear('tc-baishan');
    const a = await api.assign(call.id, 'baishan-01');
    const crew = await sut.login('crew-baishan-01');
    await expectJson(await api.post(`/api/v1/assignments/${a.id}/accept`, crew));
    const alert = await waitFor(() => alerts.find((x) => x.kind === 'departure_late' && x.incidentId === call.id), 'departure_late alert');
    expect(alert.message).toMatch(new RegExp(String.raw`^baishan-01 has not departed \d+ s after the order \(target ${DEPARTURE_TARGET_SEC} s\)$`));
    await expectJson(await api.post(`/api/v1/incidents/${call.id}/status`, dispatcher, { status: 'cancelled' }));
    await expect.poll(() => api.getVehicleStatus('baishan-01')).toBe('available');
  });
});
