import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AUDIT_CHAIN_LOCK, CHAIN_CHECKPOINT, GENESIS_HASH, hashEntry } from '../../../audit/audit-chain';

// Devices and audit (issue 6 "Trust"):
// - gateway credentials remember who issued them (the demo seed never overwrites one an admin
//   rotated or revoked) and when the embedded broker last saw the gateway;
// - the audit log is filtered by actor and time;
// - audit hashes become canonical (sorted JSON keys): jsonb does not keep the writer's key order,
//   so older entries cannot always be recomputed. A checkpoint entry marks where canonical
//   hashing starts; it is itself in the chain, so moving or removing it is detected.
export class DevicesAudit1764000100000 implements MigrationInterface {
  name = 'DevicesAudit1764000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE gateway_credentials ADD COLUMN issued_by text NOT NULL DEFAULT 'seed' CHECK (issued_by IN ('seed', 'admin'))`);
    await q.query(`ALTER TABLE gateway_credentials ADD COLUMN last_seen_at timestamptz`);
    await q.query(`CREATE INDEX audit_actor_idx ON audit_log (actor, id)`);
    await q.query(`CREATE INDEX audit_at_idx ON audit_log (at, id)`);

    await q.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
    const [last] = (await q.query('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1')) as { hash: string }[];
    const [{ count }] = (await q.query('SELECT count(*)::int AS count FROM audit_log')) as { count: number }[];
    const prevHash = last?.hash ?? GENESIS_HASH;
    const rec = {
      at: new Date(),
      ...CHAIN_CHECKPOINT,
      sourceAddress: null,
      entityId: 'chain',
      before: { legacyEntries: count },
      after: { hash: 'sha256 over canonical JSON (sorted keys)' },
    };
    await q.query(
      `INSERT INTO audit_log (at, actor, source_address, entity, entity_id, action, before, after, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [rec.at, rec.actor, rec.sourceAddress, rec.entity, rec.entityId, rec.action, JSON.stringify(rec.before), JSON.stringify(rec.after), prevHash, hashEntry(prevHash, rec)],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // the checkpoint entry stays: the audit log is append-only
    await q.query(`DROP INDEX IF EXISTS audit_at_idx, audit_actor_idx`);
    await q.query(`ALTER TABLE gateway_credentials DROP COLUMN IF EXISTS last_seen_at, DROP COLUMN IF EXISTS issued_by`);
  }
}
