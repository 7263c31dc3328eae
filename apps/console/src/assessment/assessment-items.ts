// The items the crew tablet asks, with the highest score of each (clinical.md §1.5, §2.2-2.5,
// §4.1). Keys are the field names of the clinical input schemas, so they go into the body as is.

export const BE_FAST_ITEMS = ['balance', 'eyes', 'face', 'arm', 'speech'] as const;
export type BeFastItem = (typeof BE_FAST_ITEMS)[number];

/** RACE items before the cortical one (aphasia with right, agnosia with left hemiparesis). */
export const RACE_ITEM_MAX = { facialPalsy: 2, armMotor: 2, legMotor: 2, headGazeDeviation: 1 } as const;
export type RaceItem = keyof typeof RACE_ITEM_MAX;
export const RACE_CORTICAL_MAX = 2;
export type HemiparesisSide = 'right' | 'left';

export const LAMS_ITEM_MAX = { facialDroop: 1, armDrift: 2, gripStrength: 2 } as const;
export type LamsItem = keyof typeof LAMS_ITEM_MAX;

export const FAST_ED_ITEM_MAX = { facialPalsy: 1, armWeakness: 2, speechChanges: 2, eyeDeviation: 2, denialNeglect: 2 } as const;
export type FastEdItem = keyof typeof FAST_ED_ITEM_MAX;

export const GCS_MAX = { eye: 4, verbal: 5, motor: 6 } as const;
export type GcsComponent = keyof typeof GCS_MAX;
export type GcsValue = number | 'NT';

/** Field-triage quick flags (ACS/CDC 2021) and the part of the trauma input each belongs to. */
export const TRAUMA_FLAG_GROUP = {
  penetratingHeadNeckTorsoProximalLimb: 'injury',
  skullDeformity: 'injury',
  spinalInjuryWithNewDeficit: 'injury',
  chestWallInstability: 'injury',
  pelvicFracture: 'injury',
  twoOrMoreProximalLongBoneFractures: 'injury',
  mangledExtremity: 'injury',
  amputationProximalToWristOrAnkle: 'injury',
  activeBleedingNeedingTourniquetOrPacking: 'injury',
  respiratoryDistressOrSupport: 'vital',
  ejection: 'mechanism',
  extricationOfEntrappedPatient: 'mechanism',
  deathInPassengerCompartment: 'mechanism',
  pedestrianOrCyclistThrownRunOverOrSignificantImpact: 'mechanism',
  riderSeparatedWithSignificantImpact: 'mechanism',
  lowLevelFallWithHeadImpact: 'riskFactors',
  anticoagulantUse: 'riskFactors',
  burnsWithTrauma: 'riskFactors',
} as const;
export type TraumaFlag = keyof typeof TRAUMA_FLAG_GROUP;
export const TRAUMA_FLAGS = Object.keys(TRAUMA_FLAG_GROUP) as TraumaFlag[];
/** Red flags: highest-level trauma centre; the others are yellow. */
export const RED_TRAUMA_FLAGS: ReadonlySet<TraumaFlag> = new Set(
  TRAUMA_FLAGS.filter((f) => TRAUMA_FLAG_GROUP[f] === 'injury' || TRAUMA_FLAG_GROUP[f] === 'vital'),
);

export const MATERNAL_FLAGS = ['seizure', 'heavyVaginalBleeding', 'preeclampsiaWithHeadacheOrDyspnoea'] as const;
export type MaternalFlag = (typeof MATERNAL_FLAGS)[number];

export const NEONATAL_FLAGS = ['apnoeaOrNeedsResuscitation', 'seizure', 'centralCyanosis'] as const;
export type NeonatalFlag = (typeof NEONATAL_FLAGS)[number];

export const ACVPU = ['A', 'C', 'V', 'P', 'U'] as const;
export type AcvpuValue = (typeof ACVPU)[number];

/** Vitals the tablet asks for, in PathwayVitals names. */
export const VITAL_FIELDS = ['heartRateBpm', 'systolicMmHg', 'diastolicMmHg', 'respRateBpm', 'spo2Pct', 'temperatureC'] as const;
export type VitalField = (typeof VITAL_FIELDS)[number];

/** 0..max, for the item's buttons. */
export function scoreOptions(max: number): number[] {
  return Array.from({ length: max + 1 }, (_, i) => i);
}
