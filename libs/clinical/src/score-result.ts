import { z } from 'zod';

// The one result shape every calculator returns, so `POST /api/v1/scores/{kind}` can route
// generically and the console can render any score the same way.
export const SCORE_KINDS = [
  'news2',
  'gcs',
  'rts',
  'shock_index',
  'qsofa',
  'mews',
  'cincinnati',
  'be_fast',
  'fast_ed',
  'race',
  'lams',
  'field_triage',
  'stroke_windows',
] as const;
export const ScoreKindSchema = z.enum(SCORE_KINDS);
export type ScoreKind = z.infer<typeof ScoreKindSchema>;

// 'NT' keeps a non-testable GCS component visible instead of scoring it (clinical.md §1.5).
export const ScorePartSchema = z.union([z.number(), z.literal('NT'), z.null()]);
export type ScorePart = z.infer<typeof ScorePartSchema>;

export const ScoreResultSchema = z.object({
  kind: ScoreKindSchema,
  score: z.number().nullable().describe('Total, unrounded; null when it cannot be computed'),
  category: z.string().describe('Machine-readable band, e.g. low / medium / high, positive / negative'),
  parts: z.record(z.string(), ScorePartSchema).describe('Points (or coded value) per item, keyed by input field'),
  flags: z.array(z.string()).describe('Machine-readable findings, e.g. single_parameter_red, verbal_not_testable'),
  advice: z.string().nullable().describe('The source’s recommended response, in one plain sentence'),
});

export interface ScoreResult<
  K extends ScoreKind = ScoreKind,
  C extends string = string,
  P extends string = string,
  V extends ScorePart = ScorePart,
> {
  kind: K;
  score: number | null;
  category: C;
  parts: Record<P, V>;
  flags: string[];
  advice: string | null;
}

/** Stroke severity scales (FAST-ED, RACE, LAMS) answer one question: large-vessel occlusion likely? */
export type LvoCategory = 'lvo_likely' | 'lvo_unlikely';

/** A criterion met, for pathway reasons and criteria lists. */
export interface ClinicalCriterion {
  id: string;
  /** One short sentence for a clinician. */
  text: string;
}
