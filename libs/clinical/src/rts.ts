import { z } from 'zod';
import { DEFAULT_CLINICAL_SETTINGS, type ClinicalSettings } from './settings';
import type { ScoreResult } from './score-result';
import { GcsTotalSchema, RespRateBpmSchema, SystolicMmHgSchema } from './score-inputs';

// Revised Trauma Score, Champion 1989 (clinical.md §1.2): coded values 0-4 per parameter,
// weighted RTS = 0.9368 GCSc + 0.7326 SBPc + 0.2908 RRc (0-7.8408), triage T-RTS = sum (0-12).

export const RtsInputSchema = z.object({
  gcsTotal: GcsTotalSchema,
  systolicMmHg: SystolicMmHgSchema,
  respRateBpm: RespRateBpmSchema,
});
export type RtsInput = z.input<typeof RtsInputSchema>;

export type RtsCategory = 'trauma_centre' | 'not_indicated';
export type RtsPart = 'gcsCode' | 'systolicCode' | 'respRateCode' | 'tRts';
export type RtsResult = ScoreResult<'rts', RtsCategory, RtsPart, number>;

/** Weighted RTS below this "has been proposed" as a trauma-centre criterion (trauma.org) [V]. */
export const RTS_WEIGHTED_PROPOSED_CUTOFF = 4;

export function codeRtsGcs(gcsTotal: number): number {
  if (gcsTotal >= 13) return 4;
  if (gcsTotal >= 9) return 3;
  if (gcsTotal >= 6) return 2;
  if (gcsTotal >= 4) return 1;
  return 0;
}

// Below-normal bands by their written upper edge: 0 → 0, 1-49 → 1, 50-75 → 2, 76-89 → 3, > 89 → 4.
export function codeRtsSystolic(systolicMmHg: number): number {
  if (systolicMmHg <= 0) return 0;
  if (systolicMmHg <= 49) return 1;
  if (systolicMmHg <= 75) return 2;
  if (systolicMmHg <= 89) return 3;
  return 4;
}

// 0 → 0, 1-5 → 1, 6-9 → 2, 10-29 → 4, > 29 → 3 (tachypnoea is penalised less than bradypnoea).
export function codeRtsRespRate(respRateBpm: number): number {
  if (respRateBpm <= 0) return 0;
  if (respRateBpm <= 5) return 1;
  if (respRateBpm <= 9) return 2;
  if (respRateBpm > 29) return 3;
  return 4;
}

export function calculateRts(input: RtsInput, settings: ClinicalSettings = DEFAULT_CLINICAL_SETTINGS): RtsResult {
  const gcsCode = codeRtsGcs(input.gcsTotal);
  const systolicCode = codeRtsSystolic(input.systolicMmHg);
  const respRateCode = codeRtsRespRate(input.respRateBpm);
  const tRts = gcsCode + systolicCode + respRateCode;
  // Integer weights keep the 4-decimal result exact (no 7.840800000000001).
  const score = (9368 * gcsCode + 7326 * systolicCode + 2908 * respRateCode) / 10_000;
  const triagePositive = tRts <= settings.trtsTraumaCentreAtOrBelow;
  const flags = [
    ...(triagePositive ? ['trts_triage_positive'] : []),
    ...(score < RTS_WEIGHTED_PROPOSED_CUTOFF ? ['rts_below_4'] : []),
  ];
  return {
    kind: 'rts',
    score,
    category: triagePositive ? 'trauma_centre' : 'not_indicated',
    parts: { gcsCode, systolicCode, respRateCode, tRts },
    flags,
    advice: triagePositive
      ? `T-RTS ${tRts} (≤ ${settings.trtsTraumaCentreAtOrBelow}): take to a trauma centre.`
      : `T-RTS ${tRts}: no RTS trauma-centre criterion.`,
  };
}
