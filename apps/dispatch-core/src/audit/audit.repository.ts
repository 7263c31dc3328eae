import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';

export interface AuditRecord {
  at: Date;
  actor: string;
  sourceAddress: string | null;
  entity: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
}

const GENESIS = '0'.repeat(64);
// One writer at a time extends the chain (also across several core instances).
const AUDIT_CHAIN_LOCK = 0x6665696a; // 'feij'

@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Appends one entry whose hash covers the previous entry's hash, so a rewrite is detectable. */
  async append(rec: AuditRecord, manager?: EntityManager): Promise<void> {
    const run = async (m: EntityManager) => {
      await m.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
      const [last] = (await m.query('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1')) as { hash: string }[];
      const prevHash = last?.hash ?? GENESIS;
      const hash = hashEntry(prevHash, rec);
      await m.query(
        `INSERT INTO audit_log (at, actor, source_address, entity, entity_id, action, before, after, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [rec.at, rec.actor, rec.sourceAddress, rec.entity, rec.entityId, rec.action, json(rec.before), json(rec.after), prevHash, hash],
      );
    };
    if (manager) await run(manager);
    else await this.dataSource.transaction(run);
  }
}

export function hashEntry(prevHash: string, rec: AuditRecord): string {
  const body = JSON.stringify([prevHash, rec.at.toISOString(), rec.actor, rec.sourceAddress, rec.entity, rec.entityId, rec.action, rec.before ?? null, rec.after ?? null]);
  return createHash('sha256').update(body).digest('hex');
}

const json = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(v));
