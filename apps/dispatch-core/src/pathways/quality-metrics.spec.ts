import type { TimeNode } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { intervalMin, median, QUALITY_METRICS } from './quality-metrics';

const at = (hhmm: string) => new Date(`2026-11-22T${hhmm}:00Z`);

describe(intervalMin.name, () => {
  const d2w = QUALITY_METRICS.chest_pain.find((m) => m.id === 'door_to_wire')!;

  it('should measure door to wire from door-in when stamped', () => {
    const stamps = new Map<TimeNode, Date>([['door_in', at('08:00')], ['arrival_at_hospital', at('07:58')], ['wire', at('09:05')]]);
    expect(intervalMin(stamps, d2w)).toBe(65);
  });

  it('should fall back to arrival at hospital as the door', () => {
    const stamps = new Map<TimeNode, Date>([['arrival_at_hospital', at('23:50')], ['wire', new Date('2026-11-23T01:05:00Z')]]);
    expect(intervalMin(stamps, d2w)).toBe(75); // across midnight
  });

  it('should leave a case out when a node is missing', () => {
    expect(intervalMin(new Map([['door_in', at('08:00')]]), d2w)).toBeNull();
  });
});

describe(median.name, () => {
  it.each([
    [[], null],
    [[5], 5],
    [[9, 1, 5], 5],
    [[1, 2, 3, 10], 2.5],
  ])('should give the median of %j as %s', (values, expected) => expect(median(values)).toBe(expected));
});
