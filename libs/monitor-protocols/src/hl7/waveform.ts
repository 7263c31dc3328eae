import type { WaveformLead } from '@feijiu/contracts';
import {
  ATTR_RESOLUTION_MDC,
  ATTR_RESOLUTION_NAME,
  ATTR_SAMPLE_PERIOD_MDC,
  ATTR_SAMPLE_PERIOD_NAME,
  ATTR_SAMPLE_RATE_NAMES,
  EVT_INOP_MDC,
  EVT_INOP_NAME,
  INVALID_SAMPLE,
  WAVEFORM_LEAD_BY_MDC,
} from './constants';
import { describeCode, readNumericValue, type ObxRow } from './obx';
import type { Hl7Ignored, Hl7WaveformChannel } from './types';

// NA rows carry the samples joined by the component separator; attribute rows carry the sample
// rate, the resolution and the INOP code (monitor-protocols.md §1.4). An attribute row belongs to
// the NA row whose OBX-4 sub-id its own extends (IHE PCD-01), wherever it stands in the message.

const MAX_HZ = 2000; // the wire contract's limit (WaveformMessageSchema.hz)
const ECG_LEADS: ReadonlySet<WaveformLead> = new Set(['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']);

export type AttrKind = 'rate' | 'period' | 'resolution' | 'inop';

// MDC_DIM_HZ, MDC_DIM_PER_SEC and their UCUM forms
const RATE_UNIT_CODES: ReadonlySet<string> = new Set(['264640', '264608']);
const RATE_UNIT_NAMES: ReadonlySet<string> = new Set(['MDC_DIM_HZ', 'MDC_DIM_PER_SEC', 'HZ', '/S']);

/**
 * What a waveform attribute row says, or null when it is none. `facet`: the row's OBX-4 ties it
 * to a waveform; then a value in Hz (or per second) is the sample rate whatever OBX-3 says, since
 * 11073-10101 has no code for it (Mindray sends 0^MDC_ATTR_SAMP_RATE, others a code alone).
 */
export function attributeKind(row: ObxRow, context: { facet: boolean } = { facet: false }): AttrKind | null {
  const name = row.name.toUpperCase();
  if (ATTR_SAMPLE_RATE_NAMES.has(name)) return 'rate';
  if (context.facet && isRateUnit(row)) return 'rate';
  if (name === ATTR_SAMPLE_PERIOD_NAME || row.mdc === ATTR_SAMPLE_PERIOD_MDC) return 'period';
  if (name === ATTR_RESOLUTION_NAME || row.mdc === ATTR_RESOLUTION_MDC) return 'resolution';
  if (name === EVT_INOP_NAME || row.mdc === EVT_INOP_MDC) return 'inop';
  return null;
}

function isRateUnit(row: ObxRow): boolean {
  return RATE_UNIT_CODES.has(row.seg.component(6, 1)) || RATE_UNIT_NAMES.has(row.seg.component(6, 2).toUpperCase()) || RATE_UNIT_NAMES.has(row.seg.component(6, 1).toUpperCase());
}

interface Pending {
  row: ObxRow;
  mdc: number;
  lead: WaveformLead;
  hz: number | null;
  resolution: number | null;
  unit: string | null;
}

/** An NA row opens a channel; its attribute rows fill it in. */
export function startChannel(row: ObxRow): Pending | Hl7Ignored {
  const lead = row.mdc === null ? undefined : WAVEFORM_LEAD_BY_MDC.get(row.mdc);
  if (row.mdc === null || lead === undefined) return { mdc: row.mdc, reason: `not a tracked waveform: ${describeCode(row)}` };
  return { row, mdc: row.mdc, lead, hz: null, resolution: null, unit: null };
}

export function applyAttribute(ch: Pending, kind: AttrKind, row: ObxRow): void {
  const n = readNumericValue(row.valueType === '' ? { ...row, valueType: 'NM' } : row);
  if (!n.ok || !Number.isFinite(n.value) || n.value <= 0) return;
  const unitCode = row.seg.component(6, 1);
  const unitName = row.seg.component(6, 2).toUpperCase();
  switch (kind) {
    case 'rate':
      ch.hz = n.value;
      break;
    case 'period': {
      // MDC_DIM_SEC 264320, MDC_DIM_MILLI_SEC 264338
      if (unitCode === '264338' || unitName === 'MDC_DIM_MILLI_SEC') ch.hz = 1000 / n.value;
      else if (unitCode === '264320' || unitName === 'MDC_DIM_SEC') ch.hz = 1 / n.value;
      break;
    }
    case 'resolution':
      if (unitCode === '266419' || unitName === 'MDC_DIM_MICRO_VOLT') {
        ch.resolution = n.value / 1000;
        ch.unit = 'mV';
      } else {
        ch.resolution = n.value;
        ch.unit = unitOf(unitCode, unitName);
      }
      break;
    case 'inop':
      break;
    default:
      break;
  }
}

function unitOf(code: string, name: string): string | null {
  if (code === '266418' || name === 'MDC_DIM_MILLI_VOLT') return 'mV';
  if (code === '262656' || name === 'MDC_DIM_DIMLESS') return '1';
  if (code === '266016' || name === 'MDC_DIM_MMHG') return 'mm[Hg]';
  if (code === '262688' || name === 'MDC_DIM_PERCENT') return '%';
  return null;
}

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** Completes a channel: samples to Int16 counts, 32767 for anything unusable. */
export function finishChannel(ch: Pending, windowSec: number | null): Hl7WaveformChannel | Hl7Ignored {
  const texts = ch.row.seg
    .repetitions(5)
    .flatMap((rep) => rep.split(ch.row.seg.sep.component))
    .map((t) => t.trim());
  const count = texts.length;
  let hz = ch.hz;
  if (hz === null && windowSec !== null && windowSec > 0 && count > 0) {
    // no rate row: derive it from the OBR-7..OBR-8 window
    hz = Math.round((count / windowSec) * 100) / 100;
  }
  if (hz === null) return { mdc: ch.mdc, reason: `no sample rate for waveform ${ch.lead}` };
  if (!(hz > 0 && hz <= MAX_HZ)) return { mdc: ch.mdc, reason: `sample rate ${hz} Hz out of range for ${ch.lead}` };
  const isEcg = ECG_LEADS.has(ch.lead);
  const physical = texts.some((t) => DECIMAL.test(t) && !INTEGER.test(t));
  // Decimal samples are physical values: turn them into counts at the given (or a default) resolution.
  const resolution = ch.resolution ?? (physical ? (isEcg ? 0.001 : 0.01) : 1);
  const samples = new Int16Array(count);
  let invalid = 0;
  for (let i = 0; i < count; i++) {
    const t = texts[i]!;
    let v = DECIMAL.test(t) ? Number(t) : NaN;
    if (physical && Number.isFinite(v)) v = Math.round(v / resolution);
    if (!Number.isInteger(v) || v < -32768 || v >= INVALID_SAMPLE) {
      samples[i] = INVALID_SAMPLE;
      invalid++;
    } else {
      samples[i] = v;
    }
  }
  return {
    lead: ch.lead,
    mdc: ch.mdc,
    hz,
    resolution,
    unit: ch.unit ?? (isEcg ? 'mV' : '1'),
    samples,
    invalidSampleCount: invalid,
  };
}

export const isChannel = (x: Hl7WaveformChannel | Hl7Ignored): x is Hl7WaveformChannel => 'samples' in x;
export const isPending = (x: Pending | Hl7Ignored): x is Pending => 'lead' in x;
export type { Pending };
