import type { PathwayAssessment } from '@feijiu/clinical';
import {
  ApiErrorSchema,
  AssessmentRecordSchema,
  AssignmentSchema,
  type CreateIncidentRequest,
  DestinationListSchema,
  DestinationOptionSchema,
  type ErrorCode,
  IncidentSchema,
  LoginResponseSchema,
  PrenoticeSchema,
  RecommendationSchema,
  type Team,
  type TimeNode,
  type VehicleStatus,
  VehicleSchema,
} from '@feijiu/contracts';
import { z } from 'zod';

// The core's dispatch REST API as the simulated dispatcher and crews use it, behind two small
// interfaces so the agents can be tested with a fake. Responses are read through the contract's
// schemas, picked down to the fields the simulator needs, so a field the core adds later does
// not break the demo.

export type ApiCallErrorCode = ErrorCode | 'NETWORK' | 'UNEXPECTED_RESPONSE';

export class ApiCallError extends Error {
  constructor(
    /** HTTP status; 0 when the core could not be reached. */
    readonly status: number,
    readonly code: ApiCallErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

/** Worth trying again later: the core is down, slow, overloaded or not ready for this user yet. */
export function isRetryable(err: unknown): boolean {
  if (!(err instanceof ApiCallError)) return true;
  return (
    err.status === 0 ||
    err.status >= 500 ||
    err.status === 429 ||
    err.code === 'AUTH_INVALID_CREDENTIALS' ||
    err.code === 'AUTH_REQUIRED' ||
    err.code === 'AUTH_TOKEN_INVALID' ||
    err.code === 'UNEXPECTED_RESPONSE'
  );
}

export function hasCode(err: unknown, ...codes: ApiCallErrorCode[]): boolean {
  return err instanceof ApiCallError && codes.includes(err.code);
}

export const IncidentRefSchema = IncidentSchema.pick({ id: true, number: true, status: true });
export type IncidentRef = z.infer<typeof IncidentRefSchema>;
export const AssignmentRefSchema = AssignmentSchema.pick({ id: true, incidentId: true, vehicleId: true, status: true });
export type AssignmentRef = z.infer<typeof AssignmentRefSchema>;
const IncidentWithAssignmentsSchema = IncidentRefSchema.extend({ assignments: z.array(AssignmentRefSchema) });
export type IncidentWithAssignments = z.infer<typeof IncidentWithAssignmentsSchema>;
export const IncidentSummarySchema = IncidentSchema.pick({
  id: true,
  number: true,
  status: true,
  complaint: true,
  notes: true,
  location: true,
  address: true,
  destinationHospitalId: true,
}).extend({ assignments: z.array(AssignmentRefSchema) });
export type IncidentSummary = z.infer<typeof IncidentSummarySchema>;
export const RecommendationRefSchema = RecommendationSchema.pick({ vehicleId: true, etaSec: true, distanceM: true }).extend({
  status: RecommendationSchema.shape.status.optional(),
});
export type RecommendationRef = z.infer<typeof RecommendationRefSchema>;
const RecommendationsSchema = z.object({ items: z.array(RecommendationRefSchema) });
const VehicleStatusOnlySchema = VehicleSchema.pick({ id: true, status: true });

export interface DispatcherApi {
  createIncident(request: CreateIncidentRequest): Promise<IncidentRef>;
  /** Ranked best first. */
  getRecommendations(incidentId: string): Promise<RecommendationRef[]>;
  assignVehicle(incidentId: string, vehicleId: string): Promise<AssignmentRef>;
  getIncident(incidentId: string): Promise<IncidentWithAssignments>;
  listOpenIncidents(): Promise<IncidentSummary[]>;
  getVehicleStatus(vehicleId: string): Promise<VehicleStatus>;
  setIncidentStatus(incidentId: string, status: 'closed' | 'cancelled', reason?: string): Promise<void>;
}

const AssessmentRefSchema = AssessmentRecordSchema.pick({ id: true, pathways: true });
export type AssessmentRef = z.infer<typeof AssessmentRefSchema>;
const DestinationsRefSchema = DestinationListSchema.pick({ pathways: true, rule: true }).extend({
  items: z.array(DestinationOptionSchema.pick({ hospitalId: true, recommended: true, etaSec: true })),
});
export type DestinationsRef = z.infer<typeof DestinationsRefSchema>;
const PrenoticeRefSchema = PrenoticeSchema.pick({ id: true, incidentId: true, hospitalId: true, pathways: true });
export type PrenoticeRef = z.infer<typeof PrenoticeRefSchema>;

export interface CrewApi {
  acceptAssignment(assignmentId: string): Promise<void>;
  declineAssignment(assignmentId: string, reason: string): Promise<void>;
  setVehicleStatus(vehicleId: string, status: VehicleStatus): Promise<void>;
  getVehicleStatus(vehicleId: string): Promise<VehicleStatus>;
  setDestination(incidentId: string, hospitalId: string): Promise<void>;
  recordAssessment(incidentId: string, assessment: PathwayAssessment): Promise<AssessmentRef>;
  /** Ranked by the core's routing rule, the recommended one first. */
  getDestinations(incidentId: string): Promise<DestinationsRef>;
  sendPrenotice(incidentId: string, hospitalId: string): Promise<PrenoticeRef>;
}

/** A receiving ER's calls (logged in as `er-<hospitalId>`). */
export interface ErApi {
  acknowledgePrenotice(prenoticeId: string, teamsActivated: Team[], bypassEd: 'cath_lab' | 'ct' | null): Promise<void>;
  stamp(incidentId: string, node: TimeNode, at: Date): Promise<void>;
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface ApiSessionOptions {
  /** The core's base URL, e.g. http://127.0.0.1:3000 (the API lives under /api/v1). */
  baseUrl: string;
  username: string;
  password: string;
  timeoutMs?: number;
  fetch?: FetchLike;
  now?: () => number;
  /** Aborts every request in flight (the simulator stopping). */
  signal?: AbortSignal;
}

// refresh the token this long before it expires
const TOKEN_MARGIN_MS = 60_000;

/** One demo user's authenticated session: logs in on first use and again when the token lapses. */
export class ApiSession {
  private token: { value: string; expiresAtMs: number } | null = null;
  private loggingIn: Promise<string> | null = null;
  private readonly fetch: FetchLike;
  private readonly now: () => number;

  constructor(private readonly options: ApiSessionOptions) {
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.now = options.now ?? Date.now;
  }

  get username(): string {
    return this.options.username;
  }

  /** A valid access token, logging in when there is none (also what the socket handshake uses). */
  accessToken(): Promise<string> {
    if (this.token && this.token.expiresAtMs - TOKEN_MARGIN_MS > this.now()) return Promise.resolve(this.token.value);
    this.loggingIn ??= this.login().finally(() => {
      this.loggingIn = null;
    });
    return this.loggingIn;
  }

  /** Forget the token (the core said it is no longer valid). */
  invalidate(): void {
    this.token = null;
  }

  async request<T>(method: 'GET' | 'POST', path: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
    const first = await this.send(method, path, body, await this.accessToken());
    let response = first;
    if (first.status === 401) {
      // the core restarted with a new signing key, or the token expired early: log in again, once
      this.invalidate();
      response = await this.send(method, path, body, await this.accessToken());
    }
    return readBody(response, schema, `${method} ${path}`);
  }

  private async login(): Promise<string> {
    const response = await this.send('POST', '/auth/login', { username: this.options.username, password: this.options.password }, null);
    const login = await readBody(response, LoginResponseSchema, 'POST /auth/login');
    this.token = { value: login.accessToken, expiresAtMs: this.now() + login.expiresInSec * 1000 };
    return login.accessToken;
  }

  private async send(method: string, path: string, body: unknown, token: string | null): Promise<Response> {
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}/api/v1${path}`;
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 10_000);
    const signal = this.options.signal ? AbortSignal.any([timeout, this.options.signal]) : timeout;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    try {
      return await this.fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new ApiCallError(0, 'NETWORK', `${method} ${path}: ${reason}`);
    }
  }
}

async function readBody<T>(response: Response, schema: z.ZodType<T>, what: string): Promise<T> {
  const text = await response.text().catch(() => '');
  let json: unknown = undefined;
  try {
    json = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: reported below with the status
  }
  if (!response.ok) {
    const error = ApiErrorSchema.safeParse(json);
    const code: ApiCallErrorCode = error.success ? error.data.code : response.status === 404 ? 'ROUTE_NOT_FOUND' : 'INTERNAL';
    const message = error.success ? error.data.message : text.slice(0, 200);
    throw new ApiCallError(response.status, code, `${what}: ${response.status} ${code} ${message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ApiCallError(response.status, 'UNEXPECTED_RESPONSE', `${what}: unexpected response: ${parsed.error.issues[0]?.message ?? ''}`);
  }
  return parsed.data;
}

const Ignored = z.unknown().transform(() => undefined);
const path = encodeURIComponent;

/** The dispatcher's calls (logged in as `dispatcher`). */
export class HttpDispatcherApi implements DispatcherApi {
  constructor(private readonly session: ApiSession) {}

  createIncident(request: CreateIncidentRequest): Promise<IncidentRef> {
    return this.session.request('POST', '/incidents', request, IncidentRefSchema);
  }

  async getRecommendations(incidentId: string): Promise<RecommendationRef[]> {
    const list = await this.session.request('GET', `/incidents/${path(incidentId)}/recommendations`, undefined, RecommendationsSchema);
    return list.items;
  }

  assignVehicle(incidentId: string, vehicleId: string): Promise<AssignmentRef> {
    return this.session.request('POST', `/incidents/${path(incidentId)}/assignments`, { vehicleId }, AssignmentRefSchema);
  }

  getIncident(incidentId: string): Promise<IncidentWithAssignments> {
    return this.session.request('GET', `/incidents/${path(incidentId)}`, undefined, IncidentWithAssignmentsSchema);
  }

  listOpenIncidents(): Promise<IncidentSummary[]> {
    return this.session.request('GET', '/incidents?scope=open', undefined, z.array(IncidentSummarySchema));
  }

  async getVehicleStatus(vehicleId: string): Promise<VehicleStatus> {
    const vehicle = await this.session.request('GET', `/vehicles/${path(vehicleId)}`, undefined, VehicleStatusOnlySchema);
    return vehicle.status;
  }

  async setIncidentStatus(incidentId: string, status: 'closed' | 'cancelled', reason?: string): Promise<void> {
    await this.session.request('POST', `/incidents/${path(incidentId)}/status`, reason ? { status, reason } : { status }, Ignored);
  }
}

/** A crew's calls (logged in as `crew-<vehicleId>`). */
export class HttpCrewApi implements CrewApi {
  constructor(private readonly session: ApiSession) {}

  async acceptAssignment(assignmentId: string): Promise<void> {
    await this.session.request('POST', `/assignments/${path(assignmentId)}/accept`, {}, Ignored);
  }

  async declineAssignment(assignmentId: string, reason: string): Promise<void> {
    await this.session.request('POST', `/assignments/${path(assignmentId)}/decline`, { reason }, Ignored);
  }

  async setVehicleStatus(vehicleId: string, status: VehicleStatus): Promise<void> {
    await this.session.request('POST', `/vehicles/${path(vehicleId)}/status`, { status }, Ignored);
  }

  async getVehicleStatus(vehicleId: string): Promise<VehicleStatus> {
    const vehicle = await this.session.request('GET', `/vehicles/${path(vehicleId)}`, undefined, VehicleStatusOnlySchema);
    return vehicle.status;
  }

  async setDestination(incidentId: string, hospitalId: string): Promise<void> {
    await this.session.request('POST', `/incidents/${path(incidentId)}/destination`, { hospitalId }, Ignored);
  }

  recordAssessment(incidentId: string, assessment: PathwayAssessment): Promise<AssessmentRef> {
    return this.session.request('POST', `/incidents/${path(incidentId)}/assessments`, assessment, AssessmentRefSchema);
  }

  getDestinations(incidentId: string): Promise<DestinationsRef> {
    return this.session.request('GET', `/incidents/${path(incidentId)}/destinations`, undefined, DestinationsRefSchema);
  }

  sendPrenotice(incidentId: string, hospitalId: string): Promise<PrenoticeRef> {
    return this.session.request('POST', `/incidents/${path(incidentId)}/prenotice`, { hospitalId }, PrenoticeRefSchema);
  }
}

/** A receiving hospital's ER (logged in as `er-<hospitalId>`). */
export class HttpErApi implements ErApi {
  constructor(private readonly session: ApiSession) {}

  async acknowledgePrenotice(prenoticeId: string, teamsActivated: Team[], bypassEd: 'cath_lab' | 'ct' | null): Promise<void> {
    await this.session.request('POST', `/prenotices/${path(prenoticeId)}/acknowledge`, { teamsActivated, bypassEd }, Ignored);
  }

  async stamp(incidentId: string, node: TimeNode, at: Date): Promise<void> {
    await this.session.request('POST', `/incidents/${path(incidentId)}/timeline`, { node, at: at.toISOString() }, Ignored);
  }
}
