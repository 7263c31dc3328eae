import type { AuditEntry, AuditPage, AuditQuery, AuditVerification } from '@feijiu/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AUDIT_CHAIN_LOCK, AuditChainVerifier, type AuditRecord, GENESIS_HASH, hashEntry, type StoredAuditEntry } from './audit-chain';

export type { AuditRecord } from './audit-chain';

interface AuditRow {
  id: string;
  at: Date;
  actor: string;
  source_address: string | null;
  entity: string;
  entity_id: string;
  action: string;
  before: unknown;
  after: unknown;
  prev_hash: string;
  hash: string;
}

const COLUMNS = 'id, at, actor, source_address, entity, entity_id, action, before, after, prev_hash, hash';
const VERIFY_PAGE = 1000;

@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Appends one entry whose hash covers the previous entry's hash, so a rewrite is detectable. */
  async append(rec: AuditRecord, manager?: EntityManager): Promise<void> {
    const run = async (m: EntityManager) => {
      await m.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
      const [last] = (await m.query('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1')) as { hash: string }[];
      const prevHash = last?.hash ?? GENESIS_HASH;
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

  /** Newest first, filtered; one page after `cursor` (a seq). */
  async list(q: AuditQuery): Promise<AuditPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.entity) add('entity = ?', q.entity);
    if (q.entityId) add('entity_id = ?', q.entityId);
    if (q.actor) add('actor = ?', q.actor);
    if (q.from) add('at >= ?', new Date(q.from));
    if (q.to) add('at < ?', new Date(q.to));
    if (q.cursor) add('id < ?', q.cursor);
    params.push(q.limit + 1);
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${params.length}`,
      params,
    )) as AuditRow[];
    const items = rows.slice(0, q.limit).map(toEntry);
    return { items, nextCursor: rows.length > q.limit ? items.at(-1)!.seq : null };
  }

  /** Walks the whole chain from the first entry, a page at a time, up to the first broken entry. */
  async verifyChain(): Promise<AuditVerification> {
    const verifier = new AuditChainVerifier();
    let after = 0;
    for (;;) {
      const rows = (await this.dataSource.query(`SELECT ${COLUMNS} FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2`, [after, VERIFY_PAGE])) as AuditRow[];
      for (const row of rows) verifier.push(toStored(row));
      if (rows.length < VERIFY_PAGE || !verifier.intact) break;
      after = Number(rows.at(-1)!.id);
    }
    return verifier.result();
  }
}

function toStored(r: AuditRow): StoredAuditEntry {
  return {
    seq: Number(r.id),
    at: r.at,
    actor: r.actor,
    sourceAddress: r.source_address,
    entity: r.entity,
    entityId: r.entity_id,
    action: r.action,
    before: r.before,
    after: r.after,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

function toEntry(r: AuditRow): AuditEntry {
  const s = toStored(r);
  return { ...s, at: s.at.toISOString() };
}

const json = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(v));
