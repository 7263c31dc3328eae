import { z } from 'zod';

// Every threshold that the sources disagree on, or that the reference could not verify, is a
// setting here rather than a constant. Each default names its source and its status in
// shared/reference/clinical.md: [V] verified, [M] from memory, [U] uncertain. Thresholds that are
// verified and undisputed stay constants next to their score.

const minutes = (description: string) => z.number().int().positive().describe(description);

export const MaternalCriticalSettingsSchema = z
  .object({
    systolicBelowMmHg: z.number().default(90).describe('SBP < value. Default 90: Maternal Early Warning Criteria (Mhyre 2014) [M; not in the reference]'),
    systolicAtOrAboveMmHg: z
      .number()
      .default(160)
      .describe('SBP ≥ value. Default 160: ACOG severe-range hypertension; MEWC writes >160, ≥ is the more sensitive reading [M; not in the reference]'),
    diastolicAboveMmHg: z.number().default(100).describe('DBP > value. Default 100: MEWC (Mhyre 2014) [M; not in the reference]'),
    heartRateBelowBpm: z.number().default(50).describe('HR < value. Default 50: MEWC [M; not in the reference]'),
    heartRateAboveBpm: z.number().default(120).describe('HR > value. Default 120: MEWC [M; not in the reference]'),
    respRateBelowBpm: z.number().default(10).describe('RR < value. Default 10: MEWC [M; not in the reference]'),
    respRateAboveBpm: z.number().default(30).describe('RR > value. Default 30: MEWC [M; not in the reference]'),
    spo2BelowPct: z.number().default(95).describe('SpO2 < value. Default 95: MEWC [M; not in the reference]'),
    postpartumDaysMax: z.number().int().nonnegative().default(42).describe('Maternal period after birth, days. Default 42: WHO maternal period [M; not in the reference]'),
  })
  .prefault({});

export const NeonatalCriticalSettingsSchema = z
  .object({
    ageDaysMax: z.number().int().positive().default(28).describe('Neonatal period, days. Default 28: WHO [M; not in the reference]'),
    heartRateBelowBpm: z.number().default(100).describe('HR < value. Default 100: NRP, HR < 100 needs ventilation [M; not in the reference]'),
    heartRateAboveBpm: z.number().default(180).describe('HR > value. Default 180: crying newborns reach 160-180 [U; not in the reference]'),
    respRateBelowBpm: z.number().default(30).describe('RR < value. Default 30: normal newborn 30-60 [M; not in the reference]'),
    respRateAboveBpm: z.number().default(60).describe('RR > value. Default 60: WHO fast breathing under 2 months is ≥ 60 [M; not in the reference]'),
    spo2BelowPct: z.number().default(90).describe('SpO2 < value. Default 90 [U; not in the reference]'),
    temperatureBelowC: z.number().default(36.5).describe('Temperature < value. Default 36.5 °C: WHO neonatal hypothermia [M; not in the reference]'),
    temperatureAtOrAboveC: z.number().default(38).describe('Temperature ≥ value. Default 38.0 °C: neonatal fever [M; not in the reference]'),
    gestationBelowWeeks: z.number().default(37).describe('Born before this gestation. Default 37 weeks: preterm (WHO) [M; not in the reference]'),
    birthWeightBelowG: z.number().default(2500).describe('Birth weight < value. Default 2500 g: WHO low birth weight [M; not in the reference]'),
  })
  .prefault({});

export const ClinicalSettingsSchema = z.object({
  news2RedScoreCategory: z
    .enum(['low_medium', 'medium'])
    .default('low_medium')
    .describe('NEWS2 category for a single parameter scoring 3 with aggregate ≤ 4. Default low_medium: RCP 2017 Chart 2 [M]; many calculators say medium'),
  trtsTraumaCentreAtOrBelow: z
    .number()
    .int()
    .min(0)
    .max(12)
    .default(11)
    .describe('T-RTS ≤ value ⇒ trauma centre. Default 11 (Champion 1989 as recalled; trauma-scoring review "≤ 11") [U]; 10 reads "< 11" (cambridgeorthopaedics)'),
  mewsHeartRateTopBand: z
    .enum(['ge_130', 'gt_130'])
    .default('ge_130')
    .describe('MEWS HR 3 points at ≥ 130 (Subbe 2001, PMJ table) [V] or > 130 (Chinese table, 130 then scores 2)'),
  mewsHighRiskAtOrAbove: z
    .number()
    .int()
    .min(0)
    .max(14)
    .default(5)
    .describe('MEWS ≥ value ⇒ high risk. Default 5: Subbe 2001 [V summary, M original]; 4: Chinese ED cut-off (BMJ Open 2018) [V]'),
  fastEdLvoAtOrAbove: z.number().int().min(0).max(9).default(4).describe('FAST-ED ≥ value ⇒ LVO likely. Default 4: Lima 2016 [V]; 3 is the more sensitive cut-off [V]'),
  raceLvoAtOrAbove: z.number().int().min(0).max(9).default(5).describe('RACE ≥ value ⇒ LVO likely. Default 5: Pérez de la Ossa 2014 [V]'),
  lamsLvoAtOrAbove: z.number().int().min(0).max(5).default(4).describe('LAMS ≥ value ⇒ LVO likely. Default 4: Nazliel 2008 [V]'),
  thrombolysisWindowMin: minutes('IV thrombolysis window from last known well, inclusive. Default 270 (4.5 h): AHA/ASA 2018/2019, Chinese guideline [V]').default(270),
  thrombectomyWindowMin: minutes('Standard thrombectomy window, inclusive. Default 360 (6 h): AHA/ASA 2018 [V]').default(360),
  extendedThrombectomyWindowMin: minutes('Late thrombectomy window with imaging selection, inclusive. Default 1440 (24 h, DAWN) [V]; 960 = 16 h (DEFUSE 3) [V]').default(1440),
  strokeDirectEvtMaxSinceLastKnownWellMin: minutes(
    'LVO patients go direct to a thrombectomy centre only up to this time from last known well. Default 360: Mission: Lifeline 2017 [V]; 1440: 2020 update [U]',
  ).default(360),
  strokeRoutingExtraTimeMin: z
    .number()
    .int()
    .nonnegative()
    .default(15)
    .describe('Extra transport minutes allowed to reach a thrombectomy centre. Default 15: Mission: Lifeline 2017 [V]; 30: Venema 2020 [V]'),
  fieldTriageInfantRespRate: z
    .enum(['as_written', 'infant_2011'])
    .default('as_written')
    .describe('Field triage RR rule for infants (< 1 y). as_written: 2021 RR < 10 or > 29 [V]; infant_2011 adds RR < 20 (2011 guideline) [U, ask clinicians]'),
  maternalCritical: MaternalCriticalSettingsSchema,
  neonatalCritical: NeonatalCriticalSettingsSchema,
});

export type ClinicalSettings = z.output<typeof ClinicalSettingsSchema>;
export type ClinicalSettingsInput = z.input<typeof ClinicalSettingsSchema>;

const parsedDefaults = ClinicalSettingsSchema.parse({});
Object.freeze(parsedDefaults.maternalCritical);
Object.freeze(parsedDefaults.neonatalCritical);
export const DEFAULT_CLINICAL_SETTINGS: Readonly<ClinicalSettings> = Object.freeze(parsedDefaults);

/** Full settings from partial overrides (e.g. the core's validated config); throws ZodError on a bad value. */
export function resolveClinicalSettings(overrides: ClinicalSettingsInput = {}): ClinicalSettings {
  return ClinicalSettingsSchema.parse(overrides);
}
