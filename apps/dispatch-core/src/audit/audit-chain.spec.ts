import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AuditChainVerifier, type AuditRecord, CHAIN_CHECKPOINT, canonicalJson, GENESIS_HASH, hashEntry, type StoredAuditEntry } from './audit-chain';

const T0 = Date.parse('2026-11-22T08:00:00.000Z');

function record(i: number, over: Partial<AuditRecord> = {}): AuditRecord {
  return {
    at: new Date(T0 + i * 1000),
    actor: 'user:dispatcher',
    sourceAddress: '10.0.0.7',
    entity: 'incident',
    entityId: `inc-${i}`,
    action: 'update',
    before: { status: 'new', priority: 2 },
    after: { status: 'dispatched', priority: 2, note: { text: '胸痛', by: 'crew' } },
    ...over,
  };
}

/** A chain as AuditRepository.append writes it, starting with the checkpoint. */
function chain(n: number): StoredAuditEntry[] {
  const out: StoredAuditEntry[] = [];
  let prev = GENESIS_HASH;
  const recs = [record(0, { ...CHAIN_CHECKPOINT, sourceAddress: null, entityId: 'chain' }), ...Array.from({ length: n }, (_, i) => record(i + 1))];
  recs.forEach((rec, i) => {
    const hash = hashEntry(prev, rec);
    out.push({ ...rec, seq: i + 1, prevHash: prev, hash });
    prev = hash;
  });
  return out;
}

function verify(entries: StoredAuditEntry[]) {
  const sut = new AuditChainVerifier();
  entries.forEach((e) => sut.push(e));
  return sut.result();
}

// jsonb hands objects back with its own key order (shorter keys first), not the writer's
function asJsonbReturnsIt(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(asJsonbReturnsIt);
  if (v === null || typeof v !== 'object') return v;
  const keys = Object.keys(v).sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  return Object.fromEntries(keys.map((k) => [k, asJsonbReturnsIt((v as Record<string, unknown>)[k])]));
}

describe(AuditChainVerifier.name, () => {
  it('should report an intact chain with its length and head', () => {
    const entries = chain(5);
    expect(verify(entries)).toEqual({ ok: true, checked: 6, legacyUnverified: 0, head: { seq: 6, hash: entries[5]!.hash }, firstBroken: null });
  });

  it('should still verify entries whose JSON comes back from the database in another key order', () => {
    const entries = chain(3).map((e) => ({ ...e, before: asJsonbReturnsIt(e.before), after: asJsonbReturnsIt(e.after) }));
    expect(verify(entries).ok).toBe(true);
  });

  it('should name the entry whose content was changed', () => {
    const entries = chain(5);
    entries[3] = { ...entries[3]!, actor: 'user:someone-else' };
    expect(verify(entries)).toMatchObject({ ok: false, firstBroken: { seq: 4, reason: 'content_changed', entityId: 'inc-3' } });
  });

  it('should name the entry after one that was rewritten with a fresh hash', () => {
    const entries = chain(5);
    const forged = { ...entries[2]!, after: { status: 'cancelled' } };
    entries[2] = { ...forged, hash: hashEntry(forged.prevHash, forged) };
    expect(verify(entries)).toMatchObject({ ok: false, firstBroken: { seq: 4, reason: 'link_broken' } });
  });

  it('should notice a removed entry', () => {
    const entries = chain(5);
    entries.splice(2, 1);
    expect(verify(entries)).toMatchObject({ ok: false, firstBroken: { seq: 4, reason: 'link_broken' } });
  });

  it('should refuse a chain whose checkpoint was turned into an ordinary entry', () => {
    const entries = chain(3);
    entries[0] = { ...entries[0]!, action: 'update' };
    expect(verify(entries)).toMatchObject({ ok: false, firstBroken: { reason: 'checkpoint_missing' } });
  });

  it('should accept legacy entries before the checkpoint, counting those it cannot recompute', () => {
    // written before canonical hashing: JSON in the writer's key order
    const legacyHash = (prev: string, r: AuditRecord) =>
      createHash('sha256')
        .update(JSON.stringify([prev, r.at.toISOString(), r.actor, r.sourceAddress, r.entity, r.entityId, r.action, r.before ?? null, r.after ?? null]))
        .digest('hex');
    const legacy: StoredAuditEntry[] = [];
    let prev = GENESIS_HASH;
    for (let i = 0; i < 2; i++) {
      const rec = record(i);
      const hash = legacyHash(prev, rec);
      legacy.push({ ...rec, seq: i + 1, prevHash: prev, hash, after: asJsonbReturnsIt(rec.after) });
      prev = hash;
    }
    const checkpoint = record(2, { ...CHAIN_CHECKPOINT, sourceAddress: null, entityId: 'chain' });
    const cpHash = hashEntry(prev, checkpoint);
    const next = record(3);
    const entries = [...legacy, { ...checkpoint, seq: 3, prevHash: prev, hash: cpHash }, { ...next, seq: 4, prevHash: cpHash, hash: hashEntry(cpHash, next) }];

    expect(verify(entries)).toMatchObject({ ok: true, checked: 4, legacyUnverified: 2 });
  });
});

describe('canonicalJson', () => {
  it('should give the same text whatever the key order, and drop undefined members as jsonb does', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: undefined } })).toBe(canonicalJson({ a: { d: [1, { e: 3, f: 2 }] }, b: 1 }));
    expect(canonicalJson({ at: new Date(T0) })).toBe('{"at":"2026-11-22T08:00:00.000Z"}');
  });
});
