import { describe, expect, it } from 'vitest';
import { ApiCallError, ApiSession, HttpCrewApi, HttpDispatcherApi, isRetryable } from './api-client';

interface Seen {
  method: string;
  url: string;
  authorization?: string;
  body?: unknown;
}

/** A scripted core: each answer is [status, body] by "METHOD /path". */
function fakeFetch(answers: Record<string, Array<[number, unknown]>>, seen: Seen[]) {
  return (url: string, init: RequestInit) => {
    const method = init.method ?? 'GET';
    const headers = init.headers as Record<string, string>;
    seen.push({ method, url, authorization: headers.authorization, body: init.body ? JSON.parse(init.body as string) : undefined });
    const key = `${method} ${new URL(url).pathname}`;
    const next = answers[key]?.shift();
    if (!next) return Promise.reject(new TypeError('fetch failed'));
    return Promise.resolve(new Response(JSON.stringify(next[1]), { status: next[0], headers: { 'content-type': 'application/json' } }));
  };
}

const LOGIN: [number, unknown] = [200, { accessToken: 'tok-1', expiresInSec: 3600 }];
const session = (answers: Record<string, Array<[number, unknown]>>, seen: Seen[]) =>
  new ApiSession({ baseUrl: 'http://core:3000/', username: 'crew-tcm-02', password: 'pw', fetch: fakeFetch(answers, seen) });

describe(ApiSession.name, () => {
  it('should log in once and send the bearer token on each call', async () => {
    const seen: Seen[] = [];
    const api = new HttpCrewApi(
      session({ 'POST /api/v1/auth/login': [LOGIN], 'POST /api/v1/vehicles/tcm-02/status': [[200, {}], [200, {}]] }, seen),
    );
    await api.setVehicleStatus('tcm-02', 'en_route');
    await api.setVehicleStatus('tcm-02', 'on_scene');
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'POST http://core:3000/api/v1/auth/login',
      'POST http://core:3000/api/v1/vehicles/tcm-02/status',
      'POST http://core:3000/api/v1/vehicles/tcm-02/status',
    ]);
    expect(seen[0].body).toEqual({ username: 'crew-tcm-02', password: 'pw' });
    expect(seen.slice(1).map((s) => s.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-1']);
    expect(seen.slice(1).map((s) => s.body)).toEqual([{ status: 'en_route' }, { status: 'on_scene' }]);
  });

  it('should log in again and retry once when the core no longer accepts the token', async () => {
    const seen: Seen[] = [];
    const api = new HttpCrewApi(
      session(
        {
          'POST /api/v1/auth/login': [LOGIN, [200, { accessToken: 'tok-2', expiresInSec: 3600 }]],
          'GET /api/v1/vehicles/tcm-02': [
            [401, { code: 'AUTH_TOKEN_INVALID', message: 'expired' }],
            [200, { id: 'tcm-02', status: 'en_route', callSign: 'x', plate: 'p', type: 'ALS', stationId: 'tcm', position: null }],
          ],
        },
        seen,
      ),
    );
    await expect(api.getVehicleStatus('tcm-02')).resolves.toBe('en_route');
    expect(seen.at(-1)?.authorization).toBe('Bearer tok-2');
  });

  it('should report the core\'s error code when a call is refused', async () => {
    const api = new HttpCrewApi(
      session(
        {
          'POST /api/v1/auth/login': [LOGIN],
          'POST /api/v1/vehicles/tcm-02/status': [[409, { code: 'VEHICLE_ILLEGAL_TRANSITION', message: 'on_scene → en_route' }]],
        },
        [],
      ),
    );
    const err = await api.setVehicleStatus('tcm-02', 'en_route').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiCallError);
    expect(err).toMatchObject({ status: 409, code: 'VEHICLE_ILLEGAL_TRANSITION' });
    expect(isRetryable(err)).toBe(false);
  });

  it('should report an unreachable core as a network error worth retrying', async () => {
    const err = await new HttpCrewApi(session({}, [])).acceptAssignment('a1').catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 0, code: 'NETWORK' });
    expect(isRetryable(err)).toBe(true);
  });

  it('should read a ranked recommendation list down to what the dispatcher needs', async () => {
    const api = new HttpDispatcherApi(
      session(
        {
          'POST /api/v1/auth/login': [LOGIN],
          'GET /api/v1/incidents/i1/recommendations': [
            [200, { incidentId: 'i1', items: [{ vehicleId: 'tcm-02', etaSec: 420, distanceM: 5200, status: 'available', callSign: 'x', extra: 1 }] }],
          ],
        },
        [],
      ),
    );
    await expect(api.getRecommendations('i1')).resolves.toEqual([{ vehicleId: 'tcm-02', etaSec: 420, distanceM: 5200, status: 'available' }]);
  });

  it('should say the response was unexpected when it breaks the contract', async () => {
    const api = new HttpDispatcherApi(session({ 'POST /api/v1/auth/login': [LOGIN], 'POST /api/v1/incidents': [[201, { hello: 1 }]] }, []));
    const err = await api
      .createIncident({ location: { lat: 30, lon: 118 }, complaint: '胸痛', priority: 'critical' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'UNEXPECTED_RESPONSE' });
  });
});

describe(isRetryable.name, () => {
  it.each([
    [new ApiCallError(0, 'NETWORK', ''), true],
    [new ApiCallError(503, 'INTERNAL', ''), true],
    [new ApiCallError(429, 'RATE_LIMITED', ''), true],
    [new ApiCallError(401, 'AUTH_INVALID_CREDENTIALS', 'the demo user is not seeded yet'), true],
    [new ApiCallError(409, 'VEHICLE_NOT_AVAILABLE', ''), false],
    [new ApiCallError(404, 'ROUTE_NOT_FOUND', ''), false],
    [new ApiCallError(400, 'VALIDATION_FAILED', ''), false],
  ])('should say %s is retryable: %s', (err, expected) => {
    expect(isRetryable(err)).toBe(expected);
  });
});
