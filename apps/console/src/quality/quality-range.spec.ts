import { describe, expect, it } from 'vitest';
import { csvFileName, periodQuery, thisMonth } from './quality-range';

describe(thisMonth.name, () => {
  it('should run from the 1st of the month to today', () => {
    expect(thisMonth(new Date(2026, 2, 17, 15, 30).getTime())).toEqual({ from: '2026-03-01', to: '2026-03-17' });
  });
});

describe(periodQuery.name, () => {
  it('should include the whole last day by ending at the next midnight', () => {
    expect(periodQuery('2026-03-01', '2026-03-17')).toEqual({
      from: new Date(2026, 2, 1).toISOString(),
      to: new Date(2026, 2, 18).toISOString(),
    });
  });

  it('should accept a single day', () => {
    expect(periodQuery('2026-03-17', '2026-03-17')).not.toBeNull();
  });

  it.each([
    ['2026-03-18', '2026-03-17'],
    ['', '2026-03-17'],
  ])('should refuse %j to %j', (from, to) => {
    expect(periodQuery(from, to)).toBeNull();
  });
});

describe(csvFileName.name, () => {
  it('should name the pathway and the period', () => {
    expect(csvFileName('stroke', '2026-03-01', '2026-03-17')).toBe('feijiu-quality-stroke-2026-03-01_2026-03-17.csv');
  });
});
