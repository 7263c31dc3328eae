import { AuditPageSchema } from '@feijiu/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, createOwnDatabase, startHarness } from './support/core-harness';

// A production install: no demo, so no users at all. The first administrator comes from
// FEIJIU_ADMIN_PASSWORD at start-up, once; later starts leave that login alone. Its own database,
// so the shared one keeps its demo admin.
describe('the first administrator of a database without the demo', () => {
  let ownDatabase: Awaited<ReturnType<typeof createOwnDatabase>> | undefined;
  let databaseUrl: string;
  let sut: Harness | null = null;

  const start = async (env: Record<string, string> = {}) => {
    sut = await startHarness({ DATABASE_URL: databaseUrl, FEIJIU_DEMO: 'off', ...env });
    return sut;
  };
  const login = async (core: Harness, username: string, password: string) =>
    core.api('/api/v1/auth/login', { method: 'POST', body: JSON.stringify({ username, password }) });

  beforeAll(async () => {
    ownDatabase = await createOwnDatabase('feijiu_admin_bootstrap');
    databaseUrl = ownDatabase.url;
  });
  afterEach(async () => {
    await sut?.stop();
    sut = null;
  });
  afterAll(async () => {
    await ownDatabase?.drop();
  });

  it('should have nobody to log in without FEIJIU_ADMIN_PASSWORD', async () => {
    const core = await start();
    expect((await login(core, 'admin', 'chief-of-ops-2026')).status).toBe(401);
  });

  it('should create the first administrator from FEIJIU_ADMIN_USERNAME and FEIJIU_ADMIN_PASSWORD, audited', async () => {
    const core = await start({ FEIJIU_ADMIN_USERNAME: 'ops.chief', FEIJIU_ADMIN_PASSWORD: 'chief-of-ops-2026' });
    const res = await login(core, 'ops.chief', 'chief-of-ops-2026');
    expect(res.status).toBe(200);
    const { accessToken } = (await res.json()) as { accessToken: string };
    const users = (await (await core.api('/api/v1/admin/users', { token: accessToken })).json()) as Array<{ username: string; role: string }>;
    expect(users).toEqual([expect.objectContaining({ username: 'ops.chief', role: 'admin' })]);
    const audit = AuditPageSchema.parse(await (await core.api('/api/v1/audit?actor=system:admin-bootstrap', { token: accessToken })).json());
    expect(audit.items).toEqual([expect.objectContaining({ entity: 'user', action: 'create' })]);
  });

  it('should leave an existing administrator alone on later starts, whatever the setting says', async () => {
    const core = await start({ FEIJIU_ADMIN_USERNAME: 'ops.chief', FEIJIU_ADMIN_PASSWORD: 'another-password-99' });
    expect((await login(core, 'ops.chief', 'another-password-99')).status).toBe(401);
    expect((await login(core, 'ops.chief', 'chief-of-ops-2026')).status).toBe(200);
  });
});
