import type { TimeNode } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { hasCurrentStampSince, currentStampsInRounds, type StampRecord } from './dispatch-rounds';

const t = (s: number) => new Date(Date.UTC(2026, 10, 22, 8, 0, 0) + s * 1000);
const stamp = (id: string, node: TimeNode, recordedS: number, supersedes: string | null = null, atS = recordedS): StampRecord => ({
  id,
  node,
  at: t(atS),
  recordedAt: t(recordedS),
  supersedes,
});

// D1 → departure → the crew stood down (requeue R1) → the dispatcher corrects D1 and the departure
const firstRound = [
  stamp('call', 'call_received', 0),
  stamp('d1', 'dispatch_order', 10),
  stamp('dep1', 'departure', 40),
  stamp('r1', 'returned_to_queue', 60),
  stamp('d1c', 'dispatch_order', 90, 'd1', 5),
  stamp('dep1c', 'departure', 95, 'dep1', 30),
];

describe(hasCurrentStampSince.name, () => {
  it('should count a correction as of the stamp it corrects, so the next round is stamped', () => {
    expect(hasCurrentStampSince(firstRound, 'dispatch_order', 'returned_to_queue')).toBe(false);
    expect(hasCurrentStampSince(firstRound, 'departure', 'returned_to_queue')).toBe(false);
  });

  it('should hold the first stamp of a round, corrected or not', () => {
    const second = [...firstRound, stamp('d2', 'dispatch_order', 100), stamp('d2c', 'dispatch_order', 130, 'd2', 98)];
    expect(hasCurrentStampSince(second, 'dispatch_order', 'returned_to_queue')).toBe(true);
  });

  it('should stamp a second requeue after the first was corrected late', () => {
    const second = [...firstRound, stamp('d2', 'dispatch_order', 100), stamp('r1c', 'returned_to_queue', 120, 'r1', 55)];
    expect(hasCurrentStampSince(second, 'returned_to_queue', 'dispatch_order')).toBe(false);
    expect(hasCurrentStampSince([...second, stamp('r2', 'returned_to_queue', 150)], 'returned_to_queue', 'dispatch_order')).toBe(true);
  });

  it('should hold any current stamp of a node that never starts over', () => {
    expect(hasCurrentStampSince(firstRound, 'call_received', null)).toBe(true);
    expect(hasCurrentStampSince(firstRound, 'arrival_on_scene', null)).toBe(false);
  });
});

describe(currentStampsInRounds.name, () => {
  it('should give each current stamp the dispatch round of its original', () => {
    const rounds = currentStampsInRounds([...firstRound, stamp('d2', 'dispatch_order', 100), stamp('r1c', 'returned_to_queue', 120, 'r1', 55)]);
    expect(rounds.map((s) => [s.id, s.round])).toEqual([
      ['call', 0],
      ['d1c', 0],
      ['dep1c', 0],
      ['r1c', 0],
      ['d2', 1],
    ]);
  });
});
