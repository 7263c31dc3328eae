import { ApiErrorSchema } from '@feijiu/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, createApiClient, expectJson } from './support/api-client';
import { type Harness, startHarness } from './support/core-harness';
import { findHomeStation } from './support/fleet-driver';

// Ending an incident by hand: a close or a cancel lets go of its ambulances, so their crews'
// later taps no longer drive it; and only the dispatch centre cancels, or closes before the
// hospital. The medium tests share one database: tcm-01 and lh-04 are dispatched by no other test
// (only their telemetry is used elsewhere); no GPS is sent, and each test leaves them available.
describe('ending an incident by hand', () => {
  let sut: Harness;
  let api: ApiClient;
  let dispatcher: string;

  const createIncidentNear = (vehicleId: string) => {
    const at = findHomeStation(vehicleId);
    return api.createIncident({ location: { lat: at.lat + 0.01, lon: at.lon + 0.02 }, complaint: '晕厥 syncope', priority: 'urgent' });
  };
  const assignmentStatus = async (incidentId: string, id: string) => (await api.getAssignment(incidentId, id)).status;
  const nodes = async (incidentId: string) => (await api.getCurrentStamps(incidentId)).map((s) => s.node);
  const setStatus = (incidentId: string, token: string, status: string, reason?: string) => api.post(`/api/v1/incidents/${incidentId}/status`, token, { status, reason });
  /** An incident with `vehicleId` accepted and its crew's taps up to `status`. */
  const onTheJob = async (vehicleId: string, taps: string[]) => {
    const call = await createIncidentNear(vehicleId);
    const offer = await api.assign(call.id, vehicleId);
    const crew = await sut.login(`crew-${vehicleId}`);
    await expectJson(await api.post(`/api/v1/assignments/${offer.id}/accept`, crew));
    for (const status of taps) await api.tap(vehicleId, crew, status);
    return { call, offer, crew };
  };

  beforeAll(async () => {
    sut = await startHarness({ FEIJIU_DEPARTURE_TARGET_SEC: '600' });
    dispatcher = await sut.login('dispatcher');
    api = createApiClient(sut, dispatcher);
  });
  afterAll(async () => {
    await sut?.stop();
  });

  it('should complete the ambulance on scene when the dispatcher closes, so its later taps stamp nothing on the closed incident', async () => {
    const { call, offer, crew } = await onTheJob('tcm-01', ['en_route', 'on_scene']);
    await expect.poll(async () => (await api.getIncident(call.id)).status).toBe('on_scene');

    // treated on scene, as the crew radioed: the dispatcher closes
    await expectJson(await setStatus(call.id, dispatcher, 'closed', 'treated on scene'));
    await expect.poll(() => assignmentStatus(call.id, offer.id)).toBe('completed');
    const closedNodes = await nodes(call.id);
    expect(closedNodes.at(-1)).toBe('incident_closed');

    // the crew, still on the road, taps on through a transport it then makes
    await api.tap('tcm-01', crew, 'transporting');
    await api.tap('tcm-01', crew, 'at_hospital');
    await api.tap('tcm-01', crew, 'available');
    expect((await api.getIncident(call.id)).status).toBe('closed');
    expect(await nodes(call.id)).toEqual(closedNodes);
    expect(await api.getVehicleStatus('tcm-01')).toBe('available');
  });

  it('should stand the ambulance at the scene down to returning when the dispatcher cancels', async () => {
    const { call, offer, crew } = await onTheJob('lh-04', ['en_route', 'on_scene']);
    await expect.poll(async () => (await api.getIncident(call.id)).status).toBe('on_scene');

    await expectJson(await setStatus(call.id, dispatcher, 'cancelled', 'no_patient_found'));
    await expect.poll(() => assignmentStatus(call.id, offer.id)).toBe('cancelled');
    await expect.poll(() => api.getVehicleStatus('lh-04')).toBe('returning');
    const cancelledNodes = await nodes(call.id);
    await api.tap('lh-04', crew, 'available');
    expect(await nodes(call.id)).toEqual(cancelledNodes);
  });

  it('should refuse a crew cancelling its incident or closing it before the hospital, and let it close after the handover', async () => {
    const { call, offer, crew } = await onTheJob('tcm-01', []);
    for (const [status, from] of [
      ['cancelled', 'dispatched'],
      ['cancelled', 'on_scene'],
      ['closed', 'on_scene'],
    ] as const) {
      if (from === 'on_scene' && (await api.getIncident(call.id)).status !== 'on_scene') {
        await api.tap('tcm-01', crew, 'en_route');
        await api.tap('tcm-01', crew, 'on_scene');
        await expect.poll(async () => (await api.getIncident(call.id)).status).toBe('on_scene');
      }
      const res = await setStatus(call.id, crew, status, 'crew says so');
      expect(res.status, `${status} from ${from}`).toBe(403);
      expect(ApiErrorSchema.parse(await res.json()).code).toBe('FORBIDDEN');
      expect((await api.getIncident(call.id)).status).toBe(from);
    }

    await api.tap('tcm-01', crew, 'transporting');
    await expectJson(await api.post(`/api/v1/incidents/${call.id}/destination`, crew, { hospitalId: 'tcm' }));
    await api.tap('tcm-01', crew, 'at_hospital');
    await expect.poll(async () => (await api.getIncident(call.id)).status).toBe('at_hospital');
    // handed over: the crew may close the job itself
    await expectJson(await setStatus(call.id, crew, 'closed'));
    await expect.poll(() => assignmentStatus(call.id, offer.id)).toBe('completed');
    await api.tap('tcm-01', crew, 'available');
    expect(await api.getVehicleStatus('tcm-01')).toBe('available');
  });
});
