import { describe, expect, it } from 'vitest';
import { calculateBeFast } from './be-fast';
import { calculateCincinnati } from './cincinnati';

// Sources: clinical.md §2.2 — BE-FAST items and "positive if any of B, E, F, A, S" [V]
// (eastsideneuroinstitute); the examples table (BE-FAST vs FAST/CPSS) is from the same section.
const NONE = { balance: false, eyes: false, face: false, arm: false, speech: false, lastKnownWellAt: '2024-05-01T08:00:00+08:00' };

describe(calculateBeFast.name, () => {
  const sut = calculateBeFast;

  it.each([
    // §2.2 examples [V]
    { name: 'only sudden ataxia', patch: { balance: true }, category: 'positive', cincinnati: 'negative', flags: ['balance_or_eyes_only'] },
    { name: 'only sudden diplopia', patch: { eyes: true }, category: 'positive', cincinnati: 'negative', flags: ['balance_or_eyes_only'] },
    { name: 'face only', patch: { face: true }, category: 'positive', cincinnati: 'positive', flags: [] },
    { name: 'arm only', patch: { arm: true }, category: 'positive', cincinnati: 'positive', flags: [] },
    { name: 'speech only', patch: { speech: true }, category: 'positive', cincinnati: 'positive', flags: [] },
    { name: 'nothing abnormal', patch: {}, category: 'negative', cincinnati: 'negative', flags: [] },
  ])('should say $category (Cincinnati $cincinnati) when $name', ({ patch, category, cincinnati, flags }) => {
    const input = { ...NONE, ...patch };
    expect(sut(input)).toMatchObject({ category, flags });
    expect(calculateCincinnati({ facialDroop: input.face, armDrift: input.arm, speech: input.speech }).category).toBe(cincinnati);
  });

  it('should count every abnormal item when all five are abnormal', () => {
    expect(sut({ balance: true, eyes: true, face: true, arm: true, speech: true }).score).toBe(5);
  });

  it('should flag the missing time when a positive screen has no last-known-well time', () => {
    // §2.2 [V]: T = record last known well
    const { lastKnownWellAt: _omitted, ...withoutTime } = NONE;
    expect(sut({ ...withoutTime, face: true }).flags).toContain('last_known_well_missing');
    expect(sut({ ...withoutTime }).flags).toEqual([]);
  });
});
