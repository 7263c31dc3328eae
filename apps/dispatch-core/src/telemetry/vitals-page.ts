// One page of a telemetry history (vitals, monitor alarms): the newest `limit` rows of the window
// (an ER back-fill wants the last minutes, not the first), returned oldest first, and where the
// older rest continues. The cursor is a time (`until`, inclusive), so a page never ends inside an
// instant: the rows of the instant the cap cuts through are left whole for the next page, and an
// instant that alone holds more rows than `limit` is returned whole, over the limit (a few rows
// more: one monitor stamps one message's readings with one time). Times are whole milliseconds
// (they come from JS Dates), so the instant before t is t − 1 ms.

export interface VitalsPage<R> {
  /** Oldest first. */
  rows: R[];
  /** Older rows of the window were left out. */
  truncated: boolean;
  /** The `until` (inclusive) that reads the rest: every row before this page, none of it. */
  nextUntil: Date | null;
}

/** Reads rows measured in [since, until], newest first, at most `limit` (null: all of them). */
export type NewestRowsReader<R> = (q: { since: Date; until: Date; limit: number | null }) => Promise<R[]>;

/** The newest `limit` rows of [since, until] through `read`, so that each row is on exactly one page. */
export async function readNewestPage<R extends { measuredAt: Date }>(
  read: NewestRowsReader<R>,
  window: { since: Date; until: Date },
  limit: number,
): Promise<VitalsPage<R>> {
  // one row more than asked: whether the window holds more
  const newestFirst = await read({ ...window, limit: limit + 1 });
  const page = newestPage(newestFirst, limit);
  if (page) return page;
  // one instant fills the page: read all of it, and whether anything older is left
  const instant = newestFirst[0]!.measuredAt;
  const whole = await read({ since: instant, until: instant, limit: null });
  const before = new Date(instant.getTime() - 1);
  const older = before >= window.since ? await read({ since: window.since, until: before, limit: 1 }) : [];
  return { rows: [...whole].reverse(), truncated: older.length > 0, nextUntil: older.length > 0 ? before : null };
}

/**
 * `newestFirst`: up to `limit + 1` rows, newest first (the extra row says whether more exist).
 * Null when a single instant holds all of them: the page must be that whole instant.
 */
export function newestPage<R extends { measuredAt: Date }>(newestFirst: readonly R[], limit: number): VitalsPage<R> | null {
  if (newestFirst.length <= limit) return { rows: [...newestFirst].reverse(), truncated: false, nextUntil: null };
  const firstLeftOutMs = newestFirst[limit]!.measuredAt.getTime();
  const whole = newestFirst.slice(0, limit).filter((r) => r.measuredAt.getTime() !== firstLeftOutMs);
  if (whole.length === 0) return null;
  return { rows: whole.reverse(), truncated: true, nextUntil: new Date(firstLeftOutMs) };
}
