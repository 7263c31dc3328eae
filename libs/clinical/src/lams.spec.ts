import { describe, expect, it } from 'vitest';
import { calculateLams, LamsInputSchema } from './lams';

// Sources: clinical.md §2.5 — Nazliel 2008 [V] (epmonthly, tabletwise): total 0–5, LAMS ≥ 4 LVO.
describe(calculateLams.name, () => {
  const sut = calculateLams;

  it.each([
    { input: { facialDroop: 1, armDrift: 1, gripStrength: 1 }, score: 3, category: 'lvo_unlikely' },
    { input: { facialDroop: 0, armDrift: 2, gripStrength: 2 }, score: 4, category: 'lvo_likely' },
    { input: { facialDroop: 1, armDrift: 2, gripStrength: 2 }, score: 5, category: 'lvo_likely' },
    { input: { facialDroop: 0, armDrift: 0, gripStrength: 0 }, score: 0, category: 'lvo_unlikely' },
  ])('should say $category when LAMS is $score', ({ input, score, category }) => {
    expect(sut(input)).toMatchObject({ score, category });
  });

  it.each([
    { name: 'facial droop 2', input: { facialDroop: 2, armDrift: 0, gripStrength: 0 } }, // [V] facial droop max 1
    { name: 'grip strength 3', input: { facialDroop: 0, armDrift: 0, gripStrength: 3 } },
  ])('should reject the input when it has $name', ({ input }) => {
    expect(LamsInputSchema.safeParse(input).success).toBe(false);
  });
});
