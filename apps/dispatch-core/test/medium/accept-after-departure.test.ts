import { ApiErrorSchema, type Assignment, AssignmentSchema, AuditPageSchema, buildVehicleTopic, type Incident, IncidentSchema, VehicleSchema } from '@feijiu/contracts';
import { DEMO_COUNTY } from '@feijiu/geo';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, type Harness, startHarness } from './support/core-harness';

// A crew that drives off before pressing Accept has accepted (incident-lifecycle.test.ts); the
// tablet's Accept pressed afterwards must not tell it the offer is gone. The medium tests share one
// database: lh-10 is dispatched by no other test, and it is driven home at the end.
describe('accepting an offer after driving off', () => {
  const VEHICLE = 'lh-10';
  let sut: Harness;
  let dispatcher: string;
  let admin: string;
  let gateway: MqttClient | undefined;
  let gpsSeq = Date.now();

  const station = DEMO_COUNTY.facilities.find((f) => f.id === DEMO_COUNTY.vehicles.find((v) => v.id === VEHICLE)!.stationId)!;
  const json = async <T>(res: Response, status = 200): Promise<T> => {
    const body = (await res.json()) as T;
    expect(res.status, JSON.stringify(body)).toBe(status);
    return body;
  };
  const post = (path: string, token: string, body: unknown = {}) => sut.api(path, { method: 'POST', token, body: JSON.stringify(body) });
  const incident = async (id: string) => IncidentSchema.parse(await json(await sut.api(`/api/v1/incidents/${id}`, { token: dispatcher })));
  const vehicleStatus = async () => VehicleSchema.parse(await json(await sut.api(`/api/v1/vehicles/${VEHICLE}`, { token: dispatcher }))).status;
  const assignmentOf = async (incidentId: string, id: string) => (await incident(incidentId)).assignments.find((a) => a.id === id)!;
  const acceptedEntries = async (assignmentId: string) =>
    AuditPageSchema.parse(await json(await sut.api(`/api/v1/audit?entity=assignment&entityId=${assignmentId}`, { token: admin }))).items.filter(
      (e) => e.action === 'accepted',
    );
  const publishFix = async (lat: number, lon: number, ts: Date, speedMps: number) => {
    gateway ??= await mqtt.connectAsync(sut.mqttUrl, { username: VEHICLE, password: DEMO_PASSWORD, protocolVersion: 4 });
    await gateway.publishAsync(buildVehicleTopic(VEHICLE, 'gps'), JSON.stringify({ seq: ++gpsSeq, ts: ts.toISOString(), lat, lon, speedMps, headingDeg: 0 }), {
      qos: 1,
    });
  };

  beforeAll(async () => {
    sut = await startHarness();
    dispatcher = await sut.login('dispatcher');
    admin = await sut.login('admin');
  });
  afterAll(async () => {
    await gateway?.endAsync();
    await sut?.stop();
  });

  it('should answer Accept pressed after the GPS departure with the assignment as it is, and refuse it once the offer ended', async () => {
    const call = await json<Incident>(
      await post('/api/v1/incidents', dispatcher, { location: { lat: station.lat + 0.02, lon: station.lon + 0.01 }, complaint: '胸痛 chest pain', priority: 'urgent' }),
      201,
    );
    const offer = await json<Assignment>(await post(`/api/v1/incidents/${call.id}/assignments`, dispatcher, { vehicleId: VEHICLE }), 201);

    // the crew rolls without a word: its GPS leaves the station, which accepts the offer
    const rolledAt = new Date();
    await publishFix(station.lat + 0.005, station.lon, rolledAt, 12);
    await expect.poll(() => assignmentOf(call.id, offer.id)).toMatchObject({ status: 'accepted', respondedAt: rolledAt.toISOString() });

    // then someone on board presses Accept on the tablet, twice
    const crew = await sut.login(`crew-${VEHICLE}`);
    for (let press = 0; press < 2; press++) {
      const answered = AssignmentSchema.parse(await json(await post(`/api/v1/assignments/${offer.id}/accept`, crew)));
      expect(answered).toMatchObject({ id: offer.id, vehicleId: VEHICLE, status: 'accepted', respondedAt: rolledAt.toISOString() });
    }
    // the acceptance on record is still the GPS's, once
    expect((await acceptedEntries(offer.id)).map((e) => e.actor)).toEqual([`system:gps:${VEHICLE}`]);
    expect((await incident(call.id)).status).toBe('dispatched');

    // another ambulance's crew is still refused
    const otherCrew = await post(`/api/v1/assignments/${offer.id}/accept`, await sut.login('crew-lh-09'));
    expect(otherCrew.status).toBe(403);

    // once the call is cancelled the assignment is over: Accept is refused
    await json(await post(`/api/v1/incidents/${call.id}/status`, dispatcher, { status: 'cancelled', reason: 'duplicate call' }));
    await expect.poll(async () => (await assignmentOf(call.id, offer.id)).status).toBe('cancelled');
    const late = await post(`/api/v1/assignments/${offer.id}/accept`, crew);
    expect(late.status).toBe(409);
    expect(ApiErrorSchema.parse(await late.json())).toMatchObject({ code: 'ASSIGNMENT_NOT_OFFERED', details: { status: 'cancelled' } });

    await expect.poll(() => vehicleStatus()).toBe('available');
    // home again for the tests after this one (a fix later than any of theirs)
    await publishFix(station.lat, station.lon, new Date(Date.now() + 3_600_000), 0);
  });
});
