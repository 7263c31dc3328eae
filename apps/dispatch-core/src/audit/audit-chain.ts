import type { AuditVerification } from '@feijiu/contracts';
import { createHash } from 'node:crypto';

// The audit hash chain, pure: how an entry is hashed and how a walk over the stored entries
// (oldest first) finds the first one that was changed or removed.

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

export interface StoredAuditEntry extends AuditRecord {
  seq: number;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);
// One writer at a time extends the chain (also across several core instances).
export const AUDIT_CHAIN_LOCK = 0x6665696a; // 'feij'

// The entry migration 1764000100000 appends where canonical hashing starts. Entries before it
// were hashed over JSON in the caller's key order, which jsonb does not keep.
export const CHAIN_CHECKPOINT = { actor: 'system:migration', entity: 'audit_log', action: 'canonical_hash' } as const;

/** JSON with object keys sorted at every depth, so the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  // through JSON first: Dates become ISO strings, undefined members vanish, as in jsonb
  const plain: unknown = value === undefined ? null : JSON.parse(JSON.stringify(value) ?? 'null');
  return JSON.stringify(sortKeys(plain));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, sortKeys(o[k])]),
  );
}

/** The hash of an entry: covers the previous entry's hash, so rewriting one breaks every later link. */
export function hashEntry(prevHash: string, rec: AuditRecord): string {
  const body = canonicalJson([prevHash, rec.at.toISOString(), rec.actor, rec.sourceAddress, rec.entity, rec.entityId, rec.action, rec.before ?? null, rec.after ?? null]);
  return createHash('sha256').update(body).digest('hex');
}

// The hash before the checkpoint: JSON in the writer's key order (recomputable only when jsonb
// happened to keep that order).
function hashLegacyEntry(prevHash: string, rec: AuditRecord): string {
  const body = JSON.stringify([prevHash, rec.at.toISOString(), rec.actor, rec.sourceAddress, rec.entity, rec.entityId, rec.action, rec.before ?? null, rec.after ?? null]);
  return createHash('sha256').update(body).digest('hex');
}

export const isChainCheckpoint = (e: Pick<AuditRecord, 'actor' | 'entity' | 'action'>): boolean =>
  e.actor === CHAIN_CHECKPOINT.actor && e.entity === CHAIN_CHECKPOINT.entity && e.action === CHAIN_CHECKPOINT.action;

/** Walks the chain oldest first; stops at the first broken entry. */
export class AuditChainVerifier {
  private expectedPrev = GENESIS_HASH;
  private canonical = false;
  private first: StoredAuditEntry | null = null;
  private checked = 0;
  private legacyUnverified = 0;
  private head: { seq: number; hash: string } | null = null;
  private broken: AuditVerification['firstBroken'] = null;

  /** False once a broken entry was found (the walk can stop). */
  get intact(): boolean {
    return this.broken === null;
  }

  push(e: StoredAuditEntry): void {
    if (this.broken) return;
    this.first ??= e;
    this.checked++;
    this.head = { seq: e.seq, hash: e.hash };
    if (e.prevHash !== this.expectedPrev) return this.fail(e, 'link_broken');
    const checkpoint = !this.canonical && isChainCheckpoint(e);
    if (this.canonical || checkpoint) {
      if (hashEntry(e.prevHash, e) !== e.hash) return this.fail(e, 'content_changed');
      this.canonical = true;
    } else if (hashLegacyEntry(e.prevHash, e) !== e.hash) {
      this.legacyUnverified++;
    }
    this.expectedPrev = e.hash;
  }

  result(): AuditVerification {
    // every chain written by this code has the checkpoint; without it, nothing after would be checked
    if (!this.broken && this.first && !this.canonical) this.fail(this.first, 'checkpoint_missing');
    return { ok: this.broken === null, checked: this.checked, legacyUnverified: this.legacyUnverified, head: this.head, firstBroken: this.broken };
  }

  private fail(e: StoredAuditEntry, reason: NonNullable<AuditVerification['firstBroken']>['reason']): void {
    this.broken = { seq: e.seq, at: e.at.toISOString(), entity: e.entity, entityId: e.entityId, action: e.action, reason };
  }
}

/** One line for a person: OK with the count and head, or the first broken entry. */
export function describeVerification(v: AuditVerification): string {
  if (v.ok) {
    const legacy = v.legacyUnverified ? ` (${v.legacyUnverified} legacy entries: links checked, content not recomputable)` : '';
    const head = v.head ? `, head seq ${v.head.seq} hash ${v.head.hash}` : ' (empty log)';
    return `audit chain OK: ${v.checked} entries${legacy}${head}`;
  }
  const b = v.firstBroken!;
  if (b.reason === 'checkpoint_missing') {
    return `audit chain NOT VERIFIABLE: no ${CHAIN_CHECKPOINT.action} checkpoint among ${v.checked} entries (the core's migrations not applied yet, or the checkpoint entry was altered)`;
  }
  return `audit chain BROKEN at seq ${b.seq} (${b.reason}): ${b.at} ${b.entity} ${b.entityId} ${b.action}; ${v.checked - 1} entries before it are intact`;
}
