import { ApiErrorSchema, AuditPageSchema, GatewayListSchema, type Gateway, ManagedUserListSchema } from '@feijiu/contracts';
import mqtt from 'mqtt';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, type Harness, createOwnDatabase, startHarness } from './support/core-harness';

// The same database restarted with the demo on, off, off again and on again. It has a database of
// its own: switching the demo off in the shared one would lock the other files' demo logins out.
const OPS_ADMIN = { username: 'ops-admin', password: 'ops-admin-password-1' };
const ADMIN_ROTATED = 'lh-02';

describe('demo logins when FEIJIU_DEMO is switched off and on again on the same database', () => {
  let ownDatabase: Awaited<ReturnType<typeof createOwnDatabase>> | undefined;
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
  const demoAudit = async (core: Harness, token: string, from?: string) => {
    const res = await core.api(`/api/v1/audit?actor=system:demo&limit=500${from ? `&from=${from}` : ''}`, { token });
    expect(res.status).toBe(200);
    return AuditPageSchema.parse(await res.json()).items;
  };
  // An admin's PATCH of a login's `disabled`, the way the admin console does it.
  const setDisabledByAdmin = async (core: Harness, token: string, username: string, disabled: boolean) => {
    const list = await core.api('/api/v1/admin/users', { token });
    expect(list.status).toBe(200);
    const user = ManagedUserListSchema.parse(await list.json()).find((u) => u.username === username);
    expect(user, username).toBeDefined();
    const res = await core.api(`/api/v1/admin/users/${user!.id}`, { method: 'PATCH', token, body: JSON.stringify({ disabled }) });
    expect(res.status, username).toBe(200);
  };
  const restart = async (core: Harness, demo: 'on' | 'off') => {
    await core.stop();
    sut = null;
    return start(demo);
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
    ownDatabase = await createOwnDatabase('feijiu_demo_off');
    databaseUrl = ownDatabase.url;
  });

  afterEach(async () => {
    await sut?.stop();
    sut = null;
  });

  afterAll(async () => {
    await ownDatabase?.drop();
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

  it('should leave a demo login an admin disabled while the demo was on disabled when the demo goes off and on again', async () => {
    const core = await start('on');
    await setDisabledByAdmin(core, await core.login('admin'), 'er', true);
    expect(await loginStatus(core, 'er')).toBe(401);

    const off = await restart(core, 'off');
    expect(await loginStatus(off, 'er')).toBe(401);
    const since = new Date().toISOString();
    const on = await restart(off, 'on');
    expect(await loginStatus(on, 'er')).toBe(401); // the admin's decision, not the demo switch's
    for (const username of ['admin', 'dispatcher', 'crew', 'crew-lh-01', 'er-lead']) {
      expect(await loginStatus(on, username), username).toBe(200);
    }
    const enabled = (await demoAudit(on, await on.login('admin'), since))
      .filter((e) => e.entity === 'user' && e.action === 'enable')
      .map((e) => (e.after as { username: string }).username);
    expect(enabled).toContain('admin');
    expect(enabled).not.toContain('er');
  });

  it('should not disable again a demo login an admin re-enabled while the demo is off', async () => {
    const core = await start('off');
    expect(await loginStatus(core, 'dispatcher')).toBe(401);
    const ops = await core.login(OPS_ADMIN.username, OPS_ADMIN.password);
    await setDisabledByAdmin(core, ops, 'dispatcher', false);
    expect(await loginStatus(core, 'dispatcher')).toBe(200);

    const since = new Date().toISOString();
    const again = await restart(core, 'off');
    expect(await loginStatus(again, 'dispatcher')).toBe(200);
    expect(await loginStatus(again, 'admin')).toBe(401);
    expect(await demoAudit(again, await again.login(OPS_ADMIN.username, OPS_ADMIN.password), since)).toEqual([]);
  });

  it('should bring every demo login back when the demo was switched off by a core that kept no record of it', async () => {
    // what an older core left: the mark without the list of what it switched off
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      expect((await db.query(`UPDATE seed_runs SET details = NULL WHERE name = 'demo-logins-switched-off'`)).rowCount).toBe(1);
    } finally {
      await db.end();
    }
    const core = await start('on');
    for (const username of ['admin', 'dispatcher', 'crew', 'crew-lh-01', 'er-lead']) {
      expect(await loginStatus(core, username), username).toBe(200);
    }
    expect(await gatewayLogin(core, 'lh-01')).toBe('accepted');
  });
});
