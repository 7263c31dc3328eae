import { findVitalSourceByMdc, isPlausibleVital, VitalChannelSchema } from '@feijiu/contracts';
import { resolveVitalCode } from './codes';
import { SENTINEL_FLOOR, SENTINEL_VALUES } from './constants';
import { clip, describeCode, isDemoRow, readNumericValue, type ObxRow } from './obx';
import { parseHl7Time } from './time';
import type { Hl7Ignored, Hl7Observation } from './types';
import { readUnit, toContractUnit } from './units';

export type VitalRead = { kind: 'observation'; observation: Hl7Observation } | { kind: 'ignored'; ignored: Hl7Ignored };

const ignore = (mdc: number | null, reason: string): VitalRead => ({ kind: 'ignored', ignored: { mdc, reason } });

/** One numeric OBX row → an observation, or the reason it was not used. Never throws. */
export function readVitalRow(row: ObxRow, assumeUtcOffsetMin: number): VitalRead {
  if (row.mdc === null) {
    return ignore(null, `not an MDC code: ${describeCode(row)}${row.system ? ` (${row.system})` : ''}`);
  }
  const code = resolveVitalCode(row.mdc);
  if (code === undefined) return ignore(row.mdc, `not a tracked vital: ${describeCode(row)}`);
  if (row.status === 'W' || row.status === 'D') return ignore(row.mdc, `result status ${row.status} (retracted)`);
  const numeric = readNumericValue(row);
  if (!numeric.ok) return ignore(row.mdc, numeric.reason);
  const raw = numeric.value;
  if (SENTINEL_VALUES.has(raw) || raw <= SENTINEL_FLOOR) return ignore(row.mdc, `device sentinel ${raw} (no value)`);
  const unit = readUnit(row.seg.component(6, 1), row.seg.component(6, 2), row.seg.component(6, 3));
  if (!unit.ok) return ignore(row.mdc, `unit not understood: ${clip(unit.text)}`);
  const converted = toContractUnit(code, raw, unit.unit);
  if (!converted.ok) return ignore(row.mdc, converted.reason);
  if (!isPlausibleVital(code, converted.value)) {
    return ignore(row.mdc, `implausible ${code} ${converted.value} ${converted.unit}`);
  }
  return {
    kind: 'observation',
    observation: {
      code,
      mdc: row.mdc,
      value: converted.value,
      unit: converted.unit,
      measuredAt: row.time === '' ? null : parseHl7Time(row.time, assumeUtcOffsetMin),
      flags: isDemoRow(row) ? ['demo'] : [],
      path: row.path === '' ? null : row.path,
      channel: VitalChannelSchema.safeParse(row.path).success ? row.path : null,
      source: findVitalSourceByMdc(row.mdc) ?? null,
    },
  };
}

/** Collects the numeric rows of a report into observations and ignored rows. */
export function readVitalRows(
  rows: ObxRow[],
  assumeUtcOffsetMin: number,
): { observations: Hl7Observation[]; ignored: Hl7Ignored[] } {
  const observations: Hl7Observation[] = [];
  const ignored: Hl7Ignored[] = [];
  for (const row of rows) {
    const r = readVitalRow(row, assumeUtcOffsetMin);
    if (r.kind === 'observation') observations.push(r.observation);
    else ignored.push(r.ignored);
  }
  return { observations, ignored };
}
