import { describe, expect, it } from 'vitest';
import { calculateRace, RaceInputSchema } from './race';
import { resolveClinicalSettings } from './settings';

// Sources: clinical.md §2.4 — Pérez de la Ossa 2014 [V] (JNIS table, medicalalgorithms): total 0–9,
// RACE ≥ 5 LVO likely; one of aphasia / agnosia is scored; head and gaze at most 1.
const ZERO = { facialPalsy: 0, armMotor: 0, legMotor: 0, headGazeDeviation: 0, aphasia: 0 };

describe(calculateRace.name, () => {
  const sut = calculateRace;

  it.each([
    { input: { ...ZERO, armMotor: 2, legMotor: 2 }, score: 4, category: 'lvo_unlikely' },
    { input: { ...ZERO, armMotor: 2, legMotor: 2, headGazeDeviation: 1 }, score: 5, category: 'lvo_likely' },
    { input: { facialPalsy: 2, armMotor: 2, legMotor: 2, headGazeDeviation: 1, aphasia: 2 }, score: 9, category: 'lvo_likely' },
    { input: { facialPalsy: 1, armMotor: 1, legMotor: 1, headGazeDeviation: 0, agnosia: 2 }, score: 5, category: 'lvo_likely' },
    { input: ZERO, score: 0, category: 'lvo_unlikely' },
  ])('should say $category when RACE is $score', ({ input, score, category }) => {
    expect(sut(input)).toMatchObject({ score, category });
  });

  it('should move the cut-off when the setting changes', () => {
    const four = { ...ZERO, armMotor: 2, legMotor: 2 };
    expect(sut(four, resolveClinicalSettings({ raceLvoAtOrAbove: 4 })).category).toBe('lvo_likely');
  });

  it('should keep the unscored cortical item as null when agnosia is scored', () => {
    expect(sut({ facialPalsy: 0, armMotor: 1, legMotor: 0, headGazeDeviation: 0, agnosia: 1 }).parts).toMatchObject({ aphasia: null, agnosia: 1 });
  });

  it.each([
    { name: 'gaze deviation 2', input: { ...ZERO, headGazeDeviation: 2 } }, // §2.4 validation [V]
    { name: 'both aphasia and agnosia', input: { ...ZERO, agnosia: 1 } }, // §2.4 [V]: only one is scored
    { name: 'neither aphasia nor agnosia', input: { facialPalsy: 0, armMotor: 0, legMotor: 0, headGazeDeviation: 0 } },
    { name: 'facial palsy 3', input: { ...ZERO, facialPalsy: 3 } },
  ])('should reject the input when it has $name', ({ input }) => {
    expect(RaceInputSchema.safeParse(input).success).toBe(false);
  });
});
