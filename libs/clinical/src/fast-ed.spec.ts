import { describe, expect, it } from 'vitest';
import { calculateFastEd, FastEdInputSchema } from './fast-ed';
import { resolveClinicalSettings } from './settings';

// Sources: clinical.md §2.3 — Lima 2016; table [V] (urgences-serveur); thresholds [V] (abstract):
// ≥ 4 LVO suspected (default), ≥ 3 the more sensitive alternative.
const ZERO = { facialPalsy: 0, armWeakness: 0, speechChanges: 0, eyeDeviation: 0, denialNeglect: 0 };

describe(calculateFastEd.name, () => {
  const sut = calculateFastEd;

  it.each([
    { setting: 4, input: { ...ZERO, armWeakness: 2, facialPalsy: 1 }, score: 3, category: 'lvo_unlikely' },
    { setting: 4, input: { ...ZERO, armWeakness: 2, eyeDeviation: 2 }, score: 4, category: 'lvo_likely' },
    { setting: 3, input: { ...ZERO, armWeakness: 2 }, score: 2, category: 'lvo_unlikely' },
    { setting: 3, input: { ...ZERO, armWeakness: 2, facialPalsy: 1 }, score: 3, category: 'lvo_likely' },
    { setting: 4, input: { facialPalsy: 1, armWeakness: 2, speechChanges: 2, eyeDeviation: 2, denialNeglect: 2 }, score: 9, category: 'lvo_likely' },
    { setting: 4, input: ZERO, score: 0, category: 'lvo_unlikely' },
  ])('should say $category when FAST-ED is $score and the cut-off is ≥ $setting', ({ setting, input, score, category }) => {
    expect(sut(input, resolveClinicalSettings({ fastEdLvoAtOrAbove: setting }))).toMatchObject({ score, category });
  });

  it.each([
    { name: 'facial palsy 2', patch: { facialPalsy: 2 } }, // §2.3 validation [V]: facial palsy at most 1
    { name: 'arm weakness 3', patch: { armWeakness: 3 } },
    { name: 'eye deviation -1', patch: { eyeDeviation: -1 } },
    { name: 'speech changes 1.5', patch: { speechChanges: 1.5 } },
  ])('should reject the input when it has $name', ({ patch }) => {
    expect(FastEdInputSchema.safeParse({ ...ZERO, ...patch }).success).toBe(false);
  });
});
