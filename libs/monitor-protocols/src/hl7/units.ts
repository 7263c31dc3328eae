import { VITAL_SIGNS, type VitalCode } from '@feijiu/contracts';

// OBX-6 units: MDC dimension codes (partition 4: 262144 + term) or UCUM, normalised to the
// contract's UCUM unit for each vital.

type Quantity = 'rate' | 'percent' | 'pressure' | 'temperature';
type UnitId = '/min' | '%' | 'mm[Hg]' | 'kPa' | 'Cel' | '[degF]' | '1';

const QUANTITY_OF: Record<UnitId, Quantity | null> = {
  '/min': 'rate',
  '%': 'percent',
  'mm[Hg]': 'pressure',
  kPa: 'pressure',
  Cel: 'temperature',
  '[degF]': 'temperature',
  '1': null,
};

const MDC_DIM: ReadonlyMap<number, UnitId> = new Map<number, UnitId>([
  [264864, '/min'], // MDC_DIM_BEAT_PER_MIN
  [264928, '/min'], // MDC_DIM_RESP_PER_MIN
  [262688, '%'], // MDC_DIM_PERCENT
  [266016, 'mm[Hg]'], // MDC_DIM_MMHG
  [265987, 'kPa'], // MDC_DIM_KILO_PASCAL (Philips unit 3843)
  [268192, 'Cel'], // MDC_DIM_DEGC
  [266560, '[degF]'], // MDC_DIM_FAHR (Philips unit 4416)
  [262656, '1'], // MDC_DIM_DIMLESS
]);

const UNIT_TEXT: ReadonlyMap<string, UnitId> = new Map<string, UnitId>([
  ['mdc_dim_beat_per_min', '/min'],
  ['mdc_dim_resp_per_min', '/min'],
  ['mdc_dim_percent', '%'],
  ['mdc_dim_mmhg', 'mm[Hg]'],
  ['mdc_dim_kilo_pascal', 'kPa'],
  ['mdc_dim_degc', 'Cel'],
  ['mdc_dim_fahr', '[degF]'],
  ['mdc_dim_dimless', '1'],
  ['/min', '/min'],
  ['1/min', '/min'],
  ['min-1', '/min'],
  ['{beat}/min', '/min'],
  ['{beats}/min', '/min'],
  ['{breath}/min', '/min'],
  ['{breaths}/min', '/min'],
  ['{resp}/min', '/min'],
  ['bpm', '/min'],
  ['rpm', '/min'],
  ['brpm', '/min'],
  ['%', '%'],
  ['mm[hg]', 'mm[Hg]'],
  ['mmhg', 'mm[Hg]'],
  ['kpa', 'kPa'],
  ['cel', 'Cel'],
  ['degc', 'Cel'],
  ['°c', 'Cel'],
  ['℃', 'Cel'],
  ['[degf]', '[degF]'],
  ['degf', '[degF]'],
  ['°f', '[degF]'],
  ['℉', '[degF]'],
  ['1', '1'],
]);

export type UnitLookup = { ok: true; unit: UnitId | null } | { ok: false; text: string };

/** Reads OBX-6 components (code, text, system). An empty unit is `{ ok: true, unit: null }`. */
export function readUnit(code: string, text: string, system: string): UnitLookup {
  if (code === '' && text === '') return { ok: true, unit: null };
  if (/^\d+$/.test(code) && (system === '' || system.toUpperCase() === 'MDC')) {
    const byCode = MDC_DIM.get(Number(code));
    if (byCode) return { ok: true, unit: byCode };
  }
  for (const candidate of [code, text]) {
    const byText = UNIT_TEXT.get(candidate.trim().toLowerCase());
    if (byText) return { ok: true, unit: byText };
  }
  return { ok: false, text: [code, text].filter(Boolean).join(' ') };
}

const QUANTITY_BY_UCUM: Record<string, Quantity> = {
  '/min': 'rate',
  '%': 'percent',
  'mm[Hg]': 'pressure',
  Cel: 'temperature',
};

const MMHG_PER_KPA = 7.50062;

export type Conversion = { ok: true; value: number; unit: string } | { ok: false; reason: string };

/** Converts a value in `unit` (null: none given, assume the contract unit) to the vital's UCUM unit. */
export function toContractUnit(code: VitalCode, value: number, unit: UnitId | null): Conversion {
  const target = VITAL_SIGNS[code].ucum;
  if (unit === null || unit === target) return { ok: true, value, unit: target };
  const want = QUANTITY_BY_UCUM[target];
  if (want === undefined || QUANTITY_OF[unit] !== want) {
    return { ok: false, reason: `unit ${unit} is not a ${want ?? target} unit` };
  }
  let converted: number;
  if (unit === 'kPa') converted = value * MMHG_PER_KPA;
  else if (unit === '[degF]') converted = ((value - 32) * 5) / 9;
  else return { ok: false, reason: `no conversion from ${unit} to ${target}` };
  // two decimals: enough for display, and hides float noise such as 37.00000000001
  return { ok: true, value: Math.round(converted * 100) / 100, unit: target };
}
