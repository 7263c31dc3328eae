import { ApiErrorSchema, AssignmentSchema } from '@feijiu/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, createApiClient, expectJson } from './support/api-client';
import { type Harness, startHarness } from './support/core-harness';
import { createFleetDriver, findHomeStation, type FleetDriver } from './support/fleet-driver';

// A crew that drives off before pressing Accept has accepted (incident-lifecycle.test.ts); the
// tablet's Accept pressed afterwards must not tell it the offer is gone. The medium tests share one
// database: lh-10 is dispatched by no other test, and it is driven home at the end.
describe('accepting an offer after driving off', () => {
  const VEHICLE = 'lh-10';
  let sut: Harness;
  let api: ApiClient;
  let fleet: FleetDriver;
  let dispatcher: string;
  let admin: string;

  const station = findHomeStation(VEHICLE);
  const acceptedEntries = async (assignmentId: string) => (await api.getAssignmentAudit(assignmentId, admin)).filter((e) => e.action === 'accepted');

  beforeAll(async () => {
    sut = await startHarness();
    dispatcher = await sut.login('dispatcher');
    admin = await sut.login('admin');
    api = createApiClient(sut, dispatcher);
    fleet = createFleetDriver(sut);
  });
  afterAll(async () => {
    await fleet?.stop();
    await sut?.stop();
  });

  it('should answer Accept pressed after the GPS departure with the assignment as it is, and refuse it once the offer ended', async () => {
    const call = await api.createIncident({ location: { lat: station.lat + 0.02, lon: station.lon + 0.01 }, complaint: '胸痛 chest pain', priority: 'urgent' });
    const offer = await api.assign(call.id, VEHICLE);

    // the crew rolls without a word: its GPS leaves the station, which accepts the offer
    const rolledAt = new Date();
    await fleet.publishFix(VEHICLE, station.lat + 0.005, station.lon, rolledAt, 12);
    await expect.poll(() => api.getAssignment(call.id, offer.id)).toMatchObject({ status: 'accepted', respondedAt: rolledAt.toISOString() });

    // then someone on board presses Accept on the tablet, twice
    const crew = await sut.login(`crew-${VEHICLE}`);
    for (let press = 0; press < 2; press++) {
      const answered = AssignmentSchema.parse(await expectJson(await api.post(`/api/v1/assignments/${offer.id}/accept`, crew)));
      expect(answered).toMatchObject({ id: offer.id, vehicleId: VEHICLE, status: 'accepted', respondedAt: rolledAt.toISOString() });
    }
    // the acceptance on record is still the GPS's, once
    expect((await acceptedEntries(offer.id)).map((e) => e.actor)).toEqual([`system:gps:${VEHICLE}`]);
    expect((await api.getIncident(call.id)).status).toBe('dispatched');

    // another ambulance's crew is still refused
    const otherCrew = await api.post(`/api/v1/assignments/${offer.id}/accept`, await sut.login('crew-lh-09'));
    expect(otherCrew.status).toBe(403);

    // once the call is cancelled the assignment is over: Accept is refused
    await expectJson(await api.post(`/api/v1/incidents/${call.id}/status`, dispatcher, { status: 'cancelled', reason: 'duplicate call' }));
    await expect.poll(async () => (await api.getAssignment(call.id, offer.id)).status).toBe('cancelled');
    const late = await api.post(`/api/v1/assignments/${offer.id}/accept`, crew);
    expect(late.status).toBe(409);
    expect(ApiErrorSchema.parse(await late.json())).toMatchObject({ code: 'ASSIGNMENT_NOT_OFFERED', details: { status: 'cancelled' } });

    await expect.poll(() => api.getVehicleStatus(VEHICLE)).toBe('available');
    // home again for the tests after this one (a fix later than any of theirs)
    await fleet.driveHome(VEHICLE);
  });
});
