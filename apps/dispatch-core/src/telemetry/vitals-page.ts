// One page of the vitals history: the newest `limit` rows of the window (an ER back-fill wants the
// last minutes, not the first), returned oldest first, and where the older rest continues.

export interface VitalsPage<R> {
  /** Oldest first. */
  rows: R[];
  /** Older rows of the window were left out. */
  truncated: boolean;
  /** The `until` (inclusive) that reads the rest: every row before this page, none of it. */
  nextUntil: Date | null;
}

/**
 * `newestFirst`: up to `limit + 1` rows, newest first (the extra row says whether more exist).
 * The cursor is a time: rows of the instant the cap cuts through are left whole for the next page,
 * unless that instant alone holds more than `limit` rows (then its first `limit` are returned and
 * the next page starts a millisecond earlier, the rest of that instant unread).
 */
export function newestPage<R extends { measuredAt: Date }>(newestFirst: readonly R[], limit: number): VitalsPage<R> {
  if (newestFirst.length <= limit) return { rows: [...newestFirst].reverse(), truncated: false, nextUntil: null };
  const firstLeftOutMs = newestFirst[limit]!.measuredAt.getTime();
  let page = newestFirst.slice(0, limit);
  let nextUntilMs = firstLeftOutMs;
  if (page.at(-1)!.measuredAt.getTime() === firstLeftOutMs) {
    const whole = page.filter((r) => r.measuredAt.getTime() !== firstLeftOutMs);
    if (whole.length > 0) page = whole;
    else nextUntilMs = firstLeftOutMs - 1;
  }
  return { rows: page.reverse(), truncated: true, nextUntil: new Date(nextUntilMs) };
}
