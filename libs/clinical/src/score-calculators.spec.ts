import { describe, expect, it } from 'vitest';
import { calculateScore, SCORE_CALCULATORS } from './score-calculators';
import { SCORE_KINDS, ScoreResultSchema, type ScoreKind } from './score-result';
import { resolveClinicalSettings } from './settings';

// The registry behind POST /api/v1/scores/{kind}: one valid body per kind, each answered with
// the common result shape.
const VALID: Record<ScoreKind, unknown> = {
  news2: { respRateBpm: 18, spo2Pct: 95, onOxygen: false, systolicMmHg: 120, heartRateBpm: 88, consciousness: 'A', temperatureC: 37.2 },
  gcs: { eye: 4, verbal: 'NT', motor: 6 },
  rts: { gcsTotal: 14, systolicMmHg: 100, respRateBpm: 20 },
  shock_index: { heartRateBpm: 110, systolicMmHg: 100 },
  qsofa: { respRateBpm: 24, systolicMmHg: 95, gcsTotal: 15 },
  mews: { systolicMmHg: 95, heartRateBpm: 115, respRateBpm: 22, temperatureC: 38.6, consciousness: 'V' },
  cincinnati: { facialDroop: true, armDrift: false, speech: false },
  be_fast: { balance: true, eyes: false, face: false, arm: false, speech: false },
  fast_ed: { facialPalsy: 1, armWeakness: 2, speechChanges: 1, eyeDeviation: 0, denialNeglect: 0 },
  race: { facialPalsy: 1, armMotor: 2, legMotor: 2, headGazeDeviation: 1, agnosia: 1 },
  lams: { facialDroop: 1, armDrift: 2, gripStrength: 1 },
  field_triage: { ageYears: 40, systolicMmHg: 85, mechanism: { fallHeightM: 5 } },
  stroke_windows: { lastKnownWellAt: '2024-05-01T23:30:00+08:00', now: '2024-05-02T01:00:00+08:00' },
};

describe(calculateScore.name, () => {
  const sut = calculateScore;

  it('should have one calculator for every score kind', () => {
    expect(Object.keys(SCORE_CALCULATORS).sort()).toEqual([...SCORE_KINDS].sort());
  });

  it.each(SCORE_KINDS.map((kind) => ({ kind })))('should answer $kind with the common result shape when the body is valid', ({ kind }) => {
    const outcome = sut(kind, VALID[kind]);
    expect(outcome.success).toBe(true);
    if (!outcome.success) return;
    expect(ScoreResultSchema.parse(outcome.result)).toEqual(outcome.result);
    expect(outcome.result.kind).toBe(kind);
  });

  it.each(SCORE_KINDS.map((kind) => ({ kind })))('should report a validation error for $kind when the body is incomplete or out of range', ({ kind }) => {
    // Every field-triage input is optional (an empty body means no criterion), so it gets a bad value.
    const body = kind === 'field_triage' ? { gcsMotor: 7 } : {};
    const outcome = sut(kind, body);
    expect(outcome.success).toBe(false);
  });

  it('should pass the settings through when they are given', () => {
    const outcome = sut('news2', { ...(VALID.news2 as object), consciousness: 'C' }, resolveClinicalSettings({ news2RedScoreCategory: 'medium' }));
    expect(outcome.success && outcome.result.category).toBe('medium');
  });

  it('should default the SpO2 scale to 1 when the body omits it', () => {
    const outcome = sut('news2', { ...(VALID.news2 as object), spo2Pct: 91 });
    expect(outcome.success && outcome.result.parts.spo2Pct).toBe(3);
  });
});
