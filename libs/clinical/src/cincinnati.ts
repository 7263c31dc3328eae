import { z } from 'zod';
import type { ScoreResult } from './score-result';

// Cincinnati Prehospital Stroke Scale, Kothari 1999 (clinical.md §2.1) [V]: any one abnormal
// item ⇒ positive (stroke probability about 72%); all three ⇒ above 85%.

export const CincinnatiInputSchema = z.object({
  facialDroop: z.boolean().describe('One side of the face moves less'),
  armDrift: z.boolean().describe('One arm drifts down or does not move'),
  speech: z.boolean().describe('Slurred, wrong words, or mute'),
});
export type CincinnatiInput = z.input<typeof CincinnatiInputSchema>;

export type CincinnatiCategory = 'positive' | 'negative';
export type CincinnatiResult = ScoreResult<'cincinnati', CincinnatiCategory, keyof CincinnatiInput, number>;

export function calculateCincinnati(input: CincinnatiInput): CincinnatiResult {
  const parts = {
    facialDroop: input.facialDroop ? 1 : 0,
    armDrift: input.armDrift ? 1 : 0,
    speech: input.speech ? 1 : 0,
  };
  const score = parts.facialDroop + parts.armDrift + parts.speech;
  const advice =
    score === 0
      ? 'Cincinnati negative.'
      : score === 3
        ? 'Cincinnati positive, all three abnormal: stroke probability above 85%.'
        : 'Cincinnati positive: stroke probability about 72%.';
  return {
    kind: 'cincinnati',
    score,
    category: score > 0 ? 'positive' : 'negative',
    parts,
    flags: score === 3 ? ['all_three_abnormal'] : [],
    advice,
  };
}
