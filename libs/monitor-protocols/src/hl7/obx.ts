import type { Segment } from './er7';

/** One OBX row, read once into the fields the decoders use. */
export interface ObxRow {
  seg: Segment;
  valueType: string;
  code: string;
  name: string;
  system: string;
  /** The MDC code from OBX-3 (or its alternate identifier), null for vendor/LOINC codes. */
  mdc: number | null;
  path: string;
  /** OBX-8 abnormal flags, upper-cased (e.g. DEMO, A, PL, ST). */
  flags: string[];
  status: string;
  time: string;
}

const isMdcSystem = (system: string, code: string): boolean =>
  system.toUpperCase() === 'MDC' || (system === '' && /^\d+$/.test(code));

function readMdc(seg: Segment): number | null {
  for (const [c, s] of [
    [1, 3],
    [4, 6],
  ] as const) {
    const code = seg.component(3, c);
    if (/^\d{1,10}$/.test(code) && isMdcSystem(seg.component(3, s), code)) return Number(code);
  }
  return null;
}

export function readObx(seg: Segment): ObxRow {
  return {
    seg,
    valueType: seg.value(2).toUpperCase(),
    code: seg.component(3, 1),
    name: seg.component(3, 2),
    system: seg.component(3, 3),
    mdc: readMdc(seg),
    path: seg.value(4),
    flags: seg.repetitions(8).map((r) => r.split(seg.sep.component)[0]!.trim().toUpperCase()),
    status: seg.value(11).toUpperCase(),
    time: seg.value(14),
  };
}

/** Hierarchy rows (MDS → VMD → channel) carry no value: empty OBX-2 or OBX-11 = X. */
export function isContainmentRow(row: ObxRow): boolean {
  return row.valueType === '' || row.status === 'X';
}

export function isDemoRow(row: ObxRow): boolean {
  return row.flags.includes('DEMO');
}

const NM = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

export type NumericRead = { ok: true; value: number } | { ok: false; reason: string };

/** OBX-5 as a number: NM, or SN with no comparator or '='. */
export function readNumericValue(row: ObxRow): NumericRead {
  let text: string;
  if (row.valueType === 'NM') {
    text = row.seg.value(5);
  } else if (row.valueType === 'SN') {
    const comparator = row.seg.component(5, 1);
    if (comparator !== '' && comparator !== '=') return { ok: false, reason: `structured numeric "${comparator}" is not a value` };
    if (row.seg.component(5, 3) !== '') return { ok: false, reason: 'structured numeric range is not a value' };
    text = row.seg.component(5, 2);
  } else {
    return { ok: false, reason: `value type ${row.valueType} is not numeric` };
  }
  if (text === '') return { ok: false, reason: 'empty value' };
  if (!NM.test(text)) return { ok: false, reason: `non-numeric value "${clip(text)}"` };
  return { ok: true, value: Number(text) };
}

export function describeCode(row: ObxRow): string {
  return [row.code, row.name].filter(Boolean).join(' ') || '(no code)';
}

export const clip = (text: string, max = 32): string => (text.length > max ? `${text.slice(0, max)}…` : text);
