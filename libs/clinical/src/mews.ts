import { z } from 'zod';
import { DEFAULT_CLINICAL_SETTINGS, type ClinicalSettings } from './settings';
import type { ScoreResult } from './score-result';
import {
  AvpuSchema,
  HeartRateBpmSchema,
  RespRateBpmSchema,
  SystolicMmHgSchema,
  TemperatureCSchema,
  roundTemperatureC,
  type Avpu,
} from './score-inputs';

// MEWS, Subbe 2001 (clinical.md §1.6), maximum 14. Same banding rule as NEWS2: below-normal
// bands by their upper edge, above-normal bands by their lower edge; temperature rounded to 0.1.

export const MewsInputSchema = z.object({
  systolicMmHg: SystolicMmHgSchema,
  heartRateBpm: HeartRateBpmSchema,
  respRateBpm: RespRateBpmSchema,
  temperatureC: TemperatureCSchema,
  consciousness: AvpuSchema.describe('AVPU'),
});
export type MewsInput = z.input<typeof MewsInputSchema>;

export type MewsCategory = 'high' | 'low';
export type MewsResult = ScoreResult<'mews', MewsCategory, keyof MewsInput, number>;

export function scoreMewsSystolic(systolicMmHg: number): number {
  if (systolicMmHg <= 70) return 3;
  if (systolicMmHg <= 80) return 2;
  if (systolicMmHg <= 100) return 1;
  if (systolicMmHg >= 200) return 2;
  return 0;
}

export function scoreMewsHeartRate(heartRateBpm: number, settings: ClinicalSettings = DEFAULT_CLINICAL_SETTINGS): number {
  if (heartRateBpm <= 40) return 2;
  if (heartRateBpm <= 50) return 1;
  const isTopBand = settings.mewsHeartRateTopBand === 'ge_130' ? heartRateBpm >= 130 : heartRateBpm > 130;
  if (isTopBand) return 3;
  if (heartRateBpm >= 111) return 2;
  if (heartRateBpm >= 101) return 1;
  return 0;
}

export function scoreMewsRespRate(respRateBpm: number): number {
  if (respRateBpm < 9) return 2;
  if (respRateBpm >= 30) return 3;
  if (respRateBpm >= 21) return 2;
  if (respRateBpm >= 15) return 1;
  return 0;
}

export function scoreMewsTemperature(temperatureC: number): number {
  const t = roundTemperatureC(temperatureC);
  if (t < 35) return 2;
  if (t >= 38.5) return 2;
  return 0;
}

const AVPU_POINTS: Record<Avpu, number> = { A: 0, V: 1, P: 2, U: 3 };

export function calculateMews(input: MewsInput, settings: ClinicalSettings = DEFAULT_CLINICAL_SETTINGS): MewsResult {
  const parts = {
    systolicMmHg: scoreMewsSystolic(input.systolicMmHg),
    heartRateBpm: scoreMewsHeartRate(input.heartRateBpm, settings),
    respRateBpm: scoreMewsRespRate(input.respRateBpm),
    temperatureC: scoreMewsTemperature(input.temperatureC),
    consciousness: AVPU_POINTS[input.consciousness],
  };
  const score = Object.values(parts).reduce((sum, p) => sum + p, 0);
  const isHigh = score >= settings.mewsHighRiskAtOrAbove;
  return {
    kind: 'mews',
    score,
    category: isHigh ? 'high' : 'low',
    parts,
    flags: [],
    advice: isHigh
      ? `MEWS ${score} (≥ ${settings.mewsHighRiskAtOrAbove}): higher risk of death or ICU admission; escalate.`
      : `MEWS ${score}: below the escalation threshold of ${settings.mewsHighRiskAtOrAbove}.`,
  };
}
