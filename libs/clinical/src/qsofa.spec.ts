import { describe, expect, it } from 'vitest';
import { calculateQsofa, QsofaInputSchema } from './qsofa';

// Sources: clinical.md §1.4 — Seymour 2016 [V abstract]: SBP ≤ 100, RR ≥ 22, altered mentation,
// 1 point each; Singer 2016 (Sepsis-3) "at least 2" [V]; altered mentation = GCS < 15 [M].
describe(calculateQsofa.name, () => {
  const sut = calculateQsofa;
  const NORMAL = { respRateBpm: 16, systolicMmHg: 120, gcsTotal: 15 };

  it.each([
    { patch: { systolicMmHg: 100 }, part: 'systolicMmHg', points: 1 }, // [V]
    { patch: { systolicMmHg: 101 }, part: 'systolicMmHg', points: 0 }, // [V]
    { patch: { respRateBpm: 22 }, part: 'respRateBpm', points: 1 }, // [V]
    { patch: { respRateBpm: 21 }, part: 'respRateBpm', points: 0 }, // [V]
    { patch: { gcsTotal: 15 }, part: 'mentation', points: 0 }, // [M]
    { patch: { gcsTotal: 14 }, part: 'mentation', points: 1 }, // [M]
    { patch: { alteredMentation: true }, part: 'mentation', points: 1 }, // [V] crew judgement
  ] as const)('should give $points to $part when $patch', ({ patch, part, points }) => {
    expect(sut({ ...NORMAL, ...patch }).parts[part]).toBe(points);
  });

  it.each([
    { input: { respRateBpm: 22, systolicMmHg: 120, gcsTotal: 15 }, score: 1, category: 'negative' },
    { input: { respRateBpm: 22, systolicMmHg: 100, gcsTotal: 15 }, score: 2, category: 'positive' },
    { input: { respRateBpm: 22, systolicMmHg: 100, alteredMentation: true }, score: 3, category: 'positive' },
  ])('should say $category when qSOFA is $score', ({ input, score, category }) => {
    expect(sut(input)).toMatchObject({ score, category });
  });

  it('should reject the input when neither mentation nor GCS is given', () => {
    expect(QsofaInputSchema.safeParse({ respRateBpm: 16, systolicMmHg: 120 }).success).toBe(false);
  });
});
