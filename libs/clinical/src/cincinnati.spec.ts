import { describe, expect, it } from 'vitest';
import { calculateCincinnati } from './cincinnati';

// Sources: clinical.md §2.1 — Kothari 1999; AHA ECC table [V]; fpnotebook [V] (all three > 85%).
describe(calculateCincinnati.name, () => {
  const sut = calculateCincinnati;

  it.each([
    // §2.1 examples [V]
    { facialDroop: false, armDrift: false, speech: false, score: 0, category: 'negative', flags: [] },
    { facialDroop: true, armDrift: false, speech: false, score: 1, category: 'positive', flags: [] },
    { facialDroop: false, armDrift: true, speech: false, score: 1, category: 'positive', flags: [] },
    { facialDroop: false, armDrift: false, speech: true, score: 1, category: 'positive', flags: [] },
    { facialDroop: true, armDrift: true, speech: false, score: 2, category: 'positive', flags: [] },
    { facialDroop: true, armDrift: true, speech: true, score: 3, category: 'positive', flags: ['all_three_abnormal'] },
  ])('should say $category when droop $facialDroop, drift $armDrift, speech $speech', ({ score, category, flags, ...input }) => {
    expect(sut(input)).toMatchObject({ score, category, flags });
  });

  it.each([
    { input: { facialDroop: true, armDrift: false, speech: false }, advice: /72%/ }, // [V]
    { input: { facialDroop: true, armDrift: true, speech: true }, advice: /85%/ }, // [V]
  ])('should state the stroke probability when $input', ({ input, advice }) => {
    expect(sut(input).advice).toMatch(advice);
  });
});
