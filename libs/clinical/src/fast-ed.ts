import { z } from 'zod';
import { DEFAULT_CLINICAL_SETTINGS, type ClinicalSettings } from './settings';
import type { LvoCategory, ScoreResult } from './score-result';
import { itemScore } from './score-inputs';

// FAST-ED, Lima 2016 (clinical.md §2.3) [V]: total 0-9, LVO suspected at ≥ 4 (setting; ≥ 3 is
// the more sensitive alternative). Facial palsy scores at most 1.

export const FastEdInputSchema = z.object({
  facialPalsy: itemScore(0, 1, 'Facial palsy: 0 normal or minor, 1 partial or complete'),
  armWeakness: itemScore(0, 2, 'Arm weakness: 0 no drift, 1 drift or some effort against gravity, 2 no effort against gravity'),
  speechChanges: itemScore(0, 2, 'Speech changes: 0 absent, 1 mild-moderate, 2 severe, global aphasia or mute'),
  eyeDeviation: itemScore(0, 2, 'Eye deviation: 0 absent, 1 partial, 2 forced'),
  denialNeglect: itemScore(0, 2, 'Denial/neglect: 0 absent, 1 extinction in one modality, 2 does not recognise own hand'),
});
export type FastEdInput = z.input<typeof FastEdInputSchema>;

export type FastEdResult = ScoreResult<'fast_ed', LvoCategory, keyof FastEdInput, number>;

export function calculateFastEd(input: FastEdInput, settings: ClinicalSettings = DEFAULT_CLINICAL_SETTINGS): FastEdResult {
  const parts = { ...input };
  const score = Object.values(parts).reduce((sum, p) => sum + p, 0);
  const isLvo = score >= settings.fastEdLvoAtOrAbove;
  return {
    kind: 'fast_ed',
    score,
    category: isLvo ? 'lvo_likely' : 'lvo_unlikely',
    parts,
    flags: [],
    advice: isLvo
      ? `FAST-ED ${score} (≥ ${settings.fastEdLvoAtOrAbove}): large-vessel occlusion likely.`
      : `FAST-ED ${score}: large-vessel occlusion not suggested.`,
  };
}
