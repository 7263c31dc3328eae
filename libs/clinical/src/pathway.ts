import { z } from 'zod';
import { calculateBeFast } from './be-fast';
import { calculateCincinnati } from './cincinnati';
import { assessCriticalMaternal } from './critical-maternal';
import { assessCriticalNeonatal } from './critical-neonatal';
import { calculateFastEd } from './fast-ed';
import { assessFieldTriage, type FieldTriageInput } from './field-triage';
import { calculateGcs } from './gcs';
import { calculateLams } from './lams';
import type { PathwayAssessment } from './pathway-assessment';
import { calculateRace } from './race';
import { calculateRts } from './rts';
import { minutesBetween } from './score-inputs';
import { DEFAULT_CLINICAL_SETTINGS, type ClinicalSettings } from './settings';
import { describeStrokeWindows, evaluateStrokeWindows, STROKE_WINDOWS } from './stroke-windows';

// Pathway classification from the crew's assessment: which green channels (绿色通道) the patient
// belongs to, each with plain-English reasons a clinician can check. A patient can be on several.

export const PATHWAYS = ['chest_pain_stemi', 'chest_pain_acs', 'stroke', 'major_trauma', 'critical_maternal', 'critical_neonatal'] as const;
export type Pathway = (typeof PATHWAYS)[number];

const Reasons = z.array(z.string());
const NumberOrNull = z.number().nullable();

export const StrokePathwayDetailsSchema = z.object({
  isLvoLikely: z.boolean().nullable().describe('null when no LVO scale (FAST-ED, RACE, LAMS) was done'),
  lvoScales: z.array(z.object({ kind: z.enum(['fast_ed', 'race', 'lams']), score: z.number(), cutoff: z.number(), isLvoLikely: z.boolean() })),
  window: z.enum([...STROKE_WINDOWS, 'beyond', 'unknown']),
  timeReference: z.enum(['last_known_well', 'symptom_onset']).nullable(),
  minutesSinceLastKnownWell: NumberOrNull,
  minutesLeftInWindow: NumberOrNull,
  considerDirectToThrombectomyCentre: z.boolean(),
});
export type StrokePathwayDetails = z.infer<typeof StrokePathwayDetailsSchema>;

export const PathwayMatchSchema = z.discriminatedUnion('pathway', [
  z.object({
    pathway: z.literal('chest_pain_stemi'),
    reasons: Reasons,
    details: z.object({ identifiedBy: z.array(z.enum(['crew', 'remote_physician'])), minutesSinceSymptomOnset: NumberOrNull }),
  }),
  z.object({ pathway: z.literal('chest_pain_acs'), reasons: Reasons, details: z.object({ minutesSinceSymptomOnset: NumberOrNull }) }),
  z.object({ pathway: z.literal('stroke'), reasons: Reasons, details: StrokePathwayDetailsSchema }),
  z.object({
    pathway: z.literal('major_trauma'),
    reasons: Reasons,
    details: z.object({ fieldTriage: z.enum(['red', 'yellow', 'none']), criteria: z.array(z.string()), tRts: NumberOrNull, rts: NumberOrNull }),
  }),
  z.object({
    pathway: z.literal('critical_maternal'),
    reasons: Reasons,
    details: z.object({ criteria: z.array(z.string()), pregnancyWeeks: NumberOrNull, postpartumDays: NumberOrNull }),
  }),
  z.object({ pathway: z.literal('critical_neonatal'), reasons: Reasons, details: z.object({ criteria: z.array(z.string()) }) }),
]);
export type PathwayMatch = z.infer<typeof PathwayMatchSchema>;

export const PathwayClassificationSchema = z.object({ pathways: z.array(PathwayMatchSchema) });
export type PathwayClassification = z.infer<typeof PathwayClassificationSchema>;

type Match<P extends Pathway> = Extract<PathwayMatch, { pathway: P }>;

export function classifyPathway(
  assessment: PathwayAssessment,
  settings: ClinicalSettings = DEFAULT_CLINICAL_SETTINGS,
): PathwayClassification {
  const matches: Array<PathwayMatch | null> = [
    matchChestPain(assessment),
    matchStroke(assessment, settings),
    matchMajorTrauma(assessment, settings),
    matchCriticalMaternal(assessment, settings),
    matchCriticalNeonatal(assessment, settings),
  ];
  return { pathways: matches.filter((m): m is PathwayMatch => m !== null) };
}

function minutesSince(at: string | undefined, now: string): number | null {
  if (at === undefined) return null;
  const minutes = minutesBetween(at, now);
  return minutes >= 0 ? minutes : null;
}

function matchChestPain(a: PathwayAssessment): Match<'chest_pain_stemi'> | Match<'chest_pain_acs'> | null {
  const minutesSinceSymptomOnset = minutesSince(a.symptomOnsetAt, a.assessedAt);
  const identifiedBy: Array<'crew' | 'remote_physician'> = [];
  const reasons: string[] = [];
  if (a.stemi?.byCrew) {
    identifiedBy.push('crew');
    reasons.push('STEMI on the 12-lead ECG, read by the crew.');
  }
  if (a.stemi?.byRemotePhysician) {
    identifiedBy.push('remote_physician');
    reasons.push('STEMI confirmed by the remote physician.');
  }
  if (identifiedBy.length > 0) return { pathway: 'chest_pain_stemi', reasons, details: { identifiedBy, minutesSinceSymptomOnset } };
  if (a.chiefComplaint !== 'chest_pain') return null;
  return {
    pathway: 'chest_pain_acs',
    reasons: ['Chest pain without STEMI on the ECG: suspected acute coronary syndrome.'],
    details: { minutesSinceSymptomOnset },
  };
}

function strokeScreen(a: PathwayAssessment, settings: ClinicalSettings) {
  const s = a.stroke ?? {};
  const reasons: string[] = [];
  if (a.chiefComplaint === 'stroke_symptoms') reasons.push('Chief complaint: stroke symptoms.');
  const cincinnati = s.cincinnati && calculateCincinnati(s.cincinnati);
  if (cincinnati?.category === 'positive') reasons.push(`Cincinnati positive (${cincinnati.score} of 3 abnormal).`);
  const beFast = s.beFast && calculateBeFast(s.beFast);
  if (beFast?.category === 'positive') reasons.push(`BE-FAST positive (${beFast.score} of 5 abnormal).`);
  const scales = [
    s.fastEd && { name: 'FAST-ED', result: calculateFastEd(s.fastEd, settings), cutoff: settings.fastEdLvoAtOrAbove },
    s.race && { name: 'RACE', result: calculateRace(s.race, settings), cutoff: settings.raceLvoAtOrAbove },
    s.lams && { name: 'LAMS', result: calculateLams(s.lams, settings), cutoff: settings.lamsLvoAtOrAbove },
  ].filter((x) => x !== undefined);
  const lvoScales = scales.map(({ name, result, cutoff }) => {
    const score = result.score ?? 0;
    const isLvoLikely = result.category === 'lvo_likely';
    reasons.push(isLvoLikely ? `${name} ${score} (≥ ${cutoff}): large-vessel occlusion likely.` : `${name} ${score} (below ${cutoff}).`);
    return { kind: result.kind, score, cutoff, isLvoLikely };
  });
  const hasDeficit = cincinnati?.category === 'positive' || beFast?.category === 'positive' || lvoScales.some((x) => x.score > 0);
  const isLvoLikely = lvoScales.length === 0 ? null : lvoScales.some((x) => x.isLvoLikely);
  return { isSuspected: hasDeficit || a.chiefComplaint === 'stroke_symptoms', reasons, lvoScales, isLvoLikely };
}

function strokeTiming(a: PathwayAssessment, settings: ClinicalSettings) {
  const timeReference: StrokePathwayDetails['timeReference'] = a.lastKnownWellAt !== undefined ? 'last_known_well' : a.symptomOnsetAt !== undefined ? 'symptom_onset' : null;
  const at = a.lastKnownWellAt ?? a.symptomOnsetAt;
  if (at === undefined) {
    return { timeReference, window: 'unknown', minutesSinceLastKnownWell: null, minutesLeftInWindow: null, reasons: ['Last known well not recorded.'] } as const;
  }
  const minutes = minutesBetween(at, a.assessedAt);
  if (minutes < 0) {
    return { timeReference, window: 'unknown', minutesSinceLastKnownWell: null, minutesLeftInWindow: null, reasons: ['Last known well is after the assessment time: check the times.'] } as const;
  }
  const status = evaluateStrokeWindows(minutes, settings);
  const reasons = timeReference === 'symptom_onset' ? ['Symptom onset used as last known well.'] : [];
  reasons.push(describeStrokeWindows(status));
  const minutesLeftInWindow = status.phase === 'beyond' ? null : status.windows[status.phase].minutesLeft;
  return { timeReference, window: status.phase, minutesSinceLastKnownWell: minutes, minutesLeftInWindow, reasons };
}

function matchStroke(a: PathwayAssessment, settings: ClinicalSettings): Match<'stroke'> | null {
  const screen = strokeScreen(a, settings);
  if (!screen.isSuspected) return null;
  const timing = strokeTiming(a, settings);
  const considerDirectToThrombectomyCentre =
    screen.isLvoLikely === true &&
    timing.minutesSinceLastKnownWell !== null &&
    timing.minutesSinceLastKnownWell <= settings.strokeDirectEvtMaxSinceLastKnownWellMin;
  const reasons = [...screen.reasons, ...timing.reasons];
  if (considerDirectToThrombectomyCentre) {
    reasons.push(`Consider going direct to a thrombectomy centre if it adds no more than ${settings.strokeRoutingExtraTimeMin} min.`);
  }
  return {
    pathway: 'stroke',
    reasons,
    details: {
      isLvoLikely: screen.isLvoLikely,
      lvoScales: screen.lvoScales,
      window: timing.window,
      timeReference: timing.timeReference,
      minutesSinceLastKnownWell: timing.minutesSinceLastKnownWell,
      minutesLeftInWindow: timing.minutesLeftInWindow,
      considerDirectToThrombectomyCentre,
    },
  };
}

/** The field-triage input built from the whole assessment (vitals, age, GCS motor, pregnancy). */
export function toFieldTriageInput(a: PathwayAssessment): FieldTriageInput {
  const v = a.vitals ?? {};
  // A low SpO2 on oxygen means an even lower one on air, so it still meets "room-air SpO2 < 90%".
  const spo2RoomAirPct = v.spo2Pct !== undefined && (v.onOxygen !== true || v.spo2Pct < 90) ? v.spo2Pct : undefined;
  return {
    ...a.trauma,
    ageYears: a.ageYears,
    pregnancyWeeks: a.pregnancyWeeks,
    gcsMotor: typeof a.gcs?.motor === 'number' ? a.gcs.motor : undefined,
    respRateBpm: v.respRateBpm,
    spo2RoomAirPct,
    systolicMmHg: v.systolicMmHg,
    heartRateBpm: v.heartRateBpm,
  };
}

function revisedTraumaScore(a: PathwayAssessment, settings: ClinicalSettings) {
  const gcsTotal = a.gcs && calculateGcs(a.gcs).score;
  const { systolicMmHg, respRateBpm } = a.vitals ?? {};
  if (gcsTotal == null || systolicMmHg === undefined || respRateBpm === undefined) return null;
  return calculateRts({ gcsTotal, systolicMmHg, respRateBpm }, settings);
}

function matchMajorTrauma(a: PathwayAssessment, settings: ClinicalSettings): Match<'major_trauma'> | null {
  if (a.chiefComplaint !== 'trauma' && a.trauma === undefined) return null;
  const triage = assessFieldTriage(toFieldTriageInput(a), settings);
  const rts = revisedTraumaScore(a, settings);
  const isRtsPositive = rts?.category === 'trauma_centre';
  if (triage.category === 'none' && !isRtsPositive) return null;
  const label = { red: 'Red', yellow: 'Yellow' } as const;
  const reasons = triage.criteria.map((c) => `${label[c.color]}: ${c.text}`);
  if (rts && isRtsPositive) reasons.push(`T-RTS ${rts.parts.tRts} (≤ ${settings.trtsTraumaCentreAtOrBelow}).`);
  return {
    pathway: 'major_trauma',
    reasons,
    details: {
      fieldTriage: triage.category,
      criteria: triage.criteria.map((c) => c.id),
      tRts: rts ? rts.parts.tRts : null,
      rts: rts ? rts.score : null,
    },
  };
}

function matchCriticalMaternal(a: PathwayAssessment, settings: ClinicalSettings): Match<'critical_maternal'> | null {
  if (a.sex === 'male') return null;
  const isPregnant = a.pregnancyWeeks !== undefined && a.pregnancyWeeks > 0;
  const isPostpartum = a.postpartumDays !== undefined && a.postpartumDays <= settings.maternalCritical.postpartumDaysMax;
  if (!isPregnant && !isPostpartum && a.chiefComplaint !== 'obstetric') return null;
  const gcsTotal = a.gcs ? calculateGcs(a.gcs).score : null;
  const criteria = assessCriticalMaternal({ ...a.vitals, gcsTotal: gcsTotal ?? undefined, signs: a.maternal }, settings);
  if (criteria.length === 0) return null;
  const context = isPregnant
    ? `Pregnant, ${a.pregnancyWeeks} weeks.`
    : isPostpartum
      ? `${a.postpartumDays} days after birth.`
      : 'Obstetric complaint.';
  return {
    pathway: 'critical_maternal',
    reasons: [context, ...criteria.map((c) => c.text)],
    details: { criteria: criteria.map((c) => c.id), pregnancyWeeks: a.pregnancyWeeks ?? null, postpartumDays: a.postpartumDays ?? null },
  };
}

const DAYS_PER_YEAR = 365.25;

function matchCriticalNeonatal(a: PathwayAssessment, settings: ClinicalSettings): Match<'critical_neonatal'> | null {
  const isNewbornByAge = a.ageYears !== undefined && a.ageYears * DAYS_PER_YEAR <= settings.neonatalCritical.ageDaysMax;
  if (a.newborn !== true && a.chiefComplaint !== 'newborn' && !isNewbornByAge) return null;
  const criteria = assessCriticalNeonatal({ ...a.vitals, signs: a.neonatal }, settings);
  if (criteria.length === 0) return null;
  return {
    pathway: 'critical_neonatal',
    reasons: ['Newborn.', ...criteria.map((c) => c.text)],
    details: { criteria: criteria.map((c) => c.id) },
  };
}
