import { ApiErrorSchema, type ErrorCode } from '@feijiu/contracts';
import type { OpenAPIObject } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import { z } from 'zod';
import { HTTP_STATUS_BY_CODE } from '../errors/error-status';

// The error side of the OpenAPI document, added to every operation in one place: controllers
// declare their success body only (@ZodResponse), this adds the `{code, message, details?,
// requestId}` responses each route can give and puts a success body declared as `default`
// under the route's real status (a `default` body tells client generators errors look like it).

export const API_ERROR_SCHEMA_NAME = 'ApiError';
const ERROR_REF = { $ref: `#/components/schemas/${API_ERROR_SCHEMA_NAME}` };

/** What the document cannot tell about a handler: its real success status and whether it needs a login. */
export interface RouteFacts {
  readonly successStatus: number;
  readonly isPublic: boolean;
}

/**
 * Errors particular to a route (`METHOD /path` as in the document), beyond the standard ones
 * every route gets: the codes its service throws for conflicts, and login's own answers.
 * A medium test (core-api.test.ts) fails on a key that names no operation.
 */
export const ROUTE_ERRORS: Readonly<Record<string, readonly ErrorCode[]>> = {
  'POST /api/v1/auth/login': ['AUTH_INVALID_CREDENTIALS', 'AUTH_RATE_LIMITED'],
  'POST /api/v1/admin/users': ['CONFLICT'],
  'PATCH /api/v1/admin/users/{id}': ['CONFLICT'],
  'POST /api/v1/vehicles/{id}/status': ['VEHICLE_ILLEGAL_TRANSITION'],
  'POST /api/v1/incidents/{id}/status': ['INCIDENT_ILLEGAL_TRANSITION'],
  'POST /api/v1/incidents/{id}/destination': ['INCIDENT_ILLEGAL_TRANSITION'],
  'POST /api/v1/incidents/{id}/timeline': ['CONFLICT'],
  'POST /api/v1/incidents/{id}/assignments': ['INCIDENT_ILLEGAL_TRANSITION', 'VEHICLE_NOT_AVAILABLE', 'VEHICLE_BUSY'],
  'POST /api/v1/assignments/{id}/accept': ['ASSIGNMENT_NOT_OFFERED'],
  'POST /api/v1/assignments/{id}/decline': ['ASSIGNMENT_NOT_OFFERED'],
  'POST /api/v1/prenotices/{id}/acknowledge': ['CONFLICT'],
};

// The code a missing resource gets, by the path segment before its id; NOT_FOUND otherwise.
const NOT_FOUND_BY_SEGMENT: Readonly<Record<string, ErrorCode>> = {
  vehicles: 'VEHICLE_NOT_FOUND',
  gateways: 'VEHICLE_NOT_FOUND',
  hospitals: 'FACILITY_NOT_FOUND',
  incidents: 'INCIDENT_NOT_FOUND',
  assignments: 'ASSIGNMENT_NOT_FOUND',
  prenotices: 'PRENOTICE_NOT_FOUND',
  encounters: 'ENCOUNTER_NOT_FOUND',
};

// What each code means to a client, for the response descriptions.
const MEANING: Readonly<Partial<Record<ErrorCode, string>>> = {
  VALIDATION_FAILED: 'the path, query or body does not fit the contract (`details` lists the fields), or the request is malformed',
  MALFORMED_JSON: 'the body is not valid JSON',
  AUTH_REQUIRED: 'no bearer token',
  AUTH_TOKEN_INVALID: 'the token is invalid, expired, logged out or revoked, or its user is disabled',
  AUTH_INVALID_CREDENTIALS: 'wrong username or password, or a disabled user',
  AUTH_RATE_LIMITED: 'too many failed logins; try again after Retry-After seconds',
  FORBIDDEN: 'this role or login may not do this here',
  NOT_FOUND: 'what the path names does not exist',
  CONFLICT: 'the current state does not allow this (`message` says why)',
  INCIDENT_ILLEGAL_TRANSITION: 'the incident cannot go to that status from its current one (`details.allowed`)',
  VEHICLE_ILLEGAL_TRANSITION: 'the ambulance cannot go to that status from its current one (`details.allowed`)',
  VEHICLE_NOT_AVAILABLE: 'the ambulance is not free (taken meanwhile by another dispatcher)',
  VEHICLE_BUSY: 'the ambulance already has a job',
  ASSIGNMENT_NOT_OFFERED: 'the offer was already answered or has expired',
  PAYLOAD_TOO_LARGE: 'request body over 256 kB',
  UNSUPPORTED_MEDIA_TYPE: 'the request body is not JSON (Content-Type: application/json, UTF-8)',
  INTERNAL: 'the core failed; `requestId` finds it in the log',
};


type Responses = Record<string, { description?: string; content?: Record<string, unknown>; headers?: Record<string, unknown> }>;

/** Adds the ApiError schema and every operation's error responses; moves `default` success bodies to their status. */
export function documentErrors(doc: OpenAPIObject, factsOf: (operationId: string) => RouteFacts | undefined): OpenAPIObject {
  const schemas = { ...doc.components?.schemas, [API_ERROR_SCHEMA_NAME]: apiErrorJsonSchema() };
  const paths = Object.fromEntries(
    Object.entries(doc.paths).map(([path, item]) => [
      path,
      Object.fromEntries(
        Object.entries(item).map(([method, op]) => {
          if (!isOperation(op)) return [method, op];
          // an operationId set by hand names no handler: Nest's defaults, and a login required
          const facts = factsOf(op.operationId ?? '') ?? { successStatus: method === 'post' ? 201 : 200, isPublic: false };
          const responses = withSuccessStatus(op.responses as Responses, facts.successStatus);
          for (const [status, codes] of errorsOf(method.toUpperCase(), path, op, facts)) {
            responses[status] = errorResponse(status, codes, responses[status]);
          }
          return [method, { ...op, responses: sortByStatus(responses) }];
        }),
      ),
    ]),
  );
  return { ...doc, components: { ...doc.components, schemas }, paths } as OpenAPIObject;
}

/** The error codes an operation can answer with, by HTTP status. */
export function errorsOf(method: string, path: string, op: { parameters?: unknown[]; requestBody?: unknown }, facts: RouteFacts): Map<number, ErrorCode[]> {
  const codes: ErrorCode[] = ['VALIDATION_FAILED'];
  if (op.requestBody) codes.push('MALFORMED_JSON');
  if (!facts.isPublic) codes.push('AUTH_REQUIRED', 'AUTH_TOKEN_INVALID', 'FORBIDDEN');
  codes.push(...notFoundCodes(path));
  codes.push(...(ROUTE_ERRORS[`${method} ${path}`] ?? []));
  // any request may carry a body: the parser's size limit holds everywhere, the JSON-only rule under /api
  codes.push('PAYLOAD_TOO_LARGE');
  if (path.startsWith('/api/')) codes.push('UNSUPPORTED_MEDIA_TYPE');
  codes.push('INTERNAL');
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = HTTP_STATUS_BY_CODE[code];
    const list = byStatus.get(status) ?? [];
    if (!list.includes(code)) list.push(code);
    byStatus.set(status, list);
  }
  return byStatus;
}

function notFoundCodes(path: string): ErrorCode[] {
  const segments = path.split('/').filter(Boolean);
  return segments.flatMap((segment, i) => {
    const id = /^\{(id|\w+Id)\}$/.test(segment);
    return id ? [NOT_FOUND_BY_SEGMENT[segments[i - 1] ?? ''] ?? 'NOT_FOUND'] : [];
  });
}

function withSuccessStatus(responses: Responses, status: number): Responses {
  const { default: declared, ...rest } = responses;
  const success = { ...declared, ...rest[String(status)] };
  const hasSuccess = Object.keys(rest).some((s) => /^2\d\d$/.test(s));
  const out: Responses = { ...rest };
  if (!hasSuccess || declared) out[String(status)] = { ...success, description: success.description || STATUS_CODES[status] || '' };
  return out;
}

function errorResponse(status: number, codes: readonly ErrorCode[], existing: Responses[string] | undefined) {
  const meanings = codes.map((c) => `\`${c}\`: ${MEANING[c] ?? (c.endsWith('_NOT_FOUND') ? 'no such resource' : STATUS_CODES[status] ?? '')}`);
  // a controller's own words come first
  return {
    ...existing,
    description: [existing?.description, ...meanings].filter(Boolean).join('; '),
    ...(status === 429 && { headers: { 'Retry-After': { description: 'seconds until a login may be tried again', schema: { type: 'integer' } } } }),
    content: { 'application/json': { schema: ERROR_REF } },
  };
}

function apiErrorJsonSchema() {
  const schema = z.toJSONSchema(ApiErrorSchema, { target: 'openapi-3.0', io: 'output' }) as Record<string, unknown> & {
    properties: Record<string, Record<string, unknown>>;
  };
  return {
    ...schema,
    description: 'Every REST error: a stable code, a message for people, optional details, the request id',
    properties: {
      ...schema.properties,
      details: { ...schema.properties.details, description: 'e.g. the invalid fields as [{path, message}]' },
      requestId: { ...schema.properties.requestId, description: 'the X-Request-Id of the request, also in the log' },
    },
  };
}

function sortByStatus(responses: Responses): Responses {
  return Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
}

function isOperation(value: unknown): value is { operationId?: string; responses: unknown; parameters?: unknown[]; requestBody?: unknown } {
  return typeof value === 'object' && value !== null && 'responses' in value;
}
