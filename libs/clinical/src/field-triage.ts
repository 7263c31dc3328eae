import { z } from 'zod';
import { DEFAULT_CLINICAL_SETTINGS, type ClinicalSettings } from './settings';
import type { ClinicalCriterion, ScoreResult } from './score-result';
import { HeartRateBpmSchema, RespRateBpmSchema, Spo2PctSchema, SystolicMmHgSchema } from './score-inputs';

// 2021 ACS/CDC National Guideline for the Field Triage of Injured Patients, Newgard 2022
// (clinical.md §4.1) [V unless marked]. Red: highest-level trauma centre. Yellow: a trauma
// centre, not necessarily the highest level. Distances are metric at the edge and compared with
// the guideline's imperial thresholds converted exactly (10 ft = 3.048 m, 12 in = 30.48 cm,
// 18 in = 45.72 cm); every threshold is strict (">").

export const FALL_HEIGHT_ABOVE_M = 3.048;
export const INTRUSION_OCCUPANT_SITE_ABOVE_CM = 30.48;
export const INTRUSION_ANY_SITE_ABOVE_CM = 45.72;

const flag = (description: string) => z.boolean().optional().describe(description);

export const FieldTriageInputSchema = z.object({
  ageYears: z.number().min(0).max(130).optional().describe('Age in years; fractions allowed for infants'),
  pregnancyWeeks: z.number().min(0).max(45).optional(),
  gcsMotor: z.number().int().min(1).max(6).optional().describe('GCS motor component (1-6)'),
  respRateBpm: RespRateBpmSchema.optional(),
  respiratoryDistressOrSupport: flag('Respiratory distress or need for respiratory support'),
  spo2RoomAirPct: Spo2PctSchema.optional().describe('SpO2 on room air (%)'),
  systolicMmHg: SystolicMmHgSchema.optional(),
  heartRateBpm: HeartRateBpmSchema.optional(),
  injury: z
    .object({
      penetratingHeadNeckTorsoProximalLimb: flag('Penetrating injury to head, neck, torso or proximal extremity'),
      skullDeformity: flag('Skull deformity or suspected skull fracture [M]'),
      spinalInjuryWithNewDeficit: flag('Suspected spinal injury with new motor or sensory loss'),
      chestWallInstability: flag('Chest wall instability, deformity or suspected flail chest'),
      pelvicFracture: flag('Suspected pelvic fracture'),
      twoOrMoreProximalLongBoneFractures: flag('Suspected fracture of two or more proximal long bones'),
      mangledExtremity: flag('Crushed, degloved, mangled or pulseless extremity'),
      amputationProximalToWristOrAnkle: flag('Amputation proximal to wrist or ankle'),
      activeBleedingNeedingTourniquetOrPacking: flag('Active bleeding needing a tourniquet or wound packing with continuous pressure'),
    })
    .optional(),
  mechanism: z
    .object({
      ejection: flag('Partial or complete ejection'),
      intrusionOccupantSiteCm: z.number().min(0).optional().describe('Intrusion (including roof) at the occupant site, cm'),
      intrusionAnySiteCm: z.number().min(0).optional().describe('Intrusion (including roof) at any site, cm'),
      extricationOfEntrappedPatient: flag('Extrication of an entrapped patient needed'),
      deathInPassengerCompartment: flag('Death in the passenger compartment'),
      childUnrestrainedOrUnsecuredSeat: flag('Child (0-9 y) unrestrained or in an unsecured child seat'),
      vehicleTelemetrySevereInjury: flag('Vehicle telemetry consistent with severe injury'),
      riderSeparatedWithSignificantImpact: flag('Rider separated from motorcycle, ATV, horse etc. with significant impact'),
      pedestrianOrCyclistThrownRunOverOrSignificantImpact: flag('Pedestrian or bicyclist thrown, run over, or with significant impact'),
      fallHeightM: z.number().min(0).optional().describe('Height of fall, m'),
    })
    .optional(),
  riskFactors: z
    .object({
      lowLevelFallWithHeadImpact: flag('Low-level fall with significant head impact (counts at ≤ 5 y or ≥ 65 y)'),
      anticoagulantUse: flag('Anticoagulant use'),
      suspectedChildAbuse: flag('Suspicion of child abuse'),
      specialHighResourceNeeds: flag('Special, high-resource healthcare needs [M]'),
      burnsWithTrauma: flag('Burns in conjunction with trauma'),
    })
    .optional(),
});
export type FieldTriageInput = z.input<typeof FieldTriageInputSchema>;

export type FieldTriageColor = 'red' | 'yellow';
export type FieldTriageCategory = FieldTriageColor | 'none';
export interface FieldTriageCriterion extends ClinicalCriterion {
  color: FieldTriageColor;
}
export interface FieldTriageAssessment {
  category: FieldTriageCategory;
  criteria: FieldTriageCriterion[];
  /** Systolic pressure given without an age: judged by the adult (10-64 y) rule. */
  ageUnknown: boolean;
}
export type FieldTriageResult = ScoreResult<'field_triage', FieldTriageCategory, 'redCriteria' | 'yellowCriteria', number>;

const red = (id: string, text: string): FieldTriageCriterion => ({ id, color: 'red', text });
const yellow = (id: string, text: string): FieldTriageCriterion => ({ id, color: 'yellow', text });

const INJURY_CRITERIA = [
  ['penetratingHeadNeckTorsoProximalLimb', red('penetrating_injury', 'Penetrating injury to head, neck, torso or proximal limb.')],
  ['skullDeformity', red('skull_deformity', 'Skull deformity or suspected skull fracture.')],
  ['spinalInjuryWithNewDeficit', red('spinal_injury_with_deficit', 'Suspected spinal injury with new motor or sensory loss.')],
  ['chestWallInstability', red('chest_wall_instability', 'Chest wall instability or suspected flail chest.')],
  ['pelvicFracture', red('pelvic_fracture', 'Suspected pelvic fracture.')],
  ['twoOrMoreProximalLongBoneFractures', red('proximal_long_bone_fractures', 'Suspected fractures of two or more proximal long bones.')],
  ['mangledExtremity', red('mangled_extremity', 'Crushed, degloved, mangled or pulseless limb.')],
  ['amputationProximalToWristOrAnkle', red('proximal_amputation', 'Amputation proximal to wrist or ankle.')],
  ['activeBleedingNeedingTourniquetOrPacking', red('active_bleeding', 'Active bleeding needing a tourniquet or wound packing.')],
] as const;

const MECHANISM_FLAG_CRITERIA = [
  ['ejection', yellow('ejection', 'Partial or complete ejection from the vehicle.')],
  ['extricationOfEntrappedPatient', yellow('extrication', 'Entrapped patient needing extrication.')],
  ['deathInPassengerCompartment', yellow('death_in_passenger_compartment', 'Death in the same passenger compartment.')],
  ['vehicleTelemetrySevereInjury', yellow('vehicle_telemetry', 'Vehicle telemetry consistent with severe injury.')],
  ['riderSeparatedWithSignificantImpact', yellow('rider_separated', 'Rider separated from the vehicle with significant impact.')],
  ['pedestrianOrCyclistThrownRunOverOrSignificantImpact', yellow('pedestrian_or_cyclist_struck', 'Pedestrian or cyclist thrown, run over or hit hard.')],
] as const;

const RISK_FLAG_CRITERIA = [
  ['anticoagulantUse', yellow('anticoagulant_use', 'Takes anticoagulants.')],
  ['suspectedChildAbuse', yellow('suspected_child_abuse', 'Suspected child abuse.')],
  ['specialHighResourceNeeds', yellow('special_healthcare_needs', 'Special, high-resource healthcare needs.')],
  ['burnsWithTrauma', yellow('burns_with_trauma', 'Burns with trauma.')],
] as const;

/** Systolic pressure below which the patient meets the red vital-sign criterion, by age. */
export function fieldTriageSystolicBelowMmHg(ageYears: number | undefined): number {
  if (ageYears === undefined) return 90;
  const wholeYears = Math.floor(ageYears);
  if (wholeYears <= 9) return 70 + 2 * wholeYears;
  if (wholeYears >= 65) return 110;
  return 90;
}

function vitalCriteria(input: FieldTriageInput, settings: ClinicalSettings): FieldTriageCriterion[] {
  const out: FieldTriageCriterion[] = [];
  const age = input.ageYears;
  const isChild = age !== undefined && Math.floor(age) <= 9;
  if (input.gcsMotor !== undefined && input.gcsMotor < 6) {
    out.push(red('unable_to_follow_commands', 'Unable to follow commands (motor GCS below 6).'));
  }
  const rr = input.respRateBpm;
  if (rr !== undefined && (rr < 10 || rr > 29)) {
    out.push(red('resp_rate_abnormal', 'Respiratory rate below 10 or above 29.'));
  } else if (rr !== undefined && settings.fieldTriageInfantRespRate === 'infant_2011' && age !== undefined && age < 1 && rr < 20) {
    out.push(red('infant_resp_rate_below_20', 'Infant with respiratory rate below 20.'));
  }
  if (input.respiratoryDistressOrSupport) out.push(red('respiratory_distress', 'Respiratory distress or needs respiratory support.'));
  if (input.spo2RoomAirPct !== undefined && input.spo2RoomAirPct < 90) out.push(red('spo2_below_90', 'Room-air SpO2 below 90%.'));
  const sbpBelow = fieldTriageSystolicBelowMmHg(age);
  const sbp = input.systolicMmHg;
  if (sbp !== undefined && sbp < sbpBelow) out.push(red('hypotension_for_age', `Systolic pressure below ${sbpBelow} mmHg for age.`));
  if (!isChild && sbp !== undefined && input.heartRateBpm !== undefined && input.heartRateBpm > sbp) {
    out.push(red('heart_rate_above_systolic', 'Heart rate above systolic pressure.'));
  }
  return out;
}

function mechanismCriteria(input: FieldTriageInput): FieldTriageCriterion[] {
  const m = input.mechanism ?? {};
  const out: FieldTriageCriterion[] = MECHANISM_FLAG_CRITERIA.filter(([key]) => m[key] === true).map(([, c]) => c);
  if ((m.intrusionOccupantSiteCm ?? 0) > INTRUSION_OCCUPANT_SITE_ABOVE_CM || (m.intrusionAnySiteCm ?? 0) > INTRUSION_ANY_SITE_ABOVE_CM) {
    out.push(yellow('significant_intrusion', 'Intrusion over 12 in (30.5 cm) at the occupant site or 18 in (45.7 cm) at any site.'));
  }
  // The child-seat criterion is for ages 0-9; an unknown age counts (the crew ticked it for a child).
  const age = input.ageYears === undefined ? undefined : Math.floor(input.ageYears);
  if (m.childUnrestrainedOrUnsecuredSeat && (age === undefined || age <= 9)) {
    out.push(yellow('child_unrestrained', 'Child unrestrained or in an unsecured child seat.'));
  }
  if ((m.fallHeightM ?? 0) > FALL_HEIGHT_ABOVE_M) out.push(yellow('fall_over_10_ft', 'Fall from more than 10 ft (3 m).'));
  return out;
}

function riskFactorCriteria(input: FieldTriageInput): FieldTriageCriterion[] {
  const r = input.riskFactors ?? {};
  const out: FieldTriageCriterion[] = RISK_FLAG_CRITERIA.filter(([key]) => r[key] === true).map(([, c]) => c);
  const age = input.ageYears === undefined ? undefined : Math.floor(input.ageYears);
  if (r.lowLevelFallWithHeadImpact && (age === undefined || age <= 5 || age >= 65)) {
    out.push(yellow('low_level_fall_head_impact', 'Low-level fall with significant head impact in a young child or older adult.'));
  }
  if (input.pregnancyWeeks !== undefined && input.pregnancyWeeks > 20) {
    out.push(yellow('pregnancy_over_20_weeks', 'Pregnant beyond 20 weeks.'));
  }
  return out;
}

export function assessFieldTriage(input: FieldTriageInput, settings: ClinicalSettings = DEFAULT_CLINICAL_SETTINGS): FieldTriageAssessment {
  const injury = input.injury ?? {};
  const criteria = [
    ...INJURY_CRITERIA.filter(([key]) => injury[key] === true).map(([, c]) => c),
    ...vitalCriteria(input, settings),
    ...mechanismCriteria(input),
    ...riskFactorCriteria(input),
  ];
  const category: FieldTriageCategory = criteria.some((c) => c.color === 'red')
    ? 'red'
    : criteria.length > 0
      ? 'yellow'
      : 'none';
  return { category, criteria, ageUnknown: input.ageYears === undefined && input.systolicMmHg !== undefined };
}

const ADVICE: Record<FieldTriageCategory, string> = {
  red: 'Red: take to the highest-level trauma centre available.',
  yellow: 'Yellow: take to a trauma centre; it need not be the highest level.',
  none: 'No field-triage criterion met.',
};

export function calculateFieldTriage(input: FieldTriageInput, settings: ClinicalSettings = DEFAULT_CLINICAL_SETTINGS): FieldTriageResult {
  const { category, criteria, ageUnknown } = assessFieldTriage(input, settings);
  return {
    kind: 'field_triage',
    score: null,
    category,
    parts: {
      redCriteria: criteria.filter((c) => c.color === 'red').length,
      yellowCriteria: criteria.filter((c) => c.color === 'yellow').length,
    },
    flags: [...criteria.map((c) => c.id), ...(ageUnknown ? ['age_unknown_adult_rule'] : [])],
    advice: ADVICE[category],
  };
}
