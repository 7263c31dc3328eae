import {
  type Assignment,
  type AuditEntry,
  AuditPageSchema,
  type Incident,
  IncidentSchema,
  type TimelineStamp,
  type Vehicle,
  VehicleSchema,
  type VehicleStatus,
} from '@feijiu/contracts';
import { expect } from 'vitest';
import type { Harness } from './core-harness';

/** The JSON body of `res`, once its status is `status` (a wrong status fails with the body). */
export async function expectJson<T>(res: Response, status = 200): Promise<T> {
  const body = (await res.json()) as T;
  expect(res.status, JSON.stringify(body)).toBe(status);
  return body;
}

/** The REST calls the dispatch tests make; reads and dispatch actions go as the client's token. */
export interface ApiClient {
  /** POSTs `body` as JSON as `token`, whose answer the caller checks. */
  post(path: string, token: string, body?: unknown): Promise<Response>;
  /** A new incident from the call-taking form's `request`. */
  createIncident(request: Record<string, unknown>): Promise<Incident>;
  /** Offers `incidentId` to `vehicleId`. */
  assign(incidentId: string, vehicleId: string): Promise<Assignment>;
  getIncident(id: string): Promise<Incident>;
  getAssignment(incidentId: string, assignmentId: string): Promise<Assignment>;
  getVehicle(id: string): Promise<Vehicle>;
  getVehicleStatus(id: string): Promise<VehicleStatus>;
  /** Every stamp of the incident, superseded ones too. */
  getTimeline(incidentId: string): Promise<TimelineStamp[]>;
  /** The stamps nobody corrected since. */
  getCurrentStamps(incidentId: string): Promise<TimelineStamp[]>;
  /** The current stamps of one node. */
  getStamps(incidentId: string, node: string): Promise<TimelineStamp[]>;
  /** A status button on the crew tablet of `vehicleId`, pressed as `crewToken`. */
  tap(vehicleId: string, crewToken: string, status: string): Promise<unknown>;
  /** What the audit log holds of an assignment; reading it takes an administrator's token. */
  getAssignmentAudit(assignmentId: string, adminToken: string): Promise<AuditEntry[]>;
}

/** REST calls to `sut`, as `token` (a dispatcher's) unless a call names another. */
export function createApiClient(sut: Harness, token: string): ApiClient {
  const post = (path: string, asToken: string, body: unknown = {}) => sut.api(path, { method: 'POST', token: asToken, body: JSON.stringify(body) });
  const getIncident = async (id: string) => IncidentSchema.parse(await expectJson(await sut.api(`/api/v1/incidents/${id}`, { token })));
  const getVehicle = async (id: string) => VehicleSchema.parse(await expectJson(await sut.api(`/api/v1/vehicles/${id}`, { token })));
  const getTimeline = async (incidentId: string) => expectJson<TimelineStamp[]>(await sut.api(`/api/v1/incidents/${incidentId}/timeline`, { token }));
  const getCurrentStamps = async (incidentId: string) => (await getTimeline(incidentId)).filter((s) => !s.supersededBy);
  return {
    post,
    createIncident: async (request) => expectJson<Incident>(await post('/api/v1/incidents', token, request), 201),
    assign: async (incidentId, vehicleId) => expectJson<Assignment>(await post(`/api/v1/incidents/${incidentId}/assignments`, token, { vehicleId }), 201),
    getIncident,
    getAssignment: async (incidentId, assignmentId) => (await getIncident(incidentId)).assignments.find((a) => a.id === assignmentId)!,
    getVehicle,
    getVehicleStatus: async (id) => (await getVehicle(id)).status,
    getTimeline,
    getCurrentStamps,
    getStamps: async (incidentId, node) => (await getCurrentStamps(incidentId)).filter((s) => s.node === node),
    tap: async (vehicleId, crewToken, status) => expectJson(await post(`/api/v1/vehicles/${vehicleId}/status`, crewToken, { status })),
    getAssignmentAudit: async (assignmentId, adminToken) =>
      AuditPageSchema.parse(await expectJson(await sut.api(`/api/v1/audit?entity=assignment&entityId=${assignmentId}`, { token: adminToken }))).items,
  };
}
