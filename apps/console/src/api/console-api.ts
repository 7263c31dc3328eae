import {
  ConsoleConfigSchema,
  FacilitySchema,
  HospitalLiveStatusSchema,
  LoginResponseSchema,
  SessionUserSchema,
  type SetVehicleCrewRequest,
  VehicleSchema,
  type ConsoleConfig,
  type Facility,
  type LoginRequest,
  type LoginResponse,
  type SessionUser,
  type Vehicle,
} from '@feijiu/contracts';
import { requestJson, requestList, requestParsed } from './http';

// Session, fleet and map endpoints. Dispatch calls live in incident-api.ts, telemetry in telemetry-api.ts.
const API = '/api/v1';

export function fetchConsoleConfig(): Promise<ConsoleConfig> {
  return requestParsed(`${API}/console-config`, ConsoleConfigSchema, { auth: false });
}

export function postLogin(body: LoginRequest): Promise<LoginResponse> {
  return requestParsed(`${API}/auth/login`, LoginResponseSchema, { method: 'POST', body, auth: false });
}

/** Revokes this session's token on the server (its live socket is closed too). */
export async function postLogout(): Promise<void> {
  await requestJson(`${API}/auth/logout`, { method: 'POST', body: {} });
}

export function fetchMe(): Promise<SessionUser> {
  return requestParsed(`${API}/auth/me`, SessionUserSchema);
}

export function fetchVehicles(): Promise<Vehicle[]> {
  return requestList(`${API}/vehicles`, VehicleSchema);
}

/** The shift's crew replaces the vehicle's previous one (its own crew, or a dispatcher). */
export function putVehicleCrew(vehicleId: string, body: SetVehicleCrewRequest): Promise<Vehicle> {
  return requestParsed(`${API}/vehicles/${encodeURIComponent(vehicleId)}/crew`, VehicleSchema, { method: 'PUT', body });
}

// An older server sends no liveStatus: it reads as null (nothing reported) instead of dropping the hospital.
const TolerantFacilitySchema = FacilitySchema.extend({ liveStatus: HospitalLiveStatusSchema.nullable().optional() });

/** Facilities with each hospital's reported live status (cath lab busy, CT down, diversion). */
export async function fetchFacilities(): Promise<Facility[]> {
  const list = await requestList(`${API}/hospitals`, TolerantFacilitySchema);
  return list.map((f) => ({ ...f, liveStatus: f.liveStatus ?? null }));
}

/** The county basemap (GeoJSON); no contract schema yet, the map layer reads it defensively. */
export async function fetchBasemap(): Promise<unknown> {
  return requestJson(`${API}/map/basemap`);
}
