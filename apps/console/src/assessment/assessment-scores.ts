import {
  assessFieldTriage,
  calculateBeFast,
  calculateFastEd,
  calculateGcs,
  calculateLams,
  calculateNews2,
  calculateRace,
  computeStrokeWindows,
  PathwayAssessmentSchema,
  toFieldTriageInput,
  type BeFastResult,
  type FieldTriageCategory,
  type FastEdResult,
  type GcsResult,
  type LamsResult,
  type News2Result,
  type PathwayAssessment,
  type RaceResult,
  type StrokeWindowsStatus,
} from '@feijiu/clinical';

// The scores a clinician reads first, computed here with @feijiu/clinical for instant feedback
// (crew tablet) and for the ER's pre-notice banner; the server classifies authoritatively.

export interface KeyScores {
  beFast: BeFastResult | null;
  race: RaceResult | null;
  lams: LamsResult | null;
  fastEd: FastEdResult | null;
  gcs: GcsResult | null;
  news2: News2Result | null;
  stemiByCrew: boolean;
  stemiByRemotePhysician: boolean;
  /** null when no LVO scale (RACE, LAMS, FAST-ED) was done. */
  isLvoLikely: boolean | null;
  /** Field triage (red / yellow / none) for a trauma patient; null otherwise. */
  fieldTriage: FieldTriageCategory | null;
}

function news2Of(vitals: PathwayAssessment['vitals']): News2Result | null {
  if (!vitals) return null;
  const { respRateBpm, spo2Pct, systolicMmHg, heartRateBpm, consciousness, temperatureC } = vitals;
  if (respRateBpm === undefined || spo2Pct === undefined || systolicMmHg === undefined) return null;
  if (heartRateBpm === undefined || consciousness === undefined || temperatureC === undefined) return null;
  return calculateNews2({ respRateBpm, spo2Pct, systolicMmHg, heartRateBpm, consciousness, temperatureC, onOxygen: vitals.onOxygen ?? false });
}

export function scoresOf(assessment: PathwayAssessment): KeyScores {
  const stroke = assessment.stroke ?? {};
  const race = stroke.race ? calculateRace(stroke.race) : null;
  const lams = stroke.lams ? calculateLams(stroke.lams) : null;
  const fastEd = stroke.fastEd ? calculateFastEd(stroke.fastEd) : null;
  const lvoScales = [race, lams, fastEd].filter((r) => r !== null);
  return {
    beFast: stroke.beFast ? calculateBeFast(stroke.beFast) : null,
    race,
    lams,
    fastEd,
    gcs: assessment.gcs ? calculateGcs(assessment.gcs) : null,
    news2: news2Of(assessment.vitals),
    stemiByCrew: assessment.stemi?.byCrew === true,
    stemiByRemotePhysician: assessment.stemi?.byRemotePhysician === true,
    isLvoLikely: lvoScales.length === 0 ? null : lvoScales.some((r) => r.category === 'lvo_likely'),
    fieldTriage:
      assessment.chiefComplaint === 'trauma' || assessment.trauma ? assessFieldTriage(toFieldTriageInput(assessment)).category : null,
  };
}

/** A stored record's assessment (`Record<string, unknown>` on the wire), typed; null when it does not parse. */
export function parseAssessment(stored: unknown): PathwayAssessment | null {
  const parsed = PathwayAssessmentSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

/** Reperfusion windows from last known well; null when unknown or in the future. */
export function strokeWindowsAt(lastKnownWellAt: string | null | undefined, nowMs: number): StrokeWindowsStatus | null {
  if (!lastKnownWellAt || Number.isNaN(Date.parse(lastKnownWellAt))) return null;
  if (Date.parse(lastKnownWellAt) > nowMs + 60_000) return null;
  return computeStrokeWindows({ lastKnownWellAt, now: new Date(Math.max(nowMs, Date.parse(lastKnownWellAt))).toISOString() });
}

/**
 * The remote physician's confirmation: the assessment in force with STEMI confirmed, sent as a
 * new assessment (it supersedes the old one). Without one, a chest-pain assessment of its own.
 */
export function withRemoteStemiConfirmed(stored: unknown, assessedAt: string): PathwayAssessment {
  const current = parseAssessment(stored);
  if (!current) return { assessedAt, chiefComplaint: 'chest_pain', stemi: { byRemotePhysician: true } };
  return { ...current, assessedAt, stemi: { ...current.stemi, byRemotePhysician: true } };
}
