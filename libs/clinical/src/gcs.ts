import { z } from 'zod';
import type { ScoreResult } from './score-result';

// Glasgow Coma Scale, Teasdale & Jennett 1974 (clinical.md §1.5). A non-testable component
// (e.g. intubated: V"T") is kept as 'NT' and never scored as 1, so the total is then null.

const component = (max: number, description: string) =>
  z.union([z.number().int().min(1).max(max), z.literal('NT')]).describe(`${description} (1-${max}, or NT when not testable)`);

export const GcsInputSchema = z.object({
  eye: component(4, 'Eye opening'),
  verbal: component(5, 'Verbal response'),
  motor: component(6, 'Motor response'),
});
export type GcsInput = z.input<typeof GcsInputSchema>;

/** Conventional TBI severity bands [M]: 13-15 mild, 9-12 moderate, ≤ 8 severe. */
export type GcsCategory = 'mild' | 'moderate' | 'severe' | 'not_computable';
export type GcsResult = ScoreResult<'gcs', GcsCategory, keyof GcsInput>;

export function categoriseGcsTotal(total: number): Exclude<GcsCategory, 'not_computable'> {
  if (total <= 8) return 'severe';
  if (total <= 12) return 'moderate';
  return 'mild';
}

export function calculateGcs(input: GcsInput): GcsResult {
  const components = [
    ['eye', input.eye],
    ['verbal', input.verbal],
    ['motor', input.motor],
  ] as const;
  const flags = components.filter(([, v]) => v === 'NT').map(([name]) => `${name}_not_testable`);
  const parts = { eye: input.eye, verbal: input.verbal, motor: input.motor };
  if (input.eye === 'NT' || input.verbal === 'NT' || input.motor === 'NT') {
    return { kind: 'gcs', score: null, category: 'not_computable', parts, flags, advice: null };
  }
  const score = input.eye + input.verbal + input.motor;
  return { kind: 'gcs', score, category: categoriseGcsTotal(score), parts, flags, advice: null };
}

