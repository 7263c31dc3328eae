import { ApiErrorSchema, FacilityListSchema, SessionUserSchema, VehicleListSchema } from '@feijiu/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ROUTE_ERRORS } from '../../src/platform/http/openapi-errors';
import { type Harness, startHarness } from './support/core-harness';

interface DocResponse {
  description?: string;
  content?: Record<string, { schema?: { $ref?: string } }>;
}
interface DocOperation {
  operationId: string;
  responses: Record<string, DocResponse>;
}
interface OpenApiDoc {
  paths: Record<string, Record<string, DocOperation>>;
  components: { schemas: Record<string, unknown> };
}
const ERROR_REF = '#/components/schemas/ApiError';
const errorRefOf = (r: DocResponse | undefined) => r?.content?.['application/json']?.schema?.$ref;

describe('dispatch-core REST', () => {
  let sut: Harness;
  beforeAll(async () => {
    sut = await startHarness();
  });
  afterAll(async () => {
    await sut?.stop();
  });

  it('should list the demo fleet of 39 ambulances when a dispatcher asks', async () => {
    const token = await sut.login('dispatcher');
    const res = await sut.api('/api/v1/vehicles', { token });
    expect(res.status).toBe(200);
    const vehicles = VehicleListSchema.parse(await res.json());
    expect(vehicles).toHaveLength(39);
    expect(new Set(vehicles.map((v) => v.id)).size).toBe(39);
  });

  it('should list the command centre, 4 county hospitals and 20 township centres', async () => {
    const token = await sut.login('er');
    const facilities = FacilityListSchema.parse(await (await sut.api('/api/v1/hospitals', { token })).json());
    const byKind = (k: string) => facilities.filter((f) => f.kind === k);
    expect(byKind('command_centre')).toHaveLength(1);
    expect(byKind('hospital')).toHaveLength(4);
    expect(byKind('township_centre')).toHaveLength(20);
    const countySeatAmbulances = byKind('hospital').reduce((n, f) => n + f.vehicleCount, 0);
    expect(countySeatAmbulances).toBe(19);
    expect(facilities.find((f) => f.id === 'lead')?.capabilities).toEqual(
      expect.arrayContaining(['pci_24_7', 'thrombectomy', 'trauma_centre']),
    );
  });

  it('should tell the crew user which ambulance it is bound to', async () => {
    const token = await sut.login('crew');
    const me = SessionUserSchema.parse(await (await sut.api('/api/v1/auth/me', { token })).json());
    expect(me).toMatchObject({ username: 'crew', role: 'crew', vehicleId: 'lh-01', hospitalId: null });
  });

  it('should refuse a wrong password with AUTH_INVALID_CREDENTIALS', async () => {
    const res = await sut.api('/api/v1/auth/login', {
      method: 'POST',
      body: JSON.stringify({ username: 'dispatcher', password: 'wrong-password' }),
    });
    expect(res.status).toBe(401);
    expect(ApiErrorSchema.parse(await res.json()).code).toBe('AUTH_INVALID_CREDENTIALS');
  });

  it('should refuse every data route without a token with AUTH_REQUIRED', async () => {
    for (const path of ['/api/v1/vehicles', '/api/v1/hospitals', '/api/v1/auth/me', '/api/v1/map/basemap']) {
      const res = await sut.api(path);
      expect(res.status, path).toBe(401);
      expect(ApiErrorSchema.parse(await res.json()).code, path).toBe('AUTH_REQUIRED');
    }
  });

  it('should refuse a forged token with AUTH_TOKEN_INVALID', async () => {
    const token = await sut.login('dispatcher');
    const forged = `${token.slice(0, -4)}AAAA`;
    const res = await sut.api('/api/v1/vehicles', { token: forged });
    expect(res.status).toBe(401);
    expect(ApiErrorSchema.parse(await res.json()).code).toBe('AUTH_TOKEN_INVALID');
  });

  it('should name the bad field when the login body has the wrong type', async () => {
    const res = await sut.api('/api/v1/auth/login', { method: 'POST', body: JSON.stringify({ username: 42 }) });
    expect(res.status).toBe(400);
    const body = ApiErrorSchema.parse(await res.json());
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.message).toContain('username');
    expect(body.message).toContain('password');
  });

  it('should answer malformed JSON with MALFORMED_JSON and keep serving', async () => {
    const res = await sut.api('/api/v1/auth/login', { method: 'POST', body: '{"username": "dispatcher",' });
    expect(res.status).toBe(400);
    expect(ApiErrorSchema.parse(await res.json()).code).toBe('MALFORMED_JSON');
    expect((await sut.api('/health')).status).toBe(200);
  });

  it('should answer an unknown vehicle id with VEHICLE_NOT_FOUND', async () => {
    const token = await sut.login('dispatcher');
    const res = await sut.api('/api/v1/vehicles/no-such-car', { token });
    expect(res.status).toBe(404);
    expect(ApiErrorSchema.parse(await res.json()).code).toBe('VEHICLE_NOT_FOUND');
  });

  it('should report ready with the database and broker up', async () => {
    const res = await sut.api('/health/ready');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ checks: { database: 'up', broker: 'up' } });
  });

  it('should expose Prometheus metrics and echo a request id', async () => {
    const res = await sut.api('/metrics', { headers: { 'x-request-id': 'trace-abc-123' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('feijiu_mqtt_messages_total');
    expect(res.headers.get('x-request-id')).toBe('trace-abc-123');
  });

  it('should document the REST API from the contract schemas', async () => {
    const doc = (await (await sut.api('/api/docs-json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/vehicles', '/api/v1/hospitals']),
    );
  });

  describe('OpenAPI error documentation', () => {
    let doc: OpenApiDoc;
    const operations = () =>
      Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })));
    beforeAll(async () => {
      doc = (await (await sut.api('/api/docs-json')).json()) as OpenApiDoc;
    });

    it('should give every operation an explicit success status and no default response', () => {
      for (const { key, op } of operations()) {
        expect(Object.keys(op.responses), key).not.toContain('default');
        expect(Object.keys(op.responses).filter((s) => /^2\d\d$/.test(s)), key).toHaveLength(1);
      }
      const successOf = (key: string) => Object.keys(operations().find((o) => o.key === key)!.op.responses).find((s) => s.startsWith('2'));
      expect(successOf('GET /api/v1/vehicles')).toBe('200');
      expect(successOf('POST /api/v1/incidents')).toBe('201');
      expect(successOf('POST /api/v1/assignments/{id}/accept')).toBe('200'); // @HttpCode(200) on a POST
      expect(successOf('POST /api/v1/auth/logout')).toBe('204');
      expect(successOf('DELETE /api/v1/admin/gateways/{vehicleId}/credentials')).toBe('200');
    });

    it('should document the error responses of every operation with the ApiError schema', () => {
      expect(doc.components.schemas.ApiError).toBeDefined();
      for (const { key, op } of operations()) {
        const errors = Object.entries(op.responses).filter(([s]) => /^[45]\d\d$/.test(s));
        expect(errors.length, key).toBeGreaterThan(0);
        for (const [status, response] of errors) expect(errorRefOf(response), `${key} ${status}`).toBe(ERROR_REF);
        expect(op.responses['400'], key).toBeDefined();
        if (key.includes('{id}') || key.includes('{vehicleId}')) expect(op.responses['404'], key).toBeDefined();
      }
      const responsesOf = (key: string) => operations().find((o) => o.key === key)!.op.responses;
      expect(Object.keys(responsesOf('GET /api/v1/vehicles'))).toEqual(expect.arrayContaining(['401', '403']));
      expect(responsesOf('POST /api/v1/auth/login')['429']?.description).toContain('AUTH_RATE_LIMITED');
      expect(responsesOf('POST /api/v1/auth/login')['401']?.description).toContain('AUTH_INVALID_CREDENTIALS');
      expect(responsesOf('POST /api/v1/incidents/{id}/assignments')['409']?.description).toContain('VEHICLE_NOT_AVAILABLE');
      expect(Object.keys(responsesOf('POST /api/v1/incidents'))).toEqual(expect.arrayContaining(['413', '415']));
      expect(responsesOf('GET /api/v1/vehicles')['409']).toBeUndefined();
    });

    it('should name only operations that exist in its table of route-specific errors', () => {
      const keys = new Set(operations().map((o) => o.key));
      for (const key of Object.keys(ROUTE_ERRORS)) expect(keys.has(key), key).toBe(true);
    });

    it('should describe the error body a client really gets', async () => {
      const documented = z.fromJSONSchema(doc.components.schemas.ApiError as Parameters<typeof z.fromJSONSchema>[0]);
      const token = await sut.login('dispatcher');
      const notFound = await sut.api('/api/v1/vehicles/no-such-car', { token });
      const body: unknown = await notFound.json();
      expect(documented.safeParse(body).success).toBe(true);
      expect(body).toMatchObject({ code: 'VEHICLE_NOT_FOUND', requestId: expect.any(String) });
      const invalid: unknown = await (await sut.api('/api/v1/auth/login', { method: 'POST', body: '{}' })).json();
      expect(documented.safeParse(invalid).success).toBe(true);
      expect(documented.safeParse({ code: 'NO_SUCH_CODE', message: 'x' }).success).toBe(false);
      expect(documented.safeParse({ message: 'no code' }).success).toBe(false);
    });
  });

  it('should give the console its public configuration before login', async () => {
    const res = await sut.api('/api/v1/console-config');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ countyName: '澄溪县', demo: true, tileUrl: null, defaultLocale: 'zh-CN' });
  });
});
