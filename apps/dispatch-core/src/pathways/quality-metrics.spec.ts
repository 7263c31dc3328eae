import type { TimeNode } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { caseTimesOf, intervalMin, median, QUALITY_METRICS } from './quality-metrics';

const at = (hhmm: string) => new Date(`2026-11-22T${hhmm}:00Z`);
const times = (entries: [TimeNode, Date][]) => caseTimesOf(entries.map(([node, when]) => ({ node, at: when, round: 0 })));

describe(intervalMin.name, () => {
  const d2w = QUALITY_METRICS.chest_pain.find((m) => m.id === 'door_to_wire')!;
  const callToDispatch = QUALITY_METRICS.ems.find((m) => m.id === 'call_to_dispatch')!;
  const departure = QUALITY_METRICS.ems.find((m) => m.id === 'departure')!;

  it('should measure door to wire from door-in when stamped', () => {
    expect(intervalMin(times([['door_in', at('08:00')], ['arrival_at_hospital', at('07:58')], ['wire', at('09:05')]]), d2w)).toBe(65);
  });

  it('should fall back to arrival at hospital as the door', () => {
    expect(intervalMin(times([['arrival_at_hospital', at('23:50')], ['wire', new Date('2026-11-23T01:05:00Z')]]), d2w)).toBe(75); // across midnight
  });

  it('should leave a case out when a node is missing', () => {
    expect(intervalMin(times([['door_in', at('08:00')]]), d2w)).toBeNull();
  });

  // the call requeued twice: round 0's ambulance declined, round 1's rolled and broke down, round 2's went
  const requeued = caseTimesOf([
    { node: 'call_received', at: at('08:00'), round: 0 },
    { node: 'dispatch_order', at: at('08:01'), round: 0 },
    { node: 'returned_to_queue', at: at('08:02'), round: 0 },
    { node: 'dispatch_order', at: at('08:03'), round: 1 },
    { node: 'departure', at: at('08:07'), round: 1 },
    { node: 'returned_to_queue', at: at('08:09'), round: 1 },
    { node: 'dispatch_order', at: at('08:10'), round: 2 },
    { node: 'departure', at: at('08:12'), round: 2 },
  ]);

  it('should measure call to dispatch to the first dispatch order', () => {
    expect(intervalMin(requeued, callToDispatch)).toBe(1);
  });

  it('should measure the departure of the ambulance that went from its own order', () => {
    expect(intervalMin(requeued, departure)).toBe(2);
  });

  it('should measure the last departure from its own order when the round after it has none yet', () => {
    const stillOffered = caseTimesOf([
      { node: 'dispatch_order', at: at('08:03'), round: 1 },
      { node: 'departure', at: at('08:07'), round: 1 },
      { node: 'returned_to_queue', at: at('08:09'), round: 1 },
      { node: 'dispatch_order', at: at('08:10'), round: 2 },
    ]);
    expect(intervalMin(stillOffered, departure)).toBe(4);
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
