import { describe, expect, it } from 'vitest';
import { calculateGcs, GcsInputSchema } from './gcs';

// Sources: clinical.md §1.5 — Teasdale & Jennett 1974, current wording [V] (castoredc form);
// severity bands 13–15 / 9–12 / ≤8 are the conventional TBI classification [M].
describe(calculateGcs.name, () => {
  const sut = calculateGcs;

  it.each([
    { eye: 4, verbal: 5, motor: 6, total: 15, category: 'mild' }, // §1.5 [V] maximum 15; band [M]
    { eye: 3, verbal: 4, motor: 6, total: 13, category: 'mild' }, // band edge [M]
    { eye: 3, verbal: 4, motor: 5, total: 12, category: 'moderate' }, // band edge [M]
    { eye: 2, verbal: 2, motor: 5, total: 9, category: 'moderate' }, // band edge [M]
    { eye: 2, verbal: 2, motor: 4, total: 8, category: 'severe' }, // band edge [M]
    { eye: 1, verbal: 1, motor: 1, total: 3, category: 'severe' }, // §1.5 [V] minimum 3
  ] as const)('should total $total and say $category when E$eye V$verbal M$motor', ({ eye, verbal, motor, total, category }) => {
    const result = sut({ eye, verbal, motor });
    expect(result).toMatchObject({ kind: 'gcs', score: total, category, flags: [], parts: { eye, verbal, motor } });
  });

  it.each([
    // §1.5 [V]: NT (e.g. intubated, V"T") must not be scored as 1; no total, components kept
    { input: { eye: 4, verbal: 'NT', motor: 6 } as const, flags: ['verbal_not_testable'] },
    { input: { eye: 'NT', verbal: 5, motor: 6 } as const, flags: ['eye_not_testable'] },
    { input: { eye: 4, verbal: 5, motor: 'NT' } as const, flags: ['motor_not_testable'] },
    { input: { eye: 'NT', verbal: 'NT', motor: 'NT' } as const, flags: ['eye_not_testable', 'verbal_not_testable', 'motor_not_testable'] },
  ])('should give no total and flag $flags when a component is not testable', ({ input, flags }) => {
    const result = sut(input);
    expect(result.score).toBeNull();
    expect(result.category).toBe('not_computable');
    expect(result.flags).toEqual(flags);
    expect(result.parts).toEqual(input);
  });

  it.each([
    // §1.5 table [V]: E 1–4, V 1–5, M 1–6
    { eye: 5, verbal: 5, motor: 6 },
    { eye: 0, verbal: 5, motor: 6 },
    { eye: 4, verbal: 6, motor: 6 },
    { eye: 4, verbal: 5, motor: 7 },
    { eye: 4, verbal: 'T', motor: 6 },
  ])('should reject E$eye V$verbal M$motor when a component is out of range', (input) => {
    expect(GcsInputSchema.safeParse(input).success).toBe(false);
  });
});
