import { ApiErrorSchema, type Assignment, type Incident, IncidentSchema, type TimelineStamp, VehicleSchema } from '@feijiu/contracts';
import { DEMO_COUNTY } from '@feijiu/geo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/core-harness';

// Ending an incident by hand: a close or a cancel lets go of its ambulances, so their crews'
// later taps no longer drive it; and only the dispatch centre cancels, or closes before the
// hospital. The medium tests share one database: tcm-01 and lh-04 are dispatched by no other test
// (only their telemetry is used elsewhere); no GPS is sent, and each test leaves them available.
describe('ending an incident by hand', () => {
  let sut: Harness;
  let dispatcher: string;

  const facility = (id: string) => DEMO_COUNTY.facilities.find((f) => f.id === id)!;
  const stationOf = (vehicleId: string) => facility(DEMO_COUNTY.vehicles.find((v) => v.id === vehicleId)!.stationId);
  const json = async <T>(res: Response, status = 200): Promise<T> => {
    const body = (await res.json()) as T;
    expect(res.status, JSON.stringify(body)).toBe(status);
    return body;
  };
  const post = (path: string, token: string, body: unknown = {}) => sut.api(path, { method: 'POST', token, body: JSON.stringify(body) });
  const createIncidentNear = (vehicleId: string) => {
    const at = stationOf(vehicleId);
    return post('/api/v1/incidents', dispatcher, { location: { lat: at.lat + 0.01, lon: at.lon + 0.02 }, complaint: '晕厥 syncope', priority: 'urgent' }).then((r) =>
      json<Incident>(r, 201),
    );
  };
  const assign = (incidentId: string, vehicleId: string) => post(`/api/v1/incidents/${incidentId}/assignments`, dispatcher, { vehicleId }).then((r) => json<Assignment>(r, 201));
  const incident = async (id: string) => IncidentSchema.parse(await json(await sut.api(`/api/v1/incidents/${id}`, { token: dispatcher })));
  const assignmentStatus = async (incidentId: string, id: string) => (await incident(incidentId)).assignments.find((a) => a.id === id)!.status;
  const vehicleStatus = async (id: string) => VehicleSchema.parse(await json(await sut.api(`/api/v1/vehicles/${id}`, { token: dispatcher }))).status;
  const nodes = async (incidentId: string) =>
    (await json<TimelineStamp[]>(await sut.api(`/api/v1/incidents/${incidentId}/timeline`, { token: dispatcher }))).filter((s) => !s.supersededBy).map((s) => s.node);
  const tap = async (vehicleId: string, crew: string, status: string) => json(await post(`/api/v1/vehicles/${vehicleId}/status`, crew, { status }));
  const setStatus = (incidentId: string, token: string, status: string, reason?: string) => post(`/api/v1/incidents/${incidentId}/status`, token, { status, reason });
  /** An incident with `vehicleId` accepted and its crew's taps up to `status`. */
  const onTheJob = async (vehicleId: string, taps: string[]) => {
    const call = await createIncidentNear(vehicleId);
    const offer = await assign(call.id, vehicleId);
    const crew = await sut.login(`crew-${vehicleId}`);
    await json(await post(`/api/v1/assignments/${offer.id}/accept`, crew));
    for (const status of taps) await tap(vehicleId, crew, status);
    return { call, offer, crew };
  };

  beforeAll(async () => {
    sut = await startHarness({ FEIJIU_DEPARTURE_TARGET_SEC: '600' });
    dispatcher = await sut.login('dispatcher');
  });
  afterAll(async () => {
    await sut?.stop();
  });

  it('should complete the ambulance on scene when the dispatcher closes, so its later taps stamp nothing on the closed incident', async () => {
    const { call, offer, crew } = await onTheJob('tcm-01', ['en_route', 'on_scene']);
    await expect.poll(async () => (await incident(call.id)).status).toBe('on_scene');

    // treated on scene, as the crew radioed: the dispatcher closes
    await json(await setStatus(call.id, dispatcher, 'closed', 'treated on scene'));
    await expect.poll(() => assignmentStatus(call.id, offer.id)).toBe('completed');
    const closedNodes = await nodes(call.id);
    expect(closedNodes.at(-1)).toBe('incident_closed');

    // the crew, still on the road, taps on through a transport it then makes
    await tap('tcm-01', crew, 'transporting');
    await tap('tcm-01', crew, 'at_hospital');
    await tap('tcm-01', crew, 'available');
    expect((await incident(call.id)).status).toBe('closed');
    expect(await nodes(call.id)).toEqual(closedNodes);
    expect(await vehicleStatus('tcm-01')).toBe('available');
  });

  it('should stand the ambulance at the scene down to returning when the dispatcher cancels', async () => {
    const { call, offer, crew } = await onTheJob('lh-04', ['en_route', 'on_scene']);
    await expect.poll(async () => (await incident(call.id)).status).toBe('on_scene');

    await json(await setStatus(call.id, dispatcher, 'cancelled', 'no_patient_found'));
    await expect.poll(() => assignmentStatus(call.id, offer.id)).toBe('cancelled');
    await expect.poll(() => vehicleStatus('lh-04')).toBe('returning');
    const cancelledNodes = await nodes(call.id);
    await tap('lh-04', crew, 'available');
    expect(await nodes(call.id)).toEqual(cancelledNodes);
  });

  it('should refuse a crew cancelling its incident or closing it before the hospital, and let it close after the handover', async () => {
    const { call, offer, crew } = await onTheJob('tcm-01', []);
    for (const [status, from] of [
      ['cancelled', 'dispatched'],
      ['cancelled', 'on_scene'],
      ['closed', 'on_scene'],
    ] as const) {
      if (from === 'on_scene' && (await incident(call.id)).status !== 'on_scene') {
        await tap('tcm-01', crew, 'en_route');
        await tap('tcm-01', crew, 'on_scene');
        await expect.poll(async () => (await incident(call.id)).status).toBe('on_scene');
      }
      const res = await setStatus(call.id, crew, status, 'crew says so');
      expect(res.status, `${status} from ${from}`).toBe(403);
      expect(ApiErrorSchema.parse(await res.json()).code).toBe('FORBIDDEN');
      expect((await incident(call.id)).status).toBe(from);
    }

    await tap('tcm-01', crew, 'transporting');
    await json(await post(`/api/v1/incidents/${call.id}/destination`, crew, { hospitalId: 'tcm' }));
    await tap('tcm-01', crew, 'at_hospital');
    await expect.poll(async () => (await incident(call.id)).status).toBe('at_hospital');
    // handed over: the crew may close the job itself
    await json(await setStatus(call.id, crew, 'closed'));
    await expect.poll(() => assignmentStatus(call.id, offer.id)).toBe('completed');
    await tap('tcm-01', crew, 'available');
    expect(await vehicleStatus('tcm-01')).toBe('available');
  });
});
