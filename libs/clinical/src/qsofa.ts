import { z } from 'zod';
import type { ScoreResult } from './score-result';
import { GcsTotalSchema, RespRateBpmSchema, SystolicMmHgSchema } from './score-inputs';

// qSOFA, Seymour 2016 / Sepsis-3 (clinical.md §1.4) [V]: 1 point each for SBP ≤ 100 mmHg,
// RR ≥ 22/min and altered mentation; positive at ≥ 2. Altered mentation is the crew's
// judgement or GCS < 15 (the usual implementation [M]).

export const QsofaInputSchema = z
  .object({
    respRateBpm: RespRateBpmSchema,
    systolicMmHg: SystolicMmHgSchema,
    alteredMentation: z.boolean().optional().describe('Altered mentation judged by the crew'),
    gcsTotal: GcsTotalSchema.optional().describe('GCS total; < 15 counts as altered mentation'),
  })
  .refine((v) => v.alteredMentation !== undefined || v.gcsTotal !== undefined, {
    message: 'give alteredMentation or gcsTotal',
    path: ['alteredMentation'],
  });
export type QsofaInput = z.input<typeof QsofaInputSchema>;

export type QsofaCategory = 'positive' | 'negative';
export type QsofaPart = 'respRateBpm' | 'systolicMmHg' | 'mentation';
export type QsofaResult = ScoreResult<'qsofa', QsofaCategory, QsofaPart, number>;

export const QSOFA_POSITIVE_AT_OR_ABOVE = 2;

export function calculateQsofa(input: QsofaInput): QsofaResult {
  const isAltered = input.alteredMentation === true || (input.gcsTotal !== undefined && input.gcsTotal < 15);
  const parts = {
    respRateBpm: input.respRateBpm >= 22 ? 1 : 0,
    systolicMmHg: input.systolicMmHg <= 100 ? 1 : 0,
    mentation: isAltered ? 1 : 0,
  };
  const score = parts.respRateBpm + parts.systolicMmHg + parts.mentation;
  const isPositive = score >= QSOFA_POSITIVE_AT_OR_ABOVE;
  return {
    kind: 'qsofa',
    score,
    category: isPositive ? 'positive' : 'negative',
    parts,
    flags: [],
    advice: isPositive
      ? 'qSOFA 2 or more: high risk of poor outcome if infection is suspected.'
      : 'qSOFA below 2.',
  };
}
