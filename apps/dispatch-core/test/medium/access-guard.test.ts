import { ApiErrorSchema, ROLES, type Role } from '@feijiu/contracts';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { MESSAGE_MAPPING_METADATA, MESSAGE_METADATA } from '@nestjs/websockets/constants';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IS_PUBLIC, ROLES as ROLES_METADATA } from '../../src/platform/http/access.decorators';
import { type Harness, startHarness } from './support/core-harness';

// Every route that answers without a token, and why. A new @Public() route fails this test until
// it is listed here with its reason.
const PUBLIC_ROUTES: Record<string, string> = {
  'POST /api/v1/auth/login': 'how a token is obtained (rate limited per username + address)',
  'GET /api/v1/console-config': 'county name, tiles and language the console shows on its login page',
  'GET /health': 'liveness probe of the orchestrator; says nothing but "up"',
  'GET /health/ready': 'readiness probe; database and broker up or down',
  'GET /metrics': 'Prometheus scrape; operational counters, no patient or user data',
};
// Routes Express serves that are not Nest controllers, and why they need no token.
const NON_CONTROLLER_ROUTES: { path: RegExp; reason: string }[] = [
  { path: /^\/api\/docs(-json|-yaml)?(\/.*)?$/, reason: 'the OpenAPI description generated from the contract schemas' },
  { path: /^\/\{\*path\}$/, reason: "Nest's catch-all: 404 ROUTE_NOT_FOUND for any path no controller serves" },
];

interface RouteDecision {
  key: string;
  method: string;
  path: string;
  isPublic: boolean;
  roles: Role[] | undefined;
}

// What Nest registered: every controller method with a route, read from the same metadata the
// router and the AuthGuard use.
function enumerateRoutes(sut: Harness): RouteDecision[] {
  const scanner = new MetadataScanner();
  const routes: RouteDecision[] = [];
  for (const module of sut.core.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!type) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, type) ?? '');
      for (const name of scanner.getAllMethodNames(type.prototype)) {
        const handler = (type.prototype as Record<string, unknown>)[name] as object;
        const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (sub === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const path = `/${[base, sub].join('/')}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
        routes.push({
          key: `${method} ${path}`,
          method,
          path,
          isPublic: (Reflect.getMetadata(IS_PUBLIC, handler) ?? Reflect.getMetadata(IS_PUBLIC, type)) === true,
          roles: (Reflect.getMetadata(ROLES_METADATA, handler) ?? Reflect.getMetadata(ROLES_METADATA, type)) as Role[] | undefined,
        });
      }
    }
  }
  return routes;
}

// What Express actually serves, whoever registered it.
function expressRoutes(sut: Harness): string[] {
  const express = sut.core.app.getHttpAdapter().getInstance() as {
    router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  };
  return express.router.stack.flatMap((layer) =>
    layer.route ? Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path}`) : [],
  );
}

const concrete = (path: string) => path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');

describe('access control of every route and socket event', () => {
  let sut: Harness;
  let routes: RouteDecision[];
  const tokens = {} as Record<Role, string>;

  beforeAll(async () => {
    sut = await startHarness();
    routes = enumerateRoutes(sut);
    const demoLogin: Record<Role, string> = { dispatcher: 'dispatcher', crew: 'crew', er_clinician: 'er', admin: 'admin' };
    for (const role of ROLES) tokens[role] = await sut.login(demoLogin[role]);
  });
  afterAll(async () => {
    await sut?.stop();
  });

  it('should find every route Express serves among the enumerated controller routes', () => {
    const enumerated = new Set(routes.map((r) => r.key));
    const served = expressRoutes(sut).filter((key) => !NON_CONTROLLER_ROUTES.some((r) => r.path.test(key.split(' ')[1]!)));
    expect(served.filter((key) => !enumerated.has(key))).toEqual([]);
    expect([...enumerated].filter((key) => !served.includes(key))).toEqual([]);
    expect(routes.length).toBeGreaterThan(30);
  });

  it('should give every route an explicit access decision: a justified @Public() or a @Roles list', () => {
    const undecided = routes.filter((r) => !r.isPublic && (!r.roles || r.roles.length === 0)).map((r) => r.key);
    const unjustifiedPublic = routes.filter((r) => r.isPublic && !PUBLIC_ROUTES[r.key]).map((r) => r.key);
    const publicWithRoles = routes.filter((r) => r.isPublic && r.roles).map((r) => r.key);
    const unknownRoles = routes.filter((r) => r.roles?.some((role) => !ROLES.includes(role))).map((r) => r.key);
    expect({ undecided, unjustifiedPublic, publicWithRoles, unknownRoles }).toEqual({
      undecided: [],
      unjustifiedPublic: [],
      publicWithRoles: [],
      unknownRoles: [],
    });
    expect(Object.keys(PUBLIC_ROUTES).filter((key) => !routes.some((r) => r.key === key && r.isPublic))).toEqual([]);
  });

  it('should answer a path no controller serves with 404 ROUTE_NOT_FOUND, token or not', async () => {
    for (const token of [undefined, tokens.crew]) {
      const res = await sut.api('/api/v1/no-such-route', { method: 'POST', token });
      expect(res.status).toBe(404);
      expect(ApiErrorSchema.parse(await res.json()).code).toBe('ROUTE_NOT_FOUND');
    }
  });

  it('should answer every non-public route with 401 AUTH_REQUIRED without a token', async () => {
    const answers: string[] = [];
    for (const r of routes.filter((x) => !x.isPublic)) {
      const res = await sut.api(concrete(r.path), { method: r.method });
      const code = res.status === 401 ? ApiErrorSchema.parse(await res.json()).code : await res.text();
      if (res.status !== 401 || code !== 'AUTH_REQUIRED') answers.push(`${r.key} → ${res.status} ${code}`);
    }
    expect(answers).toEqual([]);
  });

  it('should answer every public route without asking for a token', async () => {
    for (const r of routes.filter((x) => x.isPublic)) {
      const res = await sut.api(concrete(r.path), { method: r.method, ...(r.method === 'POST' ? { body: '{}' } : {}) });
      expect(res.status, r.key).not.toBe(401);
      expect(res.status, r.key).toBeLessThan(500);
    }
  });

  it('should refuse every role a route does not list with 403 FORBIDDEN', async () => {
    const answers: string[] = [];
    for (const r of routes.filter((x) => !x.isPublic)) {
      for (const role of ROLES.filter((x) => !r.roles?.includes(x))) {
        const res = await sut.api(concrete(r.path), { method: r.method, token: tokens[role] });
        const body = ApiErrorSchema.safeParse(await res.json().catch(() => null));
        if (res.status !== 403 || body.data?.code !== 'FORBIDDEN') answers.push(`${role} ${r.key} → ${res.status}`);
      }
    }
    expect(answers).toEqual([]);
  });

  it('should refuse a forged or expired token on REST with AUTH_TOKEN_INVALID', async () => {
    const jwt = sut.core.app.get(JwtService, { strict: false });
    const claims = jwt.decode<Record<string, unknown>>(tokens.dispatcher);
    const expired = await jwt.signAsync({ ...claims, iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 60 });
    for (const token of [`${tokens.dispatcher.slice(0, -4)}AAAA`, expired]) {
      const res = await sut.api('/api/v1/vehicles', { token });
      expect(res.status).toBe(401);
      expect(ApiErrorSchema.parse(await res.json()).code).toBe('AUTH_TOKEN_INVALID');
    }
  });

  describe('socket.io /live', () => {
    const connectOutcome = (socket: Socket) =>
      new Promise<{ connected: true } | { connected: false; code: unknown }>((resolve) => {
        socket.once('connect', () => resolve({ connected: true }));
        socket.once('connect_error', (err: Error & { data?: { code?: unknown } }) => resolve({ connected: false, code: err.data?.code }));
      });

    it('should handle only client messages that carry a @Roles list', () => {
      const scanner = new MetadataScanner();
      const gateways: string[] = [];
      const unguarded: string[] = [];
      for (const module of sut.core.app.get(ModulesContainer).values()) {
        for (const wrapper of module.providers.values()) {
          const type = wrapper.metatype as (new (...args: never[]) => object) | null;
          if (!type?.prototype || !Reflect.getMetadata('websockets:is_gateway', type)) continue;
          gateways.push(type.name);
          for (const name of scanner.getAllMethodNames(type.prototype)) {
            const handler = (type.prototype as Record<string, unknown>)[name] as object;
            if (!Reflect.getMetadata(MESSAGE_MAPPING_METADATA, handler)) continue;
            const roles = (Reflect.getMetadata(ROLES_METADATA, handler) ?? Reflect.getMetadata(ROLES_METADATA, type)) as Role[] | undefined;
            if (!roles?.length) unguarded.push(`${type.name}.${name} (${String(Reflect.getMetadata(MESSAGE_METADATA, handler))})`);
          }
        }
      }
      expect(gateways).toContain('LiveGateway');
      expect(unguarded).toEqual([]);
    });

    it('should refuse a connection to any namespace but /live, even with a valid token', async () => {
      for (const path of ['', '/', '/admin']) {
        const socket = io(`${sut.baseUrl}${path}`, { auth: { token: tokens.admin }, transports: ['websocket'], reconnection: false });
        const outcome = await connectOutcome(socket);
        socket.close();
        expect(outcome, `namespace "${path}"`).toMatchObject({ connected: false });
      }
    });

    it('should refuse a connection without a token with AUTH_REQUIRED', async () => {
      expect(await connectOutcome(sut.live(undefined))).toEqual({ connected: false, code: 'AUTH_REQUIRED' });
    });

    it('should refuse a connection with a forged, expired or logged-out token with AUTH_TOKEN_INVALID', async () => {
      const jwt = sut.core.app.get(JwtService, { strict: false });
      const claims = jwt.decode<Record<string, unknown>>(tokens.er_clinician);
      const expired = await jwt.signAsync({ ...claims, iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 60 });
      const loggedOut = await sut.login('er');
      expect((await sut.api('/api/v1/auth/logout', { method: 'POST', token: loggedOut })).status).toBe(204);
      for (const token of ['not-a-jwt', `${tokens.er_clinician.slice(0, -4)}AAAA`, expired, loggedOut]) {
        expect(await connectOutcome(sut.live(token)), token).toEqual({ connected: false, code: 'AUTH_TOKEN_INVALID' });
      }
    });

    it('should accept a connection with a valid token', async () => {
      expect(await connectOutcome(sut.live(tokens.er_clinician))).toEqual({ connected: true });
    });
  });
});
