import { ApiErrorSchema, AuditPageSchema, GatewayListSchema, type Gateway } from '@feijiu/contracts';
import mqtt from 'mqtt';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, type Harness, startHarness } from './support/core-harness';

// The same database restarted with the demo on, off, off again and on again. It has a database of
// its own: switching the demo off in the shared one would lock the other files' demo logins out.
const OPS_ADMIN = { username: 'ops-admin', password: 'ops-admin-password-1' };
const ADMIN_ROTATED = 'lh-02';

describe('demo logins when FEIJIU_DEMO is switched off and on again on the same database', () => {
  let server: pg.Client;
  let databaseUrl: string;
  let sut: Harness | null = null;
  let tokenFromDemoDays: string;

  const start = async (demo: 'on' | 'off') => {
    sut = await startHarness({ DATABASE_URL: databaseUrl, FEIJIU_DEMO: demo });
    return sut;
  };
  const loginStatus = async (core: Harness, username: string, password = DEMO_PASSWORD) =>
    (await core.api('/api/v1/auth/login', { method: 'POST', body: JSON.stringify({ username, password }) })).status;
  const gateways = async (core: Harness, token: string): Promise<Map<string, Gateway>> => {
    const res = await core.api('/api/v1/admin/gateways', { token });
    expect(res.status).toBe(200);
    return new Map(GatewayListSchema.parse(await res.json()).map((g) => [g.vehicleId, g]));
  };
  const demoAudit = async (core: Harness, token: string) => {
    const res = await core.api('/api/v1/audit?actor=system:demo&limit=500', { token });
    expect(res.status).toBe(200);
    return AuditPageSchema.parse(await res.json()).items;
  };
  const gatewayLogin = async (core: Harness, vehicleId: string): Promise<'accepted' | 'refused'> => {
    try {
      const client = await mqtt.connectAsync(core.mqttUrl, {
        username: vehicleId,
        password: DEMO_PASSWORD,
        protocolVersion: 4,
        reconnectPeriod: 0,
        connectTimeout: 5_000,
      });
      await client.endAsync();
      return 'accepted';
    } catch {
      return 'refused';
    }
  };

  beforeAll(async () => {
    const shared = process.env.TEST_DATABASE_URL;
    if (!shared) throw new Error('TEST_DATABASE_URL is not set: run through the medium vitest project');
    const name = `feijiu_demo_off_${process.pid}`;
    server = new pg.Client({ connectionString: shared });
    await server.connect();
    await server.query(`DROP DATABASE IF EXISTS ${name}`);
    await server.query(`CREATE DATABASE ${name}`);
    const url = new URL(shared);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  });

  afterEach(async () => {
    await sut?.stop();
    sut = null;
  });

  afterAll(async () => {
    await server?.query(`DROP DATABASE IF EXISTS ${new URL(databaseUrl).pathname.slice(1)} WITH (FORCE)`);
    await server?.end();
  });

  it('should seed working demo logins while the demo is on, beside an admin-made user and credential', async () => {
    const core = await start('on');
    tokenFromDemoDays = await core.login('admin');
    const created = await core.api('/api/v1/admin/users', {
      method: 'POST',
      token: tokenFromDemoDays,
      body: JSON.stringify({ ...OPS_ADMIN, displayName: 'Ops admin', role: 'admin' }),
    });
    expect(created.status).toBe(201);
    expect((await core.api(`/api/v1/admin/gateways/${ADMIN_ROTATED}/credentials`, { method: 'POST', token: tokenFromDemoDays })).status).toBe(201);
    expect(await gatewayLogin(core, 'lh-01')).toBe('accepted');
  });

  it('should refuse the demo users and demo gateways once the core starts with FEIJIU_DEMO=off', async () => {
    const core = await start('off');
    for (const username of ['admin', 'dispatcher', 'crew', 'er', 'crew-lh-01', 'er-lead']) {
      const res = await core.api('/api/v1/auth/login', { method: 'POST', body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
      expect(res.status, username).toBe(401);
      expect(ApiErrorSchema.parse(await res.json()).code, username).toBe('AUTH_INVALID_CREDENTIALS');
    }
    // a token issued while the demo was on stops working too
    const stale = await core.api('/api/v1/auth/me', { token: tokenFromDemoDays });
    expect(stale.status).toBe(401);
    expect(await gatewayLogin(core, 'lh-01')).toBe('refused');

    // what an admin made is left alone
    const ops = await core.login(OPS_ADMIN.username, OPS_ADMIN.password);
    const list = await gateways(core, ops);
    expect(list.get('lh-01')).toMatchObject({ status: 'revoked', issuedBy: 'seed' });
    expect(list.get(ADMIN_ROTATED)).toMatchObject({ status: 'active', issuedBy: 'admin' });

    const audit = await demoAudit(core, ops);
    expect(audit.filter((e) => e.entity === 'user' && e.action === 'disable').length).toBeGreaterThanOrEqual(4);
    expect(audit.filter((e) => e.entity === 'gateway_credential' && e.action === 'revoke').map((e) => e.entityId)).toContain('lh-01');
    expect(audit.map((e) => e.entityId)).not.toContain(ADMIN_ROTATED);
  });

  it('should change and audit nothing more when started with the demo off again', async () => {
    const core = await start('off');
    const ops = await core.login(OPS_ADMIN.username, OPS_ADMIN.password);
    const before = (await demoAudit(core, ops)).length;
    await core.stop();
    sut = null;
    const again = await start('off');
    expect(await demoAudit(again, await again.login(OPS_ADMIN.username, OPS_ADMIN.password))).toHaveLength(before);
    expect(await loginStatus(again, 'admin')).toBe(401);
  });

  it('should bring the demo logins back with the demo password when the demo is on again', async () => {
    const core = await start('on');
    for (const username of ['admin', 'dispatcher', 'crew', 'er', 'crew-lh-01', 'er-lead']) {
      expect(await loginStatus(core, username), username).toBe(200);
    }
    expect(await loginStatus(core, OPS_ADMIN.username, OPS_ADMIN.password)).toBe(200);
    expect(await gatewayLogin(core, 'lh-01')).toBe('accepted');
    const list = await gateways(core, await core.login('admin'));
    expect(list.get('lh-01')).toMatchObject({ status: 'active', issuedBy: 'seed' });
    expect(list.get(ADMIN_ROTATED)).toMatchObject({ status: 'active', issuedBy: 'admin' });
  });
});
