import { z } from 'zod';
import type { ScoreResult } from './score-result';
import { HeartRateBpmSchema, SystolicMmHgSchema } from './score-inputs';

// Shock index = HR / SBP (clinical.md §1.3). Classes by Mutschler 2013 [V]: I < 0.6,
// II 0.6 to < 1.0, III 1.0 to < 1.4, IV ≥ 1.4. Never rounded before classifying (0.96 is class II);
// comparisons are done as 10·HR vs k·SBP so integer inputs hit the edges exactly.

export const ShockIndexInputSchema = z.object({
  heartRateBpm: HeartRateBpmSchema,
  systolicMmHg: SystolicMmHgSchema.refine((v) => v > 0, 'systolic pressure must be above 0 to compute a shock index'),
});
export type ShockIndexInput = z.input<typeof ShockIndexInputSchema>;

export type ShockIndexCategory = 'class_i' | 'class_ii' | 'class_iii' | 'class_iv';
export type ShockIndexResult = ScoreResult<'shock_index', ShockIndexCategory, 'heartRateBpm' | 'systolicMmHg', number>;

const ADVICE: Record<ShockIndexCategory, string> = {
  class_i: 'Shock index below 0.6: class I (Mutschler).',
  class_ii: 'Shock index 0.6 to below 1.0: class II (Mutschler).',
  class_iii: 'Shock index 1.0 to below 1.4: class III (Mutschler); SI above 1.0 is associated with mortality and massive transfusion.',
  class_iv: 'Shock index 1.4 or more: class IV (Mutschler); SI above 1.0 is associated with mortality and massive transfusion.',
};

/** SI strictly above tenths/10, compared without dividing. */
const isAbove = (hr: number, sbp: number, tenths: number) => 10 * hr > tenths * sbp;
const isAtLeast = (hr: number, sbp: number, tenths: number) => 10 * hr >= tenths * sbp;

export function classifyShockIndex(heartRateBpm: number, systolicMmHg: number): ShockIndexCategory {
  if (isAtLeast(heartRateBpm, systolicMmHg, 14)) return 'class_iv';
  if (isAtLeast(heartRateBpm, systolicMmHg, 10)) return 'class_iii';
  if (isAtLeast(heartRateBpm, systolicMmHg, 6)) return 'class_ii';
  return 'class_i';
}

export function calculateShockIndex(input: ShockIndexInput): ShockIndexResult {
  const { heartRateBpm, systolicMmHg } = input;
  const category = classifyShockIndex(heartRateBpm, systolicMmHg);
  const flags = [
    // Koch 2019: SI > 1.0 (also the 2021 field-triage "HR > SBP") [V]; Kim 2019: pre-hospital SI > 0.9 [V].
    ...(isAbove(heartRateBpm, systolicMmHg, 10) ? ['si_above_1_0'] : []),
    ...(isAbove(heartRateBpm, systolicMmHg, 9) ? ['si_above_0_9'] : []),
  ];
  return {
    kind: 'shock_index',
    score: heartRateBpm / systolicMmHg,
    category,
    parts: { heartRateBpm, systolicMmHg },
    flags,
    advice: ADVICE[category],
  };
}
