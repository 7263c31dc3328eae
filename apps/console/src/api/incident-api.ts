import {
  AssignmentSchema,
  PlaceSchema,
  RecommendationListSchema,
  VehicleSchema,
  type Assignment,
  type ChangeIncidentStatusRequest,
  type ChangeVehicleStatusRequest,
  type CreateIncidentRequest,
  type Place,
  type RecommendationList,
  type Vehicle,
} from '@feijiu/contracts';
import { requestList, requestParsed } from './http';
import { ConsoleIncidentSchema, TimelineEntrySchema, type ConsoleIncident, type TimelineEntry } from './pending-contracts';

// The dispatch REST endpoints: incidents, recommendations, assignments, vehicle status, places.
const API = '/api/v1';
const id = encodeURIComponent;

export function createIncident(body: CreateIncidentRequest): Promise<ConsoleIncident> {
  return requestParsed(`${API}/incidents`, ConsoleIncidentSchema, { method: 'POST', body });
}

/** Open = not closed or cancelled. A crew member gets only incidents its vehicle is assigned to. */
export function fetchIncidents(scope: 'open' | 'all' = 'open'): Promise<ConsoleIncident[]> {
  return requestList(`${API}/incidents?scope=${scope}`, ConsoleIncidentSchema);
}

export function fetchIncident(incidentId: string): Promise<ConsoleIncident> {
  return requestParsed(`${API}/incidents/${id(incidentId)}`, ConsoleIncidentSchema);
}

export function changeIncidentStatus(incidentId: string, body: ChangeIncidentStatusRequest): Promise<ConsoleIncident> {
  return requestParsed(`${API}/incidents/${id(incidentId)}/status`, ConsoleIncidentSchema, { method: 'POST', body });
}

export function fetchRecommendations(incidentId: string): Promise<RecommendationList> {
  return requestParsed(`${API}/incidents/${id(incidentId)}/recommendations`, RecommendationListSchema);
}

export function assignVehicle(incidentId: string, vehicleId: string): Promise<Assignment> {
  return requestParsed(`${API}/incidents/${id(incidentId)}/assignments`, AssignmentSchema, {
    method: 'POST',
    body: { vehicleId },
  });
}

export function acceptAssignment(assignmentId: string): Promise<Assignment> {
  return requestParsed(`${API}/assignments/${id(assignmentId)}/accept`, AssignmentSchema, { method: 'POST', body: {} });
}

export function declineAssignment(assignmentId: string, reason?: string): Promise<Assignment> {
  return requestParsed(`${API}/assignments/${id(assignmentId)}/decline`, AssignmentSchema, {
    method: 'POST',
    body: reason ? { reason } : {},
  });
}

export function changeVehicleStatus(vehicleId: string, body: ChangeVehicleStatusRequest): Promise<Vehicle> {
  return requestParsed(`${API}/vehicles/${id(vehicleId)}/status`, VehicleSchema, { method: 'POST', body });
}

export function chooseDestination(incidentId: string, hospitalId: string): Promise<ConsoleIncident> {
  return requestParsed(`${API}/incidents/${id(incidentId)}/destination`, ConsoleIncidentSchema, {
    method: 'POST',
    body: { hospitalId },
  });
}

export function searchPlaces(query: string): Promise<Place[]> {
  return requestList(`${API}/places?q=${encodeURIComponent(query)}`, PlaceSchema);
}

export function fetchTimeline(incidentId: string): Promise<TimelineEntry[]> {
  return requestList(`${API}/incidents/${id(incidentId)}/timeline`, TimelineEntrySchema);
}
