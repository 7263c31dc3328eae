import { type AlertRaisedEvent } from '@feijiu/contracts';
import pg from 'pg';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, createApiClient, expectJson } from './support/api-client';
import { type Harness, startHarness, waitFor } from './support/core-harness';
import { createFleetDriver, findHomeStation, type FleetDriver } from './support/fleet-driver';

// An offer made to an ambulance already on the road (returning from hospital, or free but driving)
// is answered only by the crew: its GPS moving on is not an acceptance, and the offer timer runs.
// And the offer timer never stands down an ambulance whose crew taps en route while it fires.
// The medium tests share one database: lh-07, lh-08 and tcm-03 are dispatched by no other test;
// each test leaves its ambulance available (or returning → available) and drives it home.
describe('offers to an ambulance on the road', () => {
  let sut: Harness;
  let api: ApiClient;
  let fleet: FleetDriver;
  let dispatcher: string;
  let admin: string;
  let dispatcherSocket: Socket;
  const alerts: AlertRaisedEvent[] = [];

  const createIncidentAt = (lat: number, lon: number) => api.createIncident({ location: { lat, lon }, complaint: '腹痛 abdominal pain', priority: 'urgent' });
  const auditActions = async (assignmentId: string) => (await api.getAssignmentAudit(assignmentId, admin)).map((e) => [e.action, e.actor]);
  // a fix is handled once the vehicle's position shows it; the GPS stamps follow a moment later
  const driveTo = async (vehicleId: string, lat: number, lon: number, ts: Date, speedMps: number) => {
    await fleet.publishFix(vehicleId, lat, lon, ts, speedMps);
    await expect.poll(async () => (await api.getVehicle(vehicleId)).position?.measuredAt).toBe(ts.toISOString());
  };
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

  beforeAll(async () => {
    sut = await startHarness({ FEIJIU_OFFER_TIMEOUT_SEC: '5', FEIJIU_DEPARTURE_TARGET_SEC: '120', FEIJIU_GEOFENCE_DWELL_SEC: '1' });
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

  it('should not take a returning ambulance driving on as having accepted, and let its offer time out back to returning', async () => {
    const VEHICLE = 'lh-07';
    const crew = await sut.login(`crew-${VEHICLE}`);
    const lead = findHomeStation(VEHICLE);
    // a job done: the crew leaves the hospital, returning
    const first = await createIncidentAt(lead.lat + 0.01, lead.lon + 0.01);
    const job = await api.assign(first.id, VEHICLE);
    await expectJson(await api.post(`/api/v1/assignments/${job.id}/accept`, crew));
    for (const status of ['en_route', 'on_scene', 'transporting', 'at_hospital', 'returning']) await api.tap(VEHICLE, crew, status);
    await expect.poll(async () => (await api.getIncident(first.id)).status).toBe('closed');

    // driving back at 12 m/s when the next call is offered to it
    const t0 = new Date();
    const road = { lat: lead.lat - 0.03, lon: lead.lon - 0.03 };
    await driveTo(VEHICLE, road.lat, road.lon, t0, 12);
    const call = await createIncidentAt(lead.lat + 0.02, lead.lon - 0.02);
    const offer = await api.assign(call.id, VEHICLE);
    // ~7 s on, it is well away from where it was offered the call: its crew has not seen it
    await driveTo(VEHICLE, road.lat + 0.005, road.lon, new Date(t0.getTime() + 7_000), 12);
    await driveTo(VEHICLE, road.lat + 0.01, road.lon, new Date(t0.getTime() + 14_000), 12);

    await waitFor(() => alerts.find((a) => a.kind === 'offer_unanswered' && a.incidentId === call.id), 'offer_unanswered for the returning ambulance');
    expect(await api.getAssignment(call.id, offer.id)).toMatchObject({ status: 'expired', respondedAt: null, departedAt: null });
    expect(await api.getStamps(call.id, 'departure')).toEqual([]);
    expect((await auditActions(offer.id)).map(([action]) => action)).not.toContain('accepted');
    // given back as it was: still on its way home
    await expect.poll(async () => (await api.getVehicle(VEHICLE)).status).toBe('returning');
    expect((await api.getIncident(call.id)).status).toBe('new');

    await expectJson(await api.post(`/api/v1/incidents/${call.id}/status`, dispatcher, { status: 'cancelled', reason: 'test over' }));
    await api.tap(VEHICLE, crew, 'available');
    await fleet.driveHome(VEHICLE);
  });

  it('should take the en-route tap of a moving ambulance as its acceptance and departure, not its GPS', async () => {
    const VEHICLE = 'lh-08';
    const crew = await sut.login(`crew-${VEHICLE}`);
    const lead = findHomeStation(VEHICLE);
    // free, but driving (back from a standby point) when the call comes
    const t0 = new Date();
    const road = { lat: lead.lat + 0.03, lon: lead.lon - 0.02 };
    await driveTo(VEHICLE, road.lat, road.lon, t0, 10);
    expect((await api.getVehicle(VEHICLE)).status).toBe('available');
    const call = await createIncidentAt(lead.lat - 0.02, lead.lon + 0.02);
    const offer = await api.assign(call.id, VEHICLE);
    await driveTo(VEHICLE, road.lat - 0.005, road.lon, new Date(t0.getTime() + 7_000), 10);
    await pause(1_000);
    expect(await api.getAssignment(call.id, offer.id)).toMatchObject({ status: 'offered', departedAt: null });
    expect((await api.getVehicle(VEHICLE)).status).toBe('dispatched');

    // the crew saw it and taps en route: that is the answer, and the departure
    await api.tap(VEHICLE, crew, 'en_route');
    await expect.poll(async () => (await api.getAssignment(call.id, offer.id)).status).toBe('accepted');
    await expect.poll(async () => (await auditActions(offer.id)).filter(([action]) => action === 'accepted')).toEqual([
      ['accepted', `system:vehicle-status:en_route by user:crew-${VEHICLE}`],
    ]);
    await expect.poll(() => api.getStamps(call.id, 'departure')).toEqual([
      expect.objectContaining({ source: 'manual', recordedBy: `user:crew-${VEHICLE}`, sourceDetail: 'vehicle-status:en_route' }),
    ]);
    expect(alerts.filter((a) => a.incidentId === call.id)).toEqual([]);

    await expectJson(await api.post(`/api/v1/incidents/${call.id}/status`, dispatcher, { status: 'cancelled', reason: 'test over' }));
    await expect.poll(async () => (await api.getVehicle(VEHICLE)).status).toBe('available');
    await fleet.driveHome(VEHICLE);
  });

  it('should not stand an ambulance down when its crew taps en route while the offer timer fires', async () => {
    const VEHICLE = 'tcm-03';
    const tcm = findHomeStation(VEHICLE);
    const call = await createIncidentAt(tcm.lat + 0.01, tcm.lon + 0.01);
    const offer = await api.assign(call.id, VEHICLE);

    // the tap's status change is under way (its row lock held) when the offer falls due
    const db = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await db.connect();
    try {
      await db.query('BEGIN');
      await db.query(`UPDATE vehicles SET status = 'en_route' WHERE id = $1`, [VEHICLE]);
      const waiting = async () =>
        (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND locktype IN ('transactionid', 'tuple')`)).rows[0]!.n;
      await expect.poll(waiting, { timeout: 20_000 }).toBeGreaterThan(0);
      await db.query('COMMIT');
    } finally {
      await db.end();
    }

    await expect.poll(async () => (await api.getAssignment(call.id, offer.id)).status).toBe('accepted');
    expect((await api.getVehicle(VEHICLE)).status).toBe('en_route');
    expect((await api.getIncident(call.id)).status).toBe('dispatched');
    expect(alerts.filter((a) => a.kind === 'offer_unanswered' && a.incidentId === call.id)).toEqual([]);

    await expectJson(await api.post(`/api/v1/incidents/${call.id}/status`, dispatcher, { status: 'cancelled', reason: 'test over' }));
    await expect.poll(async () => (await api.getVehicle(VEHICLE)).status).toBe('available');
  });
});
