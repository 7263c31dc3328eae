import { describe, expect, it } from 'vitest';
import { newestPage } from './vitals-page';

const T0 = Date.parse('2026-11-22T10:00:00.000Z');
const row = (sec: number, code = 'HR') => ({ code, measuredAt: new Date(T0 + sec * 1000) });
const secs = (rows: { measuredAt: Date }[]) => rows.map((r) => (r.measuredAt.getTime() - T0) / 1000);

describe(newestPage.name, () => {
  it('should return every row in time order and say nothing was left out when they fit', () => {
    const sut = newestPage([row(2), row(1), row(0)], 3);
    expect(secs(sut.rows)).toEqual([0, 1, 2]);
    expect(sut).toMatchObject({ truncated: false, nextUntil: null });
  });

  it('should keep the newest rows when capped, in time order, and point at the older rest', () => {
    // the repository reads limit + 1 rows, newest first
    const sut = newestPage([row(9), row(8), row(7), row(6)], 3);
    expect(secs(sut.rows)).toEqual([7, 8, 9]);
    expect(sut.truncated).toBe(true);
    expect(sut.nextUntil?.toISOString()).toBe(new Date(T0 + 6000).toISOString());
  });

  it('should leave an instant the cap cuts through whole for the next page, so no row is skipped or repeated', () => {
    const sut = newestPage([row(9), row(8, 'HR'), row(8, 'SPO2'), row(8, 'RR')], 3);
    expect(secs(sut.rows)).toEqual([9]);
    expect(sut.nextUntil?.toISOString()).toBe(new Date(T0 + 8000).toISOString());
  });

  it('should return the cap from a single instant that holds more rows than the cap, and move past it', () => {
    const sut = newestPage([row(8, 'HR'), row(8, 'SPO2'), row(8, 'RR')], 2);
    expect(sut.rows).toHaveLength(2);
    expect(sut.nextUntil?.toISOString()).toBe(new Date(T0 + 8000 - 1).toISOString());
  });
});
