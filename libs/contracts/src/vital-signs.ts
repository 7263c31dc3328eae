import { z } from 'zod';

// The vital-sign code table: our short code ↔ IEEE 11073-10101 MDC codes seen from real monitors
// (shared/reference/monitor-protocols.md §1.3) ↔ LOINC (FHIR vital-signs profile) ↔ UCUM unit,
// with the range a real patient can show. Values outside the range are device sentinels or
// artefacts and never become a patient's value.

export const VITAL_CODES = [
  'HR',
  'PR',
  'SPO2',
  'RR',
  'NIBP_SYS',
  'NIBP_DIA',
  'NIBP_MEAN',
  'IBP_SYS',
  'IBP_DIA',
  'IBP_MEAN',
  'TEMP',
  'ETCO2',
  'PI',
] as const;
export const VitalCodeSchema = z.enum(VITAL_CODES);
export type VitalCode = z.infer<typeof VitalCodeSchema>;

export interface VitalSignDefinition {
  code: VitalCode;
  nameEn: string;
  nameZh: string;
  /** MDC 32-bit codes that map to this sign; the first is the preferred one. */
  mdcCodes: readonly number[];
  mdcRefId: string;
  loinc: string | null;
  ucum: string;
  /** Display unit for consoles. */
  displayUnit: string;
  /** Plausible physiological range (inclusive). */
  min: number;
  max: number;
  decimals: number;
}

const row = (d: VitalSignDefinition): VitalSignDefinition => Object.freeze(d);

export const VITAL_SIGNS: Readonly<Record<VitalCode, VitalSignDefinition>> = Object.freeze({
  HR: row({ code: 'HR', nameEn: 'Heart rate (ECG)', nameZh: '心率', mdcCodes: [147842], mdcRefId: 'MDC_ECG_HEART_RATE', loinc: '8867-4', ucum: '/min', displayUnit: 'bpm', min: 0, max: 350, decimals: 0 }),
  // Pulse rate: SpO2 pleth (149530, Philips 149538), generic (149514; Comen labels 149522), NIBP (149546).
  PR: row({ code: 'PR', nameEn: 'Pulse rate', nameZh: '脉率', mdcCodes: [149530, 149538, 149514, 149522, 149546], mdcRefId: 'MDC_PULS_OXIM_PULS_RATE', loinc: '8889-8', ucum: '/min', displayUnit: 'bpm', min: 0, max: 350, decimals: 0 }),
  SPO2: row({ code: 'SPO2', nameEn: 'SpO2', nameZh: '血氧饱和度', mdcCodes: [150456], mdcRefId: 'MDC_PULS_OXIM_SAT_O2', loinc: '59408-5', ucum: '%', displayUnit: '%', min: 0, max: 100, decimals: 0 }),
  RR: row({ code: 'RR', nameEn: 'Respiratory rate', nameZh: '呼吸频率', mdcCodes: [151562, 151578], mdcRefId: 'MDC_RESP_RATE', loinc: '9279-1', ucum: '/min', displayUnit: 'rpm', min: 0, max: 150, decimals: 0 }),
  // NIBP arrives in two code families: MDC_PRESS_BLD_NONINV_* (150021-3) and MDC_PRESS_CUFF_* (150301-3).
  NIBP_SYS: row({ code: 'NIBP_SYS', nameEn: 'NIBP systolic', nameZh: '无创收缩压', mdcCodes: [150021, 150301], mdcRefId: 'MDC_PRESS_BLD_NONINV_SYS', loinc: '8480-6', ucum: 'mm[Hg]', displayUnit: 'mmHg', min: 0, max: 300, decimals: 0 }),
  NIBP_DIA: row({ code: 'NIBP_DIA', nameEn: 'NIBP diastolic', nameZh: '无创舒张压', mdcCodes: [150022, 150302], mdcRefId: 'MDC_PRESS_BLD_NONINV_DIA', loinc: '8462-4', ucum: 'mm[Hg]', displayUnit: 'mmHg', min: 0, max: 250, decimals: 0 }),
  NIBP_MEAN: row({ code: 'NIBP_MEAN', nameEn: 'NIBP mean', nameZh: '无创平均压', mdcCodes: [150023, 150303], mdcRefId: 'MDC_PRESS_BLD_NONINV_MEAN', loinc: '8478-0', ucum: 'mm[Hg]', displayUnit: 'mmHg', min: 0, max: 250, decimals: 0 }),
  // 150033-5 are invasive arterial pressures, not NIBP (monitor-protocols.md §0.2).
  IBP_SYS: row({ code: 'IBP_SYS', nameEn: 'Arterial systolic (invasive)', nameZh: '有创收缩压', mdcCodes: [150033], mdcRefId: 'MDC_PRESS_BLD_ART_SYS', loinc: '76215-3', ucum: 'mm[Hg]', displayUnit: 'mmHg', min: 0, max: 300, decimals: 0 }),
  IBP_DIA: row({ code: 'IBP_DIA', nameEn: 'Arterial diastolic (invasive)', nameZh: '有创舒张压', mdcCodes: [150034], mdcRefId: 'MDC_PRESS_BLD_ART_DIA', loinc: '76213-8', ucum: 'mm[Hg]', displayUnit: 'mmHg', min: 0, max: 250, decimals: 0 }),
  IBP_MEAN: row({ code: 'IBP_MEAN', nameEn: 'Arterial mean (invasive)', nameZh: '有创平均压', mdcCodes: [150035], mdcRefId: 'MDC_PRESS_BLD_ART_MEAN', loinc: '76214-6', ucum: 'mm[Hg]', displayUnit: 'mmHg', min: 0, max: 250, decimals: 0 }),
  TEMP: row({ code: 'TEMP', nameEn: 'Temperature', nameZh: '体温', mdcCodes: [150344, 150364, 188496], mdcRefId: 'MDC_TEMP', loinc: '8310-5', ucum: 'Cel', displayUnit: '°C', min: 25, max: 45, decimals: 1 }),
  // EtCO2: MDC_CONC_AWAY_CO2_ET (151708), _EXP (151712, GE), MDC_AWAY_CO2_ET (151728, Philips).
  ETCO2: row({ code: 'ETCO2', nameEn: 'EtCO2', nameZh: '呼末二氧化碳', mdcCodes: [151708, 151712, 151728], mdcRefId: 'MDC_CONC_AWAY_CO2_ET', loinc: '19889-5', ucum: 'mm[Hg]', displayUnit: 'mmHg', min: 0, max: 150, decimals: 0 }),
  PI: row({ code: 'PI', nameEn: 'Perfusion index', nameZh: '灌注指数', mdcCodes: [150488], mdcRefId: 'MDC_BLD_PERF_INDEX', loinc: null, ucum: '%', displayUnit: '%', min: 0, max: 30, decimals: 2 }),
});

const BY_MDC = new Map<number, VitalCode>(
  Object.values(VITAL_SIGNS).flatMap((d) => d.mdcCodes.map((mdc) => [mdc, d.code] as const)),
);

// Where a pulse rate was counted, when its MDC code says so: the SpO2 pleth (149530; Philips'
// NOM_PLETH_PULS_RATE 149538) or the NIBP cuff (149546, a reading as old as the cuff's). The
// generic MDC_PULS_RATE (149514, and Comen's 149522) does not say.
export const VITAL_SOURCES = ['spo2', 'nibp'] as const;
export const VitalSourceSchema = z.enum(VITAL_SOURCES);
export type VitalSource = z.infer<typeof VitalSourceSchema>;

const SOURCE_BY_MDC = new Map<number, VitalSource>([
  [149530, 'spo2'],
  [149538, 'spo2'],
  [149546, 'nibp'],
]);

/** The measurement a rate was derived from, or undefined when the MDC code does not say. */
export function findVitalSourceByMdc(mdc: number): VitalSource | undefined {
  return SOURCE_BY_MDC.get(mdc);
}

/** The vital code for an MDC numeric code, or undefined when we do not track it. */
export function findVitalCodeByMdc(mdc: number): VitalCode | undefined {
  return BY_MDC.get(mdc);
}

export function isPlausibleVital(code: VitalCode, value: number): boolean {
  const d = VITAL_SIGNS[code];
  return Number.isFinite(value) && value >= d.min && value <= d.max;
}
