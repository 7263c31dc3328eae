import { z } from 'zod';
import { DEFAULT_CLINICAL_SETTINGS, type ClinicalSettings } from './settings';
import type { ScoreResult } from './score-result';
import {
  AcvpuSchema,
  HeartRateBpmSchema,
  RespRateBpmSchema,
  Spo2PctSchema,
  SystolicMmHgSchema,
  TemperatureCSchema,
  roundTemperatureC,
  type Acvpu,
} from './score-inputs';

// NEWS2, RCP 2017 (clinical.md §1.1). Integer bands are compared unrounded with the chart's own
// edges: below-normal bands by their upper edge (≤), above-normal bands by their lower edge (≥),
// so a fractional reading between two integer bands falls in the band nearer normal.

export const News2InputSchema = z.object({
  respRateBpm: RespRateBpmSchema,
  spo2Pct: Spo2PctSchema,
  spo2Scale: z
    .union([z.literal(1), z.literal(2)])
    .default(1)
    .describe('SpO2 scale; 2 only for confirmed hypercapnic respiratory failure, set by a clinician'),
  onOxygen: z.boolean().describe('Supplemental oxygen'),
  systolicMmHg: SystolicMmHgSchema,
  heartRateBpm: HeartRateBpmSchema,
  consciousness: AcvpuSchema.describe('ACVPU; C = new confusion'),
  temperatureC: TemperatureCSchema,
});
export type News2Input = z.input<typeof News2InputSchema>;

export type News2Category = 'low' | 'low_medium' | 'medium' | 'high';
export type News2Part = Exclude<keyof News2Input, 'spo2Scale'>;
export type News2Result = ScoreResult<'news2', News2Category, News2Part, number>;

const ADVICE = {
  zero: 'Low risk: continue routine observations, at least 12-hourly.',
  low: 'Low risk: observations at least 4-6-hourly; ward-based response.',
  red: 'A single parameter scores 3: urgent ward-based response; observations at least hourly.',
  medium: 'Medium risk (key threshold): urgent response; observations at least hourly.',
  high: 'High risk: emergency response; continuous monitoring.',
} as const;

export function scoreNews2RespRate(respRateBpm: number): number {
  if (respRateBpm <= 8) return 3;
  if (respRateBpm <= 11) return 1;
  if (respRateBpm >= 25) return 3;
  if (respRateBpm >= 21) return 2;
  return 0;
}

export function scoreNews2Spo2(spo2Pct: number, scale: 1 | 2, onOxygen: boolean): number {
  if (scale === 1) {
    if (spo2Pct <= 91) return 3;
    if (spo2Pct <= 93) return 2;
    if (spo2Pct <= 95) return 1;
    return 0;
  }
  if (spo2Pct <= 83) return 3;
  if (spo2Pct <= 85) return 2;
  if (spo2Pct <= 87) return 1;
  // Scale 2: 88-92, or ≥ 93 on air, scores 0; above 92 on oxygen scores as over-oxygenation.
  if (!onOxygen) return 0;
  if (spo2Pct >= 97) return 3;
  if (spo2Pct >= 95) return 2;
  if (spo2Pct >= 93) return 1;
  return 0;
}

export function scoreNews2Systolic(systolicMmHg: number): number {
  if (systolicMmHg <= 90) return 3;
  if (systolicMmHg <= 100) return 2;
  if (systolicMmHg <= 110) return 1;
  if (systolicMmHg >= 220) return 3;
  return 0;
}

export function scoreNews2HeartRate(heartRateBpm: number): number {
  if (heartRateBpm <= 40) return 3;
  if (heartRateBpm <= 50) return 1;
  if (heartRateBpm >= 131) return 3;
  if (heartRateBpm >= 111) return 2;
  if (heartRateBpm >= 91) return 1;
  return 0;
}

export function scoreNews2Consciousness(consciousness: Acvpu): number {
  return consciousness === 'A' ? 0 : 3;
}

export function scoreNews2Temperature(temperatureC: number): number {
  const t = roundTemperatureC(temperatureC);
  if (t <= 35.0) return 3;
  if (t <= 36.0) return 1;
  if (t >= 39.1) return 2;
  if (t >= 38.1) return 1;
  return 0;
}

export function calculateNews2(input: News2Input, settings: ClinicalSettings = DEFAULT_CLINICAL_SETTINGS): News2Result {
  const scale = input.spo2Scale ?? 1;
  const parts: Record<News2Part, number> = {
    respRateBpm: scoreNews2RespRate(input.respRateBpm),
    spo2Pct: scoreNews2Spo2(input.spo2Pct, scale, input.onOxygen),
    onOxygen: input.onOxygen ? 2 : 0,
    systolicMmHg: scoreNews2Systolic(input.systolicMmHg),
    heartRateBpm: scoreNews2HeartRate(input.heartRateBpm),
    consciousness: scoreNews2Consciousness(input.consciousness),
    temperatureC: scoreNews2Temperature(input.temperatureC),
  };
  const score = Object.values(parts).reduce((sum, p) => sum + p, 0);
  const hasRedScore = Object.values(parts).some((p) => p === 3);
  const flags = [...(hasRedScore ? ['single_parameter_red'] : []), ...(scale === 2 ? ['spo2_scale_2'] : [])];
  const { category, advice } = categoriseNews2(score, hasRedScore, settings);
  return { kind: 'news2', score, category, parts, flags, advice };
}

function categoriseNews2(
  score: number,
  hasRedScore: boolean,
  settings: ClinicalSettings,
): { category: News2Category; advice: string } {
  if (score >= 7) return { category: 'high', advice: ADVICE.high };
  if (score >= 5) return { category: 'medium', advice: ADVICE.medium };
  if (hasRedScore) return { category: settings.news2RedScoreCategory, advice: ADVICE.red };
  return { category: 'low', advice: score === 0 ? ADVICE.zero : ADVICE.low };
}
