import { z } from 'zod';
import { DEFAULT_CLINICAL_SETTINGS, type ClinicalSettings } from './settings';
import type { LvoCategory, ScoreResult } from './score-result';
import { itemScore } from './score-inputs';

// Los Angeles Motor Scale, Nazliel 2008 (clinical.md §2.5) [V]: total 0-5, LVO suggested at ≥ 4.

export const LamsInputSchema = z.object({
  facialDroop: itemScore(0, 1, 'Facial droop: 0 absent, 1 present'),
  armDrift: itemScore(0, 2, 'Arm drift: 0 absent, 1 drifts down, 2 falls rapidly'),
  gripStrength: itemScore(0, 2, 'Grip strength: 0 normal, 1 weak, 2 no grip'),
});
export type LamsInput = z.input<typeof LamsInputSchema>;

export type LamsResult = ScoreResult<'lams', LvoCategory, keyof LamsInput, number>;

export function calculateLams(input: LamsInput, settings: ClinicalSettings = DEFAULT_CLINICAL_SETTINGS): LamsResult {
  const parts = { ...input };
  const score = parts.facialDroop + parts.armDrift + parts.gripStrength;
  const isLvo = score >= settings.lamsLvoAtOrAbove;
  return {
    kind: 'lams',
    score,
    category: isLvo ? 'lvo_likely' : 'lvo_unlikely',
    parts,
    flags: [],
    advice: isLvo
      ? `LAMS ${score} (≥ ${settings.lamsLvoAtOrAbove}): large-vessel occlusion likely.`
      : `LAMS ${score}: large-vessel occlusion not suggested.`,
  };
}
