import { SCORE_CALCULATORS, SCORE_KINDS } from '@feijiu/clinical';
import { ApiErrorSchema, ERROR_CODES } from '@feijiu/contracts';
import fc from 'fast-check';
import { connect as connectTcp } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Harness, startHarness } from './support/core-harness';
import {
  bodyFor,
  type JsonSchema,
  listRoutes,
  type OpenApiDocument,
  pathParamFor,
  percentEncode,
  queryFor,
  type Route,
  type SchemaArbitraryOptions,
} from './support/fuzz-inputs';

// Bad input never brings the core down: every REST route from the OpenAPI document, called as
// every role with fast-check inputs, answers with a contract error (never a 5xx, always
// `{code, message}` with a code from ERROR_CODES), and the process keeps serving.

// FUZZ_RUNS=300 for a deeper local run; the default keeps the file well under a minute
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 30);
// Failed logins from fuzzing count against this (TEST-NET) address, not the loopback address
// the other medium files log in from (the login limit is kept in the shared database).
const FUZZ_ADDRESS = '203.0.113.77';
const ROLES = ['dispatcher', 'crew', 'er', 'admin'] as const;

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

/** What every error answer must look like; returns the parsed error. */
function expectContractError(answer: Answer, context: string): { code: string; message: string } {
  expect(answer.status, `${context} → ${answer.status} ${answer.text.slice(0, 300)}`).toBeLessThan(500);
  expect(answer.contentType, context).toContain('application/json');
  const parsed = ApiErrorSchema.safeParse(JSON.parse(answer.text));
  expect(parsed.success, `${context} → ${answer.text.slice(0, 300)}`).toBe(true);
  return parsed.data!;
}

function expectNo5xx(answer: Answer, context: string): void {
  expect(answer.status, `${context} → ${answer.status} ${answer.text.slice(0, 300)}`).toBeLessThan(500);
  if (answer.status >= 400) expectContractError(answer, context);
}

async function read(res: Response): Promise<Answer> {
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
}

describe('REST API under fuzzed input', () => {
  let sut: Harness;
  let routes: Route[];
  let opts: SchemaArbitraryOptions;
  let tokens: Record<string, string | undefined>;
  let incidentId: string;
  const createdIncidents: string[] = [];

  const send = async (method: string, url: string, init: { token?: string; body?: string | Buffer; headers?: Record<string, string> } = {}) => {
    const res = await fetch(`${sut.baseUrl}${url}`, {
      method,
      headers: {
        'x-forwarded-for': FUZZ_ADDRESS,
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...init.headers,
      },
      body: typeof init.body === 'string' || init.body === undefined ? init.body : new Uint8Array(init.body),
    });
    return read(res);
  };

  beforeAll(async () => {
    sut = await startHarness({ FEIJIU_TRUST_PROXY: 'loopback' });
    tokens = { anonymous: undefined, forged: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.' };
    for (const role of ROLES) tokens[role] = await sut.login(role);
    const doc = (await (await sut.api('/api/docs-json')).json()) as OpenApiDocument;
    routes = listRoutes(doc);
    const ids = async (path: string) => ((await (await sut.api(path, { token: tokens.dispatcher })).json()) as { id: string }[]).map((x) => x.id);
    // generated values never name a real ambulance or hospital: the database is shared with the other files
    opts = { doc, forbiddenIds: new Set([...(await ids('/api/v1/vehicles')), ...(await ids('/api/v1/hospitals'))]) };
    const created = await sut.api('/api/v1/incidents', {
      method: 'POST',
      token: tokens.dispatcher,
      body: JSON.stringify({ location: { lat: 27.9, lon: 120.7 }, complaint: 'fuzz target', priority: 'non_urgent' }),
    });
    incidentId = ((await created.json()) as { id: string }).id;
    createdIncidents.push(incidentId);
  });

  afterAll(async () => {
    // leave no open incident behind for the files that run after this one
    for (const id of createdIncidents) {
      await sut.api(`/api/v1/incidents/${id}/status`, { method: 'POST', token: tokens.dispatcher, body: JSON.stringify({ status: 'cancelled' }) });
    }
    await sut?.stop();
  });

  /** Real ids a path parameter may take: only for reads, and our own incident for writes. */
  const knownIds = (route: Route, param: string): string[] => {
    if (param === 'id' && route.path.startsWith('/api/v1/incidents/{id}')) return [incidentId];
    if (route.method !== 'GET') return [];
    if (route.path.startsWith('/api/v1/vehicles/{id}')) return ['lh-01', 'mch-01'];
    if (route.path.startsWith('/api/v1/hospitals/{id}')) return ['lead'];
    return [];
  };

  // the calculator's body depends on the score: generated from each score's own input schema
  const scoreInputs = fc.constantFrom(...SCORE_KINDS).chain((kind) =>
    fc.record({
      path: fc.constant<string[]>([kind]),
      body: bodyFor(z.toJSONSchema(SCORE_CALCULATORS[kind].inputSchema, { unrepresentable: 'any', io: 'input' }) as JsonSchema, opts),
    }),
  );

  const fillPath = (route: Route, values: string[]) =>
    route.pathParams.reduce((path, p, i) => path.replace(`{${p.name}}`, values[i]!), route.path);

  it('should find every REST route of the API in the OpenAPI document', () => {
    const names = routes.map((r) => `${r.method} ${r.path}`);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining([
        'POST /api/v1/auth/login',
        'POST /api/v1/incidents',
        'POST /api/v1/incidents/{id}/assignments',
        'PUT /api/v1/hospitals/{id}/status',
        'GET /api/v1/vehicles/{id}/vitals',
        'POST /api/v1/scores/{kind}',
        'GET /api/v1/quality',
      ]),
    );
  });

  it('should answer fuzzed bodies, path parameters and queries on every route, for every role, without a 5xx', async () => {
    for (const route of routes) {
      // logging out ends the session of the token used: that route gets its own logins
      const ownSession = route.path.endsWith('/auth/logout');
      const generic = fc.record({
        path: fc.tuple(...route.pathParams.map((p) => pathParamFor(p, knownIds(route, p.name), opts))),
        body: bodyFor(route.body, opts),
      });
      const input = fc.record({
        role: fc.constantFrom(...Object.keys(tokens)),
        pathAndBody: route.path === '/api/v1/scores/{kind}' ? fc.oneof(generic, scoreInputs) : generic,
        query: queryFor(route.queryParams, opts),
      });
      await fc.assert(
        fc.asyncProperty(input, async ({ role, pathAndBody: { path, body }, query }) => {
          const qs = query.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
          const url = `${fillPath(route, path)}${qs ? `?${qs}` : ''}`;
          const token = ownSession && (ROLES as readonly string[]).includes(role) ? await sut.login(role) : tokens[role];
          const answer = await send(route.method, url, { token, ...(route.method === 'GET' ? {} : { body }) });
          expectNo5xx(answer, `${route.method} ${url.slice(0, 200)} as ${role} with ${body.slice(0, 200)}`);
          if (route.method === 'POST' && route.path === '/api/v1/incidents' && answer.status === 201) {
            createdIncidents.push((JSON.parse(answer.text) as { id: string }).id);
          }
        }),
        { numRuns: ownSession ? 5 : RUNS_PER_ROUTE },
      );
    }
  }, Math.max(60_000, RUNS_PER_ROUTE * 1000));

  it('should answer text that is not JSON with 400 MALFORMED_JSON on every route that takes a body', async () => {
    const bodyRoutes = routes.filter((r) => r.body);
    const notJson = fc.constantFrom('{', '{"a":', '[1,2', "{'a':1}", '{"a":1,}', 'undefined', '\u0000', '{"a":"\\x"}', 'NaN', '"text"', '12');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...bodyRoutes), notJson, fc.constantFrom(...ROLES), async (route, text, role) => {
        const path = fillPath(route, route.pathParams.map((p) => (knownIds(route, p.name)[0] ?? 'zz-no-such-id')));
        const answer = await send(route.method, path, { token: tokens[role], body: text });
        // some routes refuse the role or the id first; the body must never make it a 5xx
        const error = expectContractError(answer, `${route.method} ${path} with ${JSON.stringify(text)}`);
        if (answer.status === 400) expect(error.code).toBe('MALFORMED_JSON');
      }),
      { numRuns: 80 },
    );
  });

  it('should answer a body over the size limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const huge = JSON.stringify({ complaint: 'x'.repeat(400 * 1024), location: { lat: 1, lon: 1 }, priority: 'urgent' });
    for (const path of ['/api/v1/incidents', '/api/v1/auth/login']) {
      const answer = await send('POST', path, { token: tokens.dispatcher, body: huge });
      expect(answer.status).toBe(413);
      expect(expectContractError(answer, path).code).toBe('PAYLOAD_TOO_LARGE');
    }
  });

  it('should answer wrong content types, charsets and encodings with a 4xx contract error', async () => {
    const body = JSON.stringify({ location: { lat: 27.9, lon: 120.7 }, complaint: 'content type', priority: 'urgent' });
    const variants: { headers: Record<string, string>; body: string | Buffer }[] = [
      { headers: { 'content-type': 'text/plain' }, body },
      { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'location=1&complaint=x' },
      { headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x\r\n\r\nx\r\n--x--' },
      { headers: { 'content-type': 'application/xml' }, body: '<incident/>' },
      { headers: { 'content-type': 'application/json; charset=utf-16' }, body },
      { headers: { 'content-type': 'application/json; charset=koi8-r' }, body },
      { headers: { 'content-type': 'application/json', 'content-encoding': 'br' }, body },
      { headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: 'not gzip at all' },
      { headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: gzipSync('{"complaint":') },
      { headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: gzipSync(Buffer.alloc(5 * 1024 * 1024, 0x20)) },
      { headers: { 'content-type': 'application/json', 'content-encoding': 'deflate, gzip' }, body },
      { headers: { 'content-type': '' }, body },
      { headers: { 'content-type': 'application/json' }, body: Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]) },
    ];
    for (const v of variants) {
      const answer = await send('POST', '/api/v1/incidents', { token: tokens.dispatcher, headers: v.headers, body: v.body });
      const context = `content headers ${JSON.stringify(v.headers)}`;
      expect(answer.status, `${context} → ${answer.text}`).toBeGreaterThanOrEqual(400);
      expectContractError(answer, context);
    }
  });

  it('should answer unknown routes and methods with 404 ROUTE_NOT_FOUND, and an undecodable path with 400', async () => {
    const probes: [string, string, number, string][] = [
      ['GET', '/api/v1/nope', 404, 'ROUTE_NOT_FOUND'],
      ['GET', '/api/v2/incidents', 404, 'ROUTE_NOT_FOUND'],
      ['DELETE', '/api/v1/incidents', 404, 'ROUTE_NOT_FOUND'],
      ['PATCH', `/api/v1/incidents/${crypto.randomUUID()}`, 404, 'ROUTE_NOT_FOUND'],
      ['GET', '/api/v1/..%2f..%2fetc%2fpasswd', 404, 'ROUTE_NOT_FOUND'],
      ['POST', '/api/v1/vehicles/lh-01/status/extra', 404, 'ROUTE_NOT_FOUND'],
      ['GET', '/api/v1/incidents/%E0%A4%A', 400, 'VALIDATION_FAILED'],
    ];
    for (const [method, path, status, code] of probes) {
      const answer = await send(method, path, { token: tokens.admin });
      expect(answer.status, `${method} ${path}`).toBe(status);
      expect(expectContractError(answer, `${method} ${path}`).code).toBe(code);
    }
  });

  it("should answer a request over Node's header limit and malformed HTTP with a JSON error and keep serving", async () => {
    const longQuery = await send('GET', `/api/v1/places?q=${'x'.repeat(70_000)}`, { token: tokens.dispatcher });
    expect(longQuery.status).toBe(431);
    expectContractError(longQuery, 'a 70 kB query string');

    for (const raw of ['GARBAGE / HTTP/1.1\r\n\r\n', 'GET / HTTP/9.9\r\nHost: x\r\n\r\n', 'POST /api/v1/incidents HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n', '\u0000\u0001\u0002\r\n\r\n']) {
      const reply = await rawHttp(new URL(sut.baseUrl), raw);
      expect(reply, JSON.stringify(raw)).toMatch(/^HTTP\/1\.1 4\d\d /);
      const body = reply.slice(reply.indexOf('\r\n\r\n') + 4);
      expect(ApiErrorSchema.safeParse(JSON.parse(body)).success, reply).toBe(true);
    }
  });

  it('should still serve after all of it: health ok, a normal login and a normal request work', async () => {
    expect((await sut.api('/health')).status).toBe(200);
    expect((await sut.api('/health/ready')).status).toBe(200);
    const token = await sut.login('dispatcher');
    const res = await sut.api(`/api/v1/incidents/${incidentId}`, { token });
    expect(res.status).toBe(200);
  });
});

describe('socket.io /live under garbage', () => {
  let sut: Harness;
  let dispatcherToken: string;

  beforeAll(async () => {
    sut = await startHarness();
    dispatcherToken = await sut.login('dispatcher');
  });
  afterAll(async () => {
    await sut?.stop();
  });

  const connected = (token: unknown) =>
    new Promise<{ ok: boolean; data?: unknown; socket: ReturnType<Harness['live']> }>((resolve) => {
      const socket = sut.live(token as string);
      socket.once('connect', () => resolve({ ok: true, socket }));
      socket.once('connect_error', (err: Error & { data?: unknown }) => resolve({ ok: false, data: err.data, socket }));
    });

  it('should refuse garbage handshake tokens with a contract error and no crash', async () => {
    const garbage: unknown[] = [42, { token: 'x' }, ['a'], 'x'.repeat(100_000), 'a\u0000b', 'Bearer x', '..', '\ud800'];
    for (const token of garbage) {
      const { ok, data } = await connected(token);
      expect(ok, String(token).slice(0, 40)).toBe(false);
      expect(ERROR_CODES).toContain((data as { code?: string } | undefined)?.code);
    }
  });

  it('should answer or ignore garbage events without dropping the connection or the others', async () => {
    const { ok, socket: fuzzer } = await connected(dispatcherToken);
    expect(ok).toBe(true);
    const { socket: bystander } = await connected(dispatcherToken);
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 30 }), fc.jsonValue({ maxDepth: 4 }), fc.boolean(), async (event, payload, wantsAck) => {
        if (['connect', 'disconnect', 'connect_error', 'disconnecting', 'newListener', 'removeListener'].includes(event)) return;
        if (wantsAck) {
          const reply = (await fuzzer.timeout(2000).emitWithAck(event, payload)) as { code?: string };
          expect(ERROR_CODES).toContain(reply.code);
        } else {
          fuzzer.emit(event, payload, Buffer.from([0, 1, 2]));
        }
      }),
      { numRuns: 150 },
    );
    // a packet over socket.io's buffer limit closes that connection only
    const bigger = await connected(dispatcherToken);
    const closed = new Promise<string>((r) => bigger.socket.once('disconnect', (reason) => r(reason)));
    bigger.socket.emit('incident.create', 'x'.repeat(2 * 1024 * 1024));
    expect(await closed).toMatch(/transport/);
    expect(fuzzer.connected).toBe(true);
    expect(bystander.connected).toBe(true);
  });

  it('should close a connection that sends malformed engine.io / socket.io frames and keep serving', async () => {
    const frameSets: (string | Buffer)[][] = [['garbage'], ['42/live,['], ['42/live,{"a":1}'], ['4299999999999999999999'], ['6'], ['4'], [Buffer.from([0xff, 0x00, 0x13])]];
    for (const frames of frameSets) {
      const { ok, socket } = await connected(dispatcherToken);
      expect(ok).toBe(true);
      // the raw WebSocket under engine.io, to send frames no well-behaved client would
      const ws = (socket.io.engine.transport as unknown as { ws: { send(data: string | Buffer): void } }).ws;
      const gone = new Promise<void>((r) => socket.once('disconnect', () => r()));
      for (const f of frames) ws.send(f);
      // either the server closes it or it ignored the frames: give it the chance, then hang up
      await Promise.race([gone, new Promise((r) => setTimeout(r, 300))]);
      socket.close();
    }
    const { ok } = await connected(dispatcherToken);
    expect(ok).toBe(true);
    expect((await sut.api('/health')).status).toBe(200);
  });
});

/** Sends raw bytes as an HTTP request and returns everything the server answered. */
function rawHttp(base: URL, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connectTcp(Number(base.port), base.hostname, () => socket.write(raw));
    let reply = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (reply += d));
    socket.on('end', () => resolve(reply));
    socket.on('close', () => resolve(reply));
    socket.on('error', reject);
    socket.setTimeout(5000, () => socket.destroy());
  });
}
