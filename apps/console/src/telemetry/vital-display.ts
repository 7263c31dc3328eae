import { VITAL_SIGNS, type VitalCode } from '@feijiu/contracts';

// How the ER board shows a numeric: the tiles, their value text and the age of a reading.

export interface VitalTileSpec {
  /** i18n key under er.vital */
  key: 'HR' | 'SPO2' | 'NIBP' | 'RR' | 'TEMP' | 'ETCO2';
  codes: readonly VitalCode[];
  colour: string;
}

// Monitor colours, darkened for a light card.
export const VITAL_TILES: readonly VitalTileSpec[] = [
  { key: 'HR', codes: ['HR'], colour: '#15803d' },
  { key: 'SPO2', codes: ['SPO2'], colour: '#0e7490' },
  { key: 'NIBP', codes: ['NIBP_SYS', 'NIBP_DIA'], colour: '#b91c1c' },
  { key: 'RR', codes: ['RR'], colour: '#a16207' },
  { key: 'TEMP', codes: ['TEMP'], colour: '#7c3aed' },
  { key: 'ETCO2', codes: ['ETCO2'], colour: '#ca8a04' },
];

export const MISSING_VALUE = '—';

export function formatVitalValue(code: VitalCode, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING_VALUE;
  return value.toFixed(VITAL_SIGNS[code].decimals);
}

export type AgeUnit = 'sec' | 'min' | 'hour';

/** The age of a reading in the largest whole unit (never negative: clocks drift). */
export function describeAge(measuredAtMs: number, nowMs: number): { n: number; unit: AgeUnit } {
  const sec = Math.max(0, Math.floor((nowMs - measuredAtMs) / 1000));
  if (sec < 60) return { n: sec, unit: 'sec' };
  if (sec < 3600) return { n: Math.floor(sec / 60), unit: 'min' };
  return { n: Math.floor(sec / 3600), unit: 'hour' };
}
