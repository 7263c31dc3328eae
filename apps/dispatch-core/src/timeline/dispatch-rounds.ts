import type { TimeNode } from '@feijiu/contracts';

/** A stamp as far as rounds go; `supersedes` links a correction to the stamp it corrects. */
export interface StampRecord {
  id: string;
  node: TimeNode;
  at: Date;
  recordedAt: Date;
  supersedes: string | null;
}

/**
 * When each stamp's chain began: a correction belongs where the stamp it corrects was recorded,
 * not to when the correction was made (a dispatcher correcting the first order after a requeue
 * must not make it look like the second round's).
 */
function originalRecordedAt(rows: readonly StampRecord[]): Map<string, number> {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const original = new Map<string, number>();
  const of = (r: StampRecord): number => {
    const known = original.get(r.id);
    if (known !== undefined) return known;
    const parent = r.supersedes ? byId.get(r.supersedes) : undefined;
    original.set(r.id, r.recordedAt.getTime()); // first, so that a malformed cycle ends
    const value = parent ? of(parent) : r.recordedAt.getTime();
    original.set(r.id, value);
    return value;
  };
  for (const r of rows) of(r);
  return original;
}

const currentOf = <T extends StampRecord>(rows: readonly T[]): T[] => {
  const superseded = new Set(rows.flatMap((r) => (r.supersedes ? [r.supersedes] : [])));
  return rows.filter((r) => !superseded.has(r.id));
};

/**
 * Whether `node` has a current stamp that holds: with `since`, only one whose chain began after
 * the latest original `since` stamp (a requeue starts the dispatch order and departure over; each
 * dispatch order allows one more requeue).
 */
export function hasCurrentStampSince(rows: readonly StampRecord[], node: TimeNode, since: TimeNode | null): boolean {
  const original = originalRecordedAt(rows);
  const startedOverAt = Math.max(-Infinity, ...rows.filter((r) => r.node === since && r.supersedes === null).map((r) => r.recordedAt.getTime()));
  return currentOf(rows).some((r) => r.node === node && original.get(r.id)! > startedOverAt);
}

/**
 * The current stamps in the order their chains began, each with its dispatch round: how many
 * requeues were recorded before it (0 = the first order; a requeue closes its own round).
 */
export function currentStampsInRounds<T extends StampRecord>(rows: readonly T[]): (T & { round: number })[] {
  const original = originalRecordedAt(rows);
  const requeuedAt = rows.filter((r) => r.node === 'returned_to_queue' && r.supersedes === null).map((r) => r.recordedAt.getTime());
  return currentOf(rows)
    .map((r) => ({ ...r, round: requeuedAt.filter((t) => t < original.get(r.id)!).length }))
    .sort((a, b) => original.get(a.id)! - original.get(b.id)!);
}
