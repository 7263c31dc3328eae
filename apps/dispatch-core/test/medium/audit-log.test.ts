import { ApiErrorSchema, type AuditEntry, AuditPageSchema, AuditVerificationSchema } from '@feijiu/contracts';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAuditVerify } from '../../src/audit/audit-verify.command';
import { type Harness, startHarness } from './support/core-harness';

// A demo ambulance no other medium test touches (the test database is shared by every file).
const VEHICLE = 'baisha-01';

describe('audit log: read by admins, verified end to end', () => {
  let sut: Harness;
  let admin: string;
  let dispatcher: string;
  let startedAt: string;
  const reason = `tyre change ${Date.now()}`;

  const page = async (query: string) => {
    const res = await sut.api(`/api/v1/audit?${query}`, { token: admin });
    expect(res.status).toBe(200);
    return AuditPageSchema.parse(await res.json());
  };
  const verifyViaApi = async () => {
    const res = await sut.api('/api/v1/audit/verify', { token: admin });
    expect(res.status).toBe(200);
    return AuditVerificationSchema.parse(await res.json());
  };
  const verifyViaCommand = async () => {
    const lines: string[] = [];
    const code = await runAuditVerify([], { mode: 'external', url: process.env.TEST_DATABASE_URL! }, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    return { code, output: lines.join('\n') };
  };
  const setStatus = async (status: string) => {
    const res = await sut.api(`/api/v1/vehicles/${VEHICLE}/status`, { method: 'POST', token: dispatcher, body: JSON.stringify({ status, reason }) });
    expect(res.status).toBe(200);
  };
  /** Runs SQL as the database owner with the append-only trigger off, as an intruder with DB access could. */
  const behindTheCoresBack = async (sql: string, params: unknown[]) => {
    const db = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await db.connect();
    try {
      await db.query('BEGIN');
      await db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
      await db.query(sql, params);
      await db.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
      await db.query('COMMIT');
    } finally {
      await db.end();
    }
  };

  beforeAll(async () => {
    sut = await startHarness();
    admin = await sut.login('admin');
    dispatcher = await sut.login('dispatcher');
    startedAt = new Date(Date.now() - 1000).toISOString();
    await setStatus('out_of_service');
    await setStatus('available');
  });
  afterAll(async () => {
    await sut?.stop();
  });

  it("should show an admin who changed the ambulance's status, when, from where, and what changed", async () => {
    const { items } = await page(`entity=vehicle&entityId=${VEHICLE}&from=${encodeURIComponent(startedAt)}`);
    expect(items.map((e) => e.after)).toEqual([
      { status: 'available', reason },
      { status: 'out_of_service', reason },
    ]);
    expect(items[1]).toMatchObject({
      actor: 'user:dispatcher',
      sourceAddress: expect.stringMatching(/127\.0\.0\.1/),
      entity: 'vehicle',
      entityId: VEHICLE,
      action: 'status',
      before: { status: 'available' },
    });
    expect(Date.parse(items[1]!.at)).toBeGreaterThanOrEqual(Date.parse(startedAt));
    expect(items[0]!.prevHash).toMatch(/^[0-9a-f]{64}$/);
    expect(items[0]!.seq).toBeGreaterThan(items[1]!.seq);
  });

  it('should say from where for every change a person made, across the whole log', async () => {
    const byPeople: AuditEntry[] = [];
    for (let cursor: number | null = null, first = true; first || cursor; first = false) {
      const p = await page(`limit=500${cursor ? `&cursor=${cursor}` : ''}`);
      byPeople.push(...p.items.filter((e) => e.actor.startsWith('user:')));
      cursor = p.nextCursor;
    }
    expect(byPeople.length).toBeGreaterThanOrEqual(2);
    expect(byPeople.filter((e) => !e.sourceAddress).map((e) => `${e.seq} ${e.entity} ${e.action}`)).toEqual([]);
  });

  it('should page newest first with a cursor, and filter by actor and time', async () => {
    const filter = `actor=user:dispatcher&entityId=${VEHICLE}&from=${encodeURIComponent(startedAt)}`;
    const first = await page(`${filter}&limit=1`);
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toBe(first.items[0]!.seq);
    const second = await page(`${filter}&limit=1&cursor=${first.nextCursor}`);
    expect(second.items.map((e) => e.after)).toEqual([{ status: 'out_of_service', reason }]);
    const last = await page(`${filter}&limit=1&cursor=${second.items[0]!.seq}`);
    expect(last).toEqual({ items: [], nextCursor: null });

    expect((await page(`actor=user:nobody-${Date.now()}`)).items).toEqual([]);
    expect((await page(`entityId=${VEHICLE}&to=${encodeURIComponent(startedAt)}&from=${encodeURIComponent('2000-01-01T00:00:00Z')}`)).items).toEqual([]);
    const bad = await sut.api(`/api/v1/audit?from=${encodeURIComponent('2030-01-01T00:00:00Z')}&to=${encodeURIComponent('2020-01-01T00:00:00Z')}`, { token: admin });
    expect(ApiErrorSchema.parse(await bad.json()).code).toBe('VALIDATION_FAILED');
  });

  it('should refuse the audit log and its verification to anyone but an admin', async () => {
    for (const user of ['dispatcher', 'crew', 'er']) {
      const token = await sut.login(user);
      for (const path of ['/api/v1/audit', '/api/v1/audit/verify']) {
        const res = await sut.api(path, { token });
        expect(res.status, `${user} ${path}`).toBe(403);
        expect(ApiErrorSchema.parse(await res.json()).code).toBe('FORBIDDEN');
      }
    }
    expect((await sut.api('/api/v1/audit')).status).toBe(401);
  });

  it('should report an intact chain through the API and the command', async () => {
    const api = await verifyViaApi();
    expect(api).toMatchObject({ ok: true, firstBroken: null });
    const newest = (await page('limit=1')).items[0]!;
    expect(api.head!.seq).toBeGreaterThanOrEqual(newest.seq);

    const cli = await verifyViaCommand();
    expect(cli.code).toBe(0);
    expect(cli.output).toMatch(/^audit chain OK: \d+ entries/);
  });

  it('should name the entry that was changed behind the core’s back, and be intact again once it is put back', async () => {
    const { items } = await page(`entity=vehicle&entityId=${VEHICLE}&from=${encodeURIComponent(startedAt)}&limit=2`);
    const target: AuditEntry = items[1]!; // the change to out_of_service
    const db = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await db.connect();
    const [{ original }] = (await db.query<{ original: string }>('SELECT after::text AS original FROM audit_log WHERE id = $1', [target.seq])).rows;
    await db.end();

    await behindTheCoresBack(`UPDATE audit_log SET after = jsonb_set(after, '{status}', '"available"') WHERE id = $1`, [target.seq]);
    try {
      const api = await verifyViaApi();
      expect(api).toMatchObject({ ok: false, firstBroken: { seq: target.seq, reason: 'content_changed', entity: 'vehicle', entityId: VEHICLE, action: 'status' } });
      const cli = await verifyViaCommand();
      expect(cli.code).toBe(1);
      expect(cli.output).toContain(`BROKEN at seq ${target.seq} (content_changed)`);
    } finally {
      await behindTheCoresBack('UPDATE audit_log SET after = $2::jsonb WHERE id = $1', [target.seq, original]);
    }
    expect((await verifyViaApi()).ok).toBe(true);
  });

  it('should notice an entry removed from the middle of the chain', async () => {
    const { items } = await page(`entity=vehicle&entityId=${VEHICLE}&from=${encodeURIComponent(startedAt)}&limit=2`);
    const removed = items[1]!;
    const db = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await db.connect();
    const [row] = (await db.query<Record<string, unknown>>('SELECT * FROM audit_log WHERE id = $1', [removed.seq])).rows;
    await db.end();

    await behindTheCoresBack('DELETE FROM audit_log WHERE id = $1', [removed.seq]);
    try {
      const api = await verifyViaApi();
      expect(api.ok).toBe(false);
      expect(api.firstBroken).toMatchObject({ reason: 'link_broken' });
      expect(api.firstBroken!.seq).toBeGreaterThan(removed.seq);
    } finally {
      const cols = Object.keys(row!);
      await behindTheCoresBack(`INSERT INTO audit_log (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`, cols.map((c) => row![c]));
    }
    expect((await verifyViaApi()).ok).toBe(true);
  });
});
