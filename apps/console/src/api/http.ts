import { ApiErrorSchema, type ErrorCode } from '@feijiu/contracts';
import type { z } from 'zod';
import { clearToken, readToken } from './token-store';

/** A non-2xx answer; `code` is the stable error code when the body carried one. */
export class ApiHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | null,
    message: string,
    /** The error body's `details` (what a 409 found, say), when it carried them. */
    readonly details: unknown = undefined,
  ) {
    super(message);
    this.name = 'ApiHttpError';
  }
}

/** A 2xx answer whose body does not match the contract. */
export class ApiResponseInvalidError extends Error {
  constructor(readonly path: string, readonly issues: string) {
    super(`${path}: response does not match the contract (${issues})`);
    this.name = 'ApiResponseInvalidError';
  }
}

type UnauthorizedHandler = () => void;
let unauthorizedHandler: UnauthorizedHandler = () => undefined;

/** Called on any 401 of an authenticated request (and when no token is left): the app goes to /login. */
export function onUnauthorized(handler: UnauthorizedHandler): void {
  unauthorizedHandler = handler;
}

export function currentToken(): string | null {
  return readToken(sessionStorage, Date.now());
}

export function dropSession(): void {
  clearToken(sessionStorage);
  unauthorizedHandler();
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** false for public endpoints (console-config, login): no Bearer, a 401 is an ordinary error. */
  auth?: boolean;
}

function send(path: string, options: RequestOptions, accept: string): Promise<Response> {
  const { method = 'GET', body, auth = true } = options;
  const headers: Record<string, string> = { Accept: accept };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (auth) {
    const token = currentToken();
    if (!token) {
      dropSession();
      throw new ApiHttpError(401, 'AUTH_REQUIRED', 'not signed in');
    }
    headers.Authorization = `Bearer ${token}`;
  }
  return fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

function errorOf(response: Response, payload: unknown, auth: boolean): ApiHttpError {
  const parsed = ApiErrorSchema.safeParse(payload);
  const error = new ApiHttpError(
    response.status,
    parsed.success ? parsed.data.code : null,
    parsed.success ? parsed.data.message : response.statusText || `HTTP ${response.status}`,
    parsed.success ? parsed.data.details : undefined,
  );
  if (auth && response.status === 401) dropSession();
  return error;
}

export async function requestJson(path: string, options: RequestOptions = {}): Promise<unknown> {
  return (await requestJsonWithHeaders(path, options)).payload;
}

async function requestJsonWithHeaders(path: string, options: RequestOptions = {}): Promise<{ payload: unknown; headers: Headers }> {
  const response = await send(path, options, 'application/json');
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) throw errorOf(response, payload, options.auth ?? true);
  return { payload, headers: response.headers };
}

/** A file download (e.g. CSV) with the Bearer token, which a plain link cannot carry. */
export async function requestBlob(path: string, accept: string): Promise<{ blob: Blob; filename: string | null }> {
  const response = await send(path, {}, accept);
  if (!response.ok) throw errorOf(response, await response.json().catch(() => null), true);
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const filename = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1] ?? null;
  return { blob: await response.blob(), filename: filename ? decodeURIComponent(filename) : null };
}

export async function requestParsed<S extends z.ZodType>(
  path: string,
  schema: S,
  options?: RequestOptions,
): Promise<z.infer<S>> {
  const parsed = schema.safeParse(await requestJson(path, options));
  if (!parsed.success) throw new ApiResponseInvalidError(path, parsed.error.message);
  return parsed.data;
}

/** A list where one bad item is dropped (with a warning) instead of blanking the whole screen. */
export async function requestList<S extends z.ZodType>(path: string, itemSchema: S): Promise<z.infer<S>[]> {
  return (await requestListWithHeaders(path, itemSchema)).items;
}

/** requestList with the response headers (a capped list says so in them). */
export async function requestListWithHeaders<S extends z.ZodType>(path: string, itemSchema: S): Promise<{ items: z.infer<S>[]; headers: Headers }> {
  const { payload, headers } = await requestJsonWithHeaders(path);
  if (!Array.isArray(payload)) throw new ApiResponseInvalidError(path, 'expected an array');
  const items: z.infer<S>[] = [];
  for (const item of payload) {
    const parsed = itemSchema.safeParse(item);
    if (parsed.success) items.push(parsed.data);
    else console.warn(`[feijiu] ${path}: ignoring an item that does not match the contract`, parsed.error.issues, item);
  }
  return { items, headers };
}
