import { PathwayAssessmentSchema, type ChiefComplaint, type PathwayAssessment } from '@feijiu/clinical';
import {
  BE_FAST_ITEMS,
  FAST_ED_ITEM_MAX,
  LAMS_ITEM_MAX,
  MATERNAL_FLAGS,
  NEONATAL_FLAGS,
  RACE_ITEM_MAX,
  TRAUMA_FLAG_GROUP,
  TRAUMA_FLAGS,
  VITAL_FIELDS,
  type AcvpuValue,
  type BeFastItem,
  type FastEdItem,
  type GcsComponent,
  type GcsValue,
  type HemiparesisSide,
  type LamsItem,
  type MaternalFlag,
  type NeonatalFlag,
  type RaceItem,
  type TraumaFlag,
  type VitalField,
} from './assessment-items';

// The crew's assessment as the tablet edits it (every answer may still be missing), and the
// conversion to the body of POST /incidents/{id}/assessments. A scale goes into the body only
// when every item is answered: half a RACE is not a RACE.

export type Sex = 'female' | 'male' | 'unknown';

export interface AssessmentDraft {
  chiefComplaint: ChiefComplaint | null;
  ageYears: number | null;
  sex: Sex | null;
  pregnancyWeeks: number | null;
  newborn: boolean;
  vitals: Record<VitalField, number | null>;
  onOxygen: boolean;
  consciousness: AcvpuValue | null;
  gcs: Record<GcsComponent, GcsValue | null>;
  beFast: Record<BeFastItem, boolean>;
  race: Record<RaceItem, number | null>;
  raceSide: HemiparesisSide | null;
  raceCortical: number | null;
  lams: Record<LamsItem, number | null>;
  fastEd: Record<FastEdItem, number | null>;
  stemiByCrew: boolean | null;
  /** Kept from the record in force: the tablet never clears a remote physician's confirmation. */
  stemiByRemotePhysician: boolean;
  lastKnownWellAt: string | null;
  symptomOnsetAt: string | null;
  trauma: Record<TraumaFlag, boolean>;
  fallHeightM: number | null;
  maternal: Record<MaternalFlag, boolean>;
  neonatal: Record<NeonatalFlag, boolean>;
}

const fill = <K extends string, V>(keys: readonly K[], value: V): Record<K, V> =>
  Object.fromEntries(keys.map((k) => [k, value])) as Record<K, V>;
const keysOf = <T extends object>(o: T) => Object.keys(o) as Array<keyof T & string>;

export function emptyDraft(): AssessmentDraft {
  return {
    chiefComplaint: null,
    ageYears: null,
    sex: null,
    pregnancyWeeks: null,
    newborn: false,
    vitals: fill(VITAL_FIELDS, null),
    onOxygen: false,
    consciousness: null,
    gcs: { eye: null, verbal: null, motor: null },
    beFast: fill(BE_FAST_ITEMS, false),
    race: fill(keysOf(RACE_ITEM_MAX), null),
    raceSide: null,
    raceCortical: null,
    lams: fill(keysOf(LAMS_ITEM_MAX), null),
    fastEd: fill(keysOf(FAST_ED_ITEM_MAX), null),
    stemiByCrew: null,
    stemiByRemotePhysician: false,
    lastKnownWellAt: null,
    symptomOnsetAt: null,
    trauma: fill(TRAUMA_FLAGS, false),
    fallHeightM: null,
    maternal: fill(MATERNAL_FLAGS, false),
    neonatal: fill(NEONATAL_FLAGS, false),
  };
}

/** The items, when every one is answered; otherwise null. */
export function completeItems<K extends string>(items: Record<K, number | null>): Record<K, number> | null {
  return Object.values(items).every((v) => typeof v === 'number') ? (items as Record<K, number>) : null;
}

export function answeredCount(items: Record<string, unknown>): number {
  return Object.values(items).filter((v) => v !== null).length;
}

export function raceInputOf(draft: AssessmentDraft): NonNullable<NonNullable<PathwayAssessment['stroke']>['race']> | null {
  const items = completeItems(draft.race);
  if (!items || draft.raceSide === null || draft.raceCortical === null) return null;
  return draft.raceSide === 'right' ? { ...items, aphasia: draft.raceCortical } : { ...items, agnosia: draft.raceCortical };
}

function gcsOf(draft: AssessmentDraft): PathwayAssessment['gcs'] {
  const { eye, verbal, motor } = draft.gcs;
  return eye !== null && verbal !== null && motor !== null ? { eye, verbal, motor } : undefined;
}

function vitalsOf(draft: AssessmentDraft): PathwayAssessment['vitals'] {
  const vitals: NonNullable<PathwayAssessment['vitals']> = {};
  for (const field of VITAL_FIELDS) {
    const value = draft.vitals[field];
    if (value !== null) vitals[field] = value;
  }
  if (draft.onOxygen) vitals.onOxygen = true;
  if (draft.consciousness) vitals.consciousness = draft.consciousness;
  return Object.keys(vitals).length > 0 ? vitals : undefined;
}

function strokeOf(draft: AssessmentDraft): PathwayAssessment['stroke'] {
  const stroke: NonNullable<PathwayAssessment['stroke']> = {};
  // A negative BE-FAST is worth recording only when stroke was the question.
  if (draft.chiefComplaint === 'stroke_symptoms' || BE_FAST_ITEMS.some((item) => draft.beFast[item])) {
    stroke.beFast = { ...draft.beFast, ...(draft.lastKnownWellAt ? { lastKnownWellAt: draft.lastKnownWellAt } : {}) };
  }
  const race = raceInputOf(draft);
  if (race) stroke.race = race;
  const lams = completeItems(draft.lams);
  if (lams) stroke.lams = lams;
  const fastEd = completeItems(draft.fastEd);
  if (fastEd) stroke.fastEd = fastEd;
  return Object.keys(stroke).length > 0 ? stroke : undefined;
}

function traumaOf(draft: AssessmentDraft): PathwayAssessment['trauma'] {
  const trauma: Record<string, Record<string, unknown>> & { respiratoryDistressOrSupport?: boolean } = {};
  for (const flag of TRAUMA_FLAGS) {
    if (!draft.trauma[flag]) continue;
    const group = TRAUMA_FLAG_GROUP[flag];
    if (group === 'vital') trauma.respiratoryDistressOrSupport = true;
    else trauma[group] = { ...trauma[group], [flag]: true };
  }
  if (draft.fallHeightM !== null) trauma.mechanism = { ...trauma.mechanism, fallHeightM: draft.fallHeightM };
  return Object.keys(trauma).length > 0 ? (trauma as PathwayAssessment['trauma']) : undefined;
}

function flagsOf<K extends string>(flags: Record<K, boolean>): Partial<Record<K, true>> | undefined {
  const set = (Object.keys(flags) as K[]).filter((k) => flags[k]);
  return set.length > 0 ? (Object.fromEntries(set.map((k) => [k, true])) as Partial<Record<K, true>>) : undefined;
}

/** Scales started but not finished: they are left out of the body, and the tablet says so. */
export function unfinishedScales(draft: AssessmentDraft): Array<'race' | 'lams' | 'fastEd' | 'gcs'> {
  const started = (items: Record<string, unknown>) => answeredCount(items) > 0;
  const out: Array<'race' | 'lams' | 'fastEd' | 'gcs'> = [];
  if ((started(draft.race) || draft.raceCortical !== null) && !raceInputOf(draft)) out.push('race');
  if (started(draft.lams) && !completeItems(draft.lams)) out.push('lams');
  if (started(draft.fastEd) && !completeItems(draft.fastEd)) out.push('fastEd');
  if (started(draft.gcs) && !gcsOf(draft)) out.push('gcs');
  return out;
}

const optional = <K extends string, V>(key: K, value: V | null | undefined): Partial<Record<K, V>> =>
  value === null || value === undefined ? {} : ({ [key]: value } as Record<K, V>);

/** The request body; null until the chief complaint is chosen (the one required answer). */
export function toAssessment(draft: AssessmentDraft, assessedAt: string): PathwayAssessment | null {
  if (draft.chiefComplaint === null) return null;
  const stemi =
    draft.stemiByCrew !== null || draft.stemiByRemotePhysician
      ? { ...optional('byCrew', draft.stemiByCrew), ...(draft.stemiByRemotePhysician ? { byRemotePhysician: true } : {}) }
      : undefined;
  return {
    assessedAt,
    chiefComplaint: draft.chiefComplaint,
    ...optional('ageYears', draft.ageYears),
    ...optional('sex', draft.sex),
    ...optional('pregnancyWeeks', draft.pregnancyWeeks),
    ...(draft.newborn ? { newborn: true } : {}),
    ...optional('vitals', vitalsOf(draft)),
    ...optional('gcs', gcsOf(draft)),
    ...optional('stroke', strokeOf(draft)),
    ...optional('stemi', stemi),
    ...optional('lastKnownWellAt', draft.lastKnownWellAt),
    ...optional('symptomOnsetAt', draft.symptomOnsetAt),
    ...optional('trauma', traumaOf(draft)),
    ...optional('maternal', flagsOf(draft.maternal)),
    ...optional('neonatal', flagsOf(draft.neonatal)),
  };
}

/** A stored assessment back into the form (re-opening after a reload, or editing the one in force). */
export function draftFromAssessment(stored: unknown): AssessmentDraft | null {
  const parsed = PathwayAssessmentSchema.safeParse(stored);
  if (!parsed.success) return null;
  const a = parsed.data;
  const draft = emptyDraft();
  draft.chiefComplaint = a.chiefComplaint;
  draft.ageYears = a.ageYears ?? null;
  draft.sex = a.sex ?? null;
  draft.pregnancyWeeks = a.pregnancyWeeks ?? null;
  draft.newborn = a.newborn ?? false;
  for (const field of VITAL_FIELDS) draft.vitals[field] = a.vitals?.[field] ?? null;
  draft.onOxygen = a.vitals?.onOxygen ?? false;
  draft.consciousness = a.vitals?.consciousness ?? null;
  if (a.gcs) draft.gcs = { ...a.gcs };
  const stroke = a.stroke ?? {};
  if (stroke.beFast) for (const item of BE_FAST_ITEMS) draft.beFast[item] = stroke.beFast[item];
  if (stroke.race) {
    const { aphasia, agnosia, ...items } = stroke.race;
    draft.race = items;
    draft.raceSide = aphasia !== undefined ? 'right' : 'left';
    draft.raceCortical = aphasia ?? agnosia ?? null;
  }
  if (stroke.lams) draft.lams = { ...stroke.lams };
  if (stroke.fastEd) draft.fastEd = { ...stroke.fastEd };
  draft.stemiByCrew = a.stemi?.byCrew ?? null;
  draft.stemiByRemotePhysician = a.stemi?.byRemotePhysician ?? false;
  draft.lastKnownWellAt = a.lastKnownWellAt ?? null;
  draft.symptomOnsetAt = a.symptomOnsetAt ?? null;
  for (const flag of TRAUMA_FLAGS) {
    const group = TRAUMA_FLAG_GROUP[flag];
    const source: Record<string, unknown> | undefined = group === 'vital' ? a.trauma : a.trauma?.[group];
    draft.trauma[flag] = source?.[group === 'vital' ? 'respiratoryDistressOrSupport' : flag] === true;
  }
  draft.fallHeightM = a.trauma?.mechanism?.fallHeightM ?? null;
  for (const flag of MATERNAL_FLAGS) draft.maternal[flag] = a.maternal?.[flag] === true;
  for (const flag of NEONATAL_FLAGS) draft.neonatal[flag] = a.neonatal?.[flag] === true;
  return draft;
}

/** The draft as the live scores read it, also before the complaint is chosen. */
export function toScoringAssessment(draft: AssessmentDraft, assessedAt: string): PathwayAssessment {
  return toAssessment({ ...draft, chiefComplaint: draft.chiefComplaint ?? 'other' }, assessedAt) ?? { assessedAt, chiefComplaint: 'other' };
}
