import { ApiErrorSchema, type ManagedUser, ManagedUserListSchema, ManagedUserSchema, SessionUserSchema } from '@feijiu/contracts';
import type { Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/core-harness';

// Logins this file creates are unique per run: the medium tier shares one database.
const RUN = Date.now().toString(36);
const PASSWORD = 'correct-horse-battery';

describe('sessions: logout, admin revoke, disable, and admin user management', () => {
  let sut: Harness;
  let admin: string;

  const send = (method: string, path: string, token: string | undefined, body?: unknown) =>
    sut.api(path, { method, token, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const me = (token: string) => sut.api('/api/v1/auth/me', { token });
  const errorCode = async (res: Response) => ApiErrorSchema.parse(await res.json()).code;
  const loginStatus = async (username: string, password = PASSWORD) =>
    (await send('POST', '/api/v1/auth/login', undefined, { username, password })).status;
  const createUser = async (name: string, fields: Record<string, unknown>): Promise<ManagedUser> => {
    const res = await send('POST', '/api/v1/admin/users', admin, { username: `${name}-${RUN}`, displayName: name, password: PASSWORD, ...fields });
    expect(res.status, await res.clone().text()).toBe(201);
    return ManagedUserSchema.parse(await res.json());
  };
  const connected = async (token: string): Promise<Socket> => {
    const socket = sut.live(token);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return socket;
  };
  const closedByServer = (socket: Socket) =>
    new Promise<string>((resolve) => {
      if (!socket.connected) resolve('already closed');
      socket.once('disconnect', (reason) => resolve(reason));
    });
  const auditOf = async (entityId: string) =>
    (await sut.core.app
      .get(DataSource)
      .query(`SELECT actor, entity, action, after FROM audit_log WHERE entity = 'user' AND entity_id = $1 ORDER BY id`, [entityId])) as {
      actor: string;
      action: string;
      after: Record<string, unknown> | null;
    }[];

  beforeAll(async () => {
    sut = await startHarness();
    admin = await sut.login('admin');
  });
  afterAll(async () => {
    await sut?.stop();
  });

  it('should revoke only the logged-out token and close only its live socket', async () => {
    const user = await createUser('logout', { role: 'dispatcher' });
    const first = await sut.login(user.username, PASSWORD);
    const second = await sut.login(user.username, PASSWORD);
    const firstSocket = await connected(first);
    const secondSocket = await connected(second);
    const firstClosed = closedByServer(firstSocket);

    expect((await send('POST', '/api/v1/auth/logout', first)).status).toBe(204);

    expect(await firstClosed).toBe('io server disconnect');
    const refused = await me(first);
    expect(refused.status).toBe(401);
    expect(await errorCode(refused)).toBe('AUTH_TOKEN_INVALID');
    expect((await me(second)).status).toBe(200);
    expect(secondSocket.connected).toBe(true);
  });

  it('should refuse every token of a user once an admin revokes their sessions, and let them log in again', async () => {
    const user = await createUser('revoked', { role: 'er_clinician', hospitalId: 'mch' });
    const tablet = await sut.login(user.username, PASSWORD);
    const desktop = await sut.login(user.username, PASSWORD);
    const socket = await connected(desktop);
    const closed = closedByServer(socket);

    expect((await send('POST', `/api/v1/admin/users/${user.id}/revoke-sessions`, admin)).status).toBe(204);

    expect(await closed).toBe('io server disconnect');
    for (const token of [tablet, desktop]) {
      const res = await me(token);
      expect(res.status).toBe(401);
      expect(await errorCode(res)).toBe('AUTH_TOKEN_INVALID');
    }
    const fresh = await sut.login(user.username, PASSWORD);
    expect((await me(fresh)).status).toBe(200);
    expect((await auditOf(user.id)).map((a) => a.action)).toEqual(['create', 'revoke-sessions']);
  });

  it('should lock a disabled user out of REST, login and live sockets until enabled again', async () => {
    const user = await createUser('disabled', { role: 'crew', vehicleId: 'lh-08' });
    const token = await sut.login(user.username, PASSWORD);
    const socket = await connected(token);
    const closed = closedByServer(socket);

    const disabled = await send('PATCH', `/api/v1/admin/users/${user.id}`, admin, { disabled: true });
    expect(ManagedUserSchema.parse(await disabled.json())).toMatchObject({ disabled: true });

    expect(await closed).toBe('io server disconnect');
    expect((await me(token)).status).toBe(401);
    expect(await loginStatus(user.username)).toBe(401);

    await send('PATCH', `/api/v1/admin/users/${user.id}`, admin, { disabled: false });
    expect(await loginStatus(user.username)).toBe(200);
    const audit = await auditOf(user.id);
    expect(audit.map((a) => [a.actor, a.action])).toEqual([
      ['user:admin', 'create'],
      ['user:admin', 'update'],
      ['user:admin', 'update'],
    ]);
    expect(audit[1]!.after).toMatchObject({ disabled: true, sessionsRevoked: true });
  });

  it('should rebind a crew login to another ambulance and end the sessions bound to the old one', async () => {
    const user = await createUser('rebound', { role: 'crew', vehicleId: 'lh-09' });
    const old = await sut.login(user.username, PASSWORD);

    const res = await send('PATCH', `/api/v1/admin/users/${user.id}`, admin, { vehicleId: 'lh-10' });
    expect(res.status).toBe(200);

    expect((await me(old)).status).toBe(401);
    const fresh = await sut.login(user.username, PASSWORD);
    expect(SessionUserSchema.parse(await (await me(fresh)).json())).toMatchObject({ role: 'crew', vehicleId: 'lh-10' });
  });

  it('should replace a password: the old one and its tokens stop working, the new one logs in', async () => {
    const user = await createUser('password', { role: 'dispatcher' });
    const old = await sut.login(user.username, PASSWORD);

    expect((await send('PATCH', `/api/v1/admin/users/${user.id}`, admin, { password: 'a-brand-new-passphrase' })).status).toBe(200);

    expect((await me(old)).status).toBe(401);
    expect(await loginStatus(user.username)).toBe(401);
    expect(await loginStatus(user.username, 'a-brand-new-passphrase')).toBe(200);
    const audit = await auditOf(user.id);
    expect(JSON.stringify(audit)).not.toContain('a-brand-new-passphrase');
    expect(audit.at(-1)!.after).toMatchObject({ passwordChanged: true });
  });

  it('should keep a renamed user logged in', async () => {
    const user = await createUser('renamed', { role: 'dispatcher' });
    const token = await sut.login(user.username, PASSWORD);

    await send('PATCH', `/api/v1/admin/users/${user.id}`, admin, { displayName: '调度员 新名字' });

    expect(SessionUserSchema.parse(await (await me(token)).json()).displayName).toBe('调度员 新名字');
  });

  it('should list users with their role and binding but never a password hash', async () => {
    const user = await createUser('listed', { role: 'er_clinician', hospitalId: 'tcm' });
    const res = await sut.api('/api/v1/admin/users', { token: admin });
    const text = await res.text();
    const listed = ManagedUserListSchema.parse(JSON.parse(text)).find((u) => u.id === user.id);
    expect(listed).toMatchObject({ role: 'er_clinician', hospitalId: 'tcm', vehicleId: null, disabled: false });
    expect(text).not.toMatch(/argon2|passwordHash|password_hash/);
  });

  it.each([
    ['a crew without an ambulance', { role: 'crew' }, 400, 'VALIDATION_FAILED'],
    ['an ER clinician without a hospital', { role: 'er_clinician' }, 400, 'VALIDATION_FAILED'],
    ['a dispatcher bound to an ambulance', { role: 'dispatcher', vehicleId: 'lh-07' }, 400, 'VALIDATION_FAILED'],
    ['a crew bound to an unknown ambulance', { role: 'crew', vehicleId: 'no-such-car' }, 400, 'VALIDATION_FAILED'],
    ['an ER clinician bound to the command centre', { role: 'er_clinician', hospitalId: 'cc' }, 400, 'VALIDATION_FAILED'],
    ['a short password', { role: 'dispatcher', password: 'short' }, 400, 'VALIDATION_FAILED'],
  ])('should refuse to create %s', async (_, fields, status, code) => {
    const res = await send('POST', '/api/v1/admin/users', admin, { username: `bad-${RUN}`, displayName: 'x', password: PASSWORD, ...fields });
    expect(res.status).toBe(status);
    expect(await errorCode(res)).toBe(code);
    const users = ManagedUserListSchema.parse(await (await sut.api('/api/v1/admin/users', { token: admin })).json());
    expect(users.map((u) => u.username)).not.toContain(`bad-${RUN}`);
  });

  it('should refuse a second user with a taken username with CONFLICT', async () => {
    await createUser('taken', { role: 'dispatcher' });
    const res = await send('POST', '/api/v1/admin/users', admin, { username: `taken-${RUN}`, displayName: 'x', password: PASSWORD, role: 'admin' });
    expect(res.status).toBe(409);
    expect(await errorCode(res)).toBe('CONFLICT');
  });

  it('should refuse an admin disabling or demoting their own login', async () => {
    const other = await createUser('admin', { role: 'admin' });
    const token = await sut.login(other.username, PASSWORD);
    for (const change of [{ disabled: true }, { role: 'dispatcher' }]) {
      const res = await send('PATCH', `/api/v1/admin/users/${other.id}`, token, change);
      expect(res.status).toBe(409);
    }
    expect((await me(token)).status).toBe(200);
  });

  it('should document the admin user API and logout from the contract schemas', async () => {
    const doc = (await (await sut.api('/api/docs-json')).json()) as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/admin/users', '/api/v1/admin/users/{id}', '/api/v1/admin/users/{id}/revoke-sessions', '/api/v1/auth/logout']),
    );
    expect(JSON.stringify(doc.paths['/api/v1/admin/users']!.post!.requestBody)).toMatch(/CreateUser/);
  });

  it('should answer an unknown user id with NOT_FOUND', async () => {
    const res = await send('POST', '/api/v1/admin/users/00000000-0000-4000-8000-000000000000/revoke-sessions', admin);
    expect(res.status).toBe(404);
  });
});
