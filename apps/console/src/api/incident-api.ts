import {
  AssignmentSchema,
  IncidentSchema,
  PlaceSchema,
  RecommendationListSchema,
  TimelineStampSchema,
  VehicleSchema,
  type Assignment,
  type ChangeIncidentStatusRequest,
  type ChangeVehicleStatusRequest,
  type CreateIncidentRequest,
  type CreateTimelineStampRequest,
  type Incident,
  type Place,
  type RecommendationList,
  type TimelineStamp,
  type Vehicle,
} from '@feijiu/contracts';
import { requestList, requestParsed } from './http';

// The dispatch REST endpoints: incidents, recommendations, assignments, vehicle status, places.
const API = '/api/v1';
const id = encodeURIComponent;

export function createIncident(body: CreateIncidentRequest): Promise<Incident> {
  return requestParsed(`${API}/incidents`, IncidentSchema, { method: 'POST', body });
}

/** Open = not closed or cancelled. A crew member gets only incidents its vehicle is assigned to. */
export function fetchIncidents(scope: 'open' | 'all' = 'open'): Promise<Incident[]> {
  return requestList(`${API}/incidents?scope=${scope}`, IncidentSchema);
}

export function fetchIncident(incidentId: string): Promise<Incident> {
  return requestParsed(`${API}/incidents/${id(incidentId)}`, IncidentSchema);
}

export function changeIncidentStatus(incidentId: string, body: ChangeIncidentStatusRequest): Promise<Incident> {
  return requestParsed(`${API}/incidents/${id(incidentId)}/status`, IncidentSchema, { method: 'POST', body });
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

export function chooseDestination(incidentId: string, hospitalId: string): Promise<Incident> {
  return requestParsed(`${API}/incidents/${id(incidentId)}/destination`, IncidentSchema, {
    method: 'POST',
    body: { hospitalId },
  });
}

export function searchPlaces(query: string): Promise<Place[]> {
  return requestList(`${API}/places?q=${encodeURIComponent(query)}`, PlaceSchema);
}

export function fetchTimeline(incidentId: string): Promise<TimelineStamp[]> {
  return requestList(`${API}/incidents/${id(incidentId)}/timeline`, TimelineStampSchema);
}

/** A manual stamp, or a correction of an earlier one (`supersedes`: it stays, marked superseded). */
export function postTimelineStamp(incidentId: string, body: CreateTimelineStampRequest): Promise<TimelineStamp> {
  return requestParsed(`${API}/incidents/${id(incidentId)}/timeline`, TimelineStampSchema, { method: 'POST', body });
}
