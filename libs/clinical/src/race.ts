import { z } from 'zod';
import { DEFAULT_CLINICAL_SETTINGS, type ClinicalSettings } from './settings';
import type { LvoCategory, ScoreResult } from './score-result';
import { itemScore } from './score-inputs';

// RACE, Pérez de la Ossa 2014 (clinical.md §2.4) [V]: total 0-9, LVO likely at ≥ 5. The fifth
// item is aphasia when the right side is weak, agnosia when the left side is weak; exactly one
// of them is scored. Head and gaze deviation scores at most 1.

export const RaceInputSchema = z
  .object({
    facialPalsy: itemScore(0, 2, 'Facial palsy: 0 absent, 1 mild, 2 moderate-severe'),
    armMotor: itemScore(0, 2, 'Arm motor: 0 holds > 10 s, 1 holds < 10 s, 2 cannot raise'),
    legMotor: itemScore(0, 2, 'Leg motor: 0 holds > 5 s, 1 holds < 5 s, 2 cannot raise'),
    headGazeDeviation: itemScore(0, 1, 'Head and gaze deviation: 0 absent, 1 present'),
    aphasia: itemScore(0, 2, 'Aphasia, right hemiparesis: 0 both commands, 1 one, 2 neither').optional(),
    agnosia: itemScore(0, 2, 'Agnosia, left hemiparesis: 0 recognises both, 1 one, 2 neither').optional(),
  })
  .refine((v) => (v.aphasia === undefined) !== (v.agnosia === undefined), {
    message: 'score exactly one of aphasia (right hemiparesis) or agnosia (left hemiparesis)',
    path: ['aphasia'],
  });
export type RaceInput = z.input<typeof RaceInputSchema>;

export type RacePart = 'facialPalsy' | 'armMotor' | 'legMotor' | 'headGazeDeviation' | 'aphasia' | 'agnosia';
export type RaceResult = ScoreResult<'race', LvoCategory, RacePart, number | null>;

export function calculateRace(input: RaceInput, settings: ClinicalSettings = DEFAULT_CLINICAL_SETTINGS): RaceResult {
  const cortical = input.aphasia ?? input.agnosia ?? 0;
  const score = input.facialPalsy + input.armMotor + input.legMotor + input.headGazeDeviation + cortical;
  const isLvo = score >= settings.raceLvoAtOrAbove;
  return {
    kind: 'race',
    score,
    category: isLvo ? 'lvo_likely' : 'lvo_unlikely',
    parts: {
      facialPalsy: input.facialPalsy,
      armMotor: input.armMotor,
      legMotor: input.legMotor,
      headGazeDeviation: input.headGazeDeviation,
      aphasia: input.aphasia ?? null,
      agnosia: input.agnosia ?? null,
    },
    flags: [],
    advice: isLvo
      ? `RACE ${score} (≥ ${settings.raceLvoAtOrAbove}): large-vessel occlusion likely.`
      : `RACE ${score}: large-vessel occlusion not suggested.`,
  };
}
