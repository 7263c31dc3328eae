import type { z } from 'zod';
import { BeFastInputSchema, calculateBeFast } from './be-fast';
import { calculateCincinnati, CincinnatiInputSchema } from './cincinnati';
import { calculateFastEd, FastEdInputSchema } from './fast-ed';
import { calculateFieldTriage, FieldTriageInputSchema } from './field-triage';
import { calculateGcs, GcsInputSchema } from './gcs';
import { calculateLams, LamsInputSchema } from './lams';
import { calculateMews, MewsInputSchema } from './mews';
import { calculateNews2, News2InputSchema } from './news2';
import { calculateQsofa, QsofaInputSchema } from './qsofa';
import { calculateRace, RaceInputSchema } from './race';
import { calculateRts, RtsInputSchema } from './rts';
import type { ScoreKind, ScoreResult } from './score-result';
import { DEFAULT_CLINICAL_SETTINGS, type ClinicalSettings } from './settings';
import { calculateShockIndex, ShockIndexInputSchema } from './shock-index';
import { calculateStrokeWindows, StrokeWindowsInputSchema } from './stroke-windows';

// One entry per score kind, so `POST /api/v1/scores/{kind}` validates with `inputSchema` and
// answers with `calculate`, and the console builds its forms from the same schemas.

export interface ScoreCalculator<S extends z.ZodType = z.ZodType, R extends ScoreResult = ScoreResult> {
  inputSchema: S;
  // Method syntax on purpose: each entry's calculate takes its own input type.
  calculate(input: z.output<S>, settings?: ClinicalSettings): R;
}

const entry = <S extends z.ZodType, R extends ScoreResult>(
  inputSchema: S,
  calculate: (input: z.output<S>, settings?: ClinicalSettings) => R,
): ScoreCalculator<S, R> => ({ inputSchema, calculate });

export const SCORE_CALCULATORS = {
  news2: entry(News2InputSchema, calculateNews2),
  gcs: entry(GcsInputSchema, (input) => calculateGcs(input)),
  rts: entry(RtsInputSchema, calculateRts),
  shock_index: entry(ShockIndexInputSchema, (input) => calculateShockIndex(input)),
  qsofa: entry(QsofaInputSchema, (input) => calculateQsofa(input)),
  mews: entry(MewsInputSchema, calculateMews),
  cincinnati: entry(CincinnatiInputSchema, (input) => calculateCincinnati(input)),
  be_fast: entry(BeFastInputSchema, (input) => calculateBeFast(input)),
  fast_ed: entry(FastEdInputSchema, calculateFastEd),
  race: entry(RaceInputSchema, calculateRace),
  lams: entry(LamsInputSchema, calculateLams),
  field_triage: entry(FieldTriageInputSchema, calculateFieldTriage),
  stroke_windows: entry(StrokeWindowsInputSchema, calculateStrokeWindows),
} as const satisfies Record<ScoreKind, ScoreCalculator>;

export type ScoreCalculators = typeof SCORE_CALCULATORS;
export type ScoreInput<K extends ScoreKind> = z.input<ScoreCalculators[K]['inputSchema']>;
export type ScoreResultOf<K extends ScoreKind> = ReturnType<ScoreCalculators[K]['calculate']>;

export type ScoreCalculation = { success: true; result: ScoreResult } | { success: false; error: z.ZodError };

/** Validate an untrusted body for `kind` and calculate; never throws on bad input. */
export function calculateScore(
  kind: ScoreKind,
  input: unknown,
  settings: ClinicalSettings = DEFAULT_CLINICAL_SETTINGS,
): ScoreCalculation {
  const calculator: ScoreCalculator = SCORE_CALCULATORS[kind];
  const parsed = calculator.inputSchema.safeParse(input);
  if (!parsed.success) return { success: false, error: parsed.error };
  return { success: true, result: calculator.calculate(parsed.data, settings) };
}
