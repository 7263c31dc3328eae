import { describe, expect, it } from 'vitest';
import { newestPage, readNewestPage } from './vitals-page';

const T0 = Date.parse('2026-11-22T10:00:00.000Z');
const row = (sec: number, code = 'HR') => ({ code, measuredAt: new Date(T0 + sec * 1000) });
const secs = (rows: { measuredAt: Date }[]) => rows.map((r) => (r.measuredAt.getTime() - T0) / 1000);
type Row = ReturnType<typeof row>;

// What the repository does: rows of [since, until], newest first, at most `limit`.
const readerOf = (stored: Row[]) => async (q: { since: Date; until: Date; limit: number | null }) => {
  const inWindow = stored.filter((r) => r.measuredAt >= q.since && r.measuredAt <= q.until);
  const newestFirst = [...inWindow].sort((a, b) => b.measuredAt.getTime() - a.measuredAt.getTime());
  return q.limit === null ? newestFirst : newestFirst.slice(0, q.limit);
};
const WINDOW = { since: new Date(T0), until: new Date(T0 + 3600_000) };

// Follows the pages as a client does, newest page first.
async function readAll(stored: Row[], limit: number): Promise<Row[][]> {
  const pages: Row[][] = [];
  let until: Date | null = WINDOW.until;
  while (until !== null && pages.length < 50) {
    const page: { rows: Row[]; nextUntil: Date | null } = await readNewestPage(readerOf(stored), { since: WINDOW.since, until }, limit);
    pages.push(page.rows);
    until = page.nextUntil;
  }
  return pages;
}

describe(newestPage.name, () => {
  it('should return every row in time order and say nothing was left out when they fit', () => {
    const sut = newestPage([row(2), row(1), row(0)], 3);
    expect(secs(sut!.rows)).toEqual([0, 1, 2]);
    expect(sut).toMatchObject({ truncated: false, nextUntil: null });
  });

  it('should keep the newest rows when capped, in time order, and point at the older rest', () => {
    // the repository reads limit + 1 rows, newest first
    const sut = newestPage([row(9), row(8), row(7), row(6)], 3);
    expect(secs(sut!.rows)).toEqual([7, 8, 9]);
    expect(sut!.truncated).toBe(true);
    expect(sut!.nextUntil?.toISOString()).toBe(new Date(T0 + 6000).toISOString());
  });

  it('should leave an instant the cap cuts through whole for the next page, so no row is skipped or repeated', () => {
    const sut = newestPage([row(9), row(8, 'HR'), row(8, 'SPO2'), row(8, 'RR')], 3);
    expect(secs(sut!.rows)).toEqual([9]);
    expect(sut!.nextUntil?.toISOString()).toBe(new Date(T0 + 8000).toISOString());
  });
});

describe(readNewestPage.name, () => {
  it('should return an instant that alone holds more rows than the limit whole, and then the rows before it', async () => {
    // one monitor message: five readings stamped with one time, a limit of two
    const stored = [row(5), row(8, 'HR'), row(8, 'SPO2'), row(8, 'RR'), row(8, 'NIBP_SYS'), row(8, 'NIBP_DIA')];

    const pages = await readAll(stored, 2);

    expect(pages.map((p) => p.map((r) => `${(r.measuredAt.getTime() - T0) / 1000}:${r.code}`).sort())).toEqual([
      ['8:HR', '8:NIBP_DIA', '8:NIBP_SYS', '8:RR', '8:SPO2'],
      ['5:HR'],
    ]);
  });

  it('should say nothing older is left when the whole window is one instant over the limit', async () => {
    const sut = await readNewestPage(readerOf([row(8, 'HR'), row(8, 'SPO2'), row(8, 'RR')]), WINDOW, 2);
    expect(sut).toMatchObject({ truncated: false, nextUntil: null });
    expect(sut.rows).toHaveLength(3);
  });

  it.each([1, 2, 3, 7])('should put every row on exactly one page whatever the limit (%i)', async (limit) => {
    const stored = [0, 0, 0, 1, 2, 2, 2, 2, 3, 5, 5, 9].map((s, i) => row(s, `c${i}`));
    const pages = await readAll(stored, limit);
    expect(pages.flat().map((r) => r.code).sort()).toEqual(stored.map((r) => r.code).sort());
  });
});
