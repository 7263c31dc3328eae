import { VITAL_SIGNS, type VitalCode, type VitalSource } from '@feijiu/contracts';
import { primaryStream, STREAM_FRESH_MS, type TrendPoint, type VitalReading, type VitalStream, type VitalTrends } from './vital-trend';

// How the ER board shows a numeric: the tiles, their value text and the age of a reading.

export type VitalTileId = 'HR' | 'SPO2' | 'NIBP' | 'IBP' | 'RR' | 'TEMP' | 'ETCO2';

export interface VitalTileSpec {
  id: VitalTileId;
  /** One code, or systolic then diastolic. */
  codes: readonly VitalCode[];
  colour: string;
  /** Shown only when a monitor sends it (few ambulances carry an arterial line). */
  optional?: boolean;
  /** Shown, under its own label, when the first code has no current reading. */
  fallback?: VitalCode;
}

// Monitor colours, darkened for a light card.
export const VITAL_TILES: readonly VitalTileSpec[] = [
  // the ECG heart rate; the pulse rate (SpO2 pleth, NIBP) when the monitor counts no ECG rate, or
  // when only the pulse rate is a real patient's
  { id: 'HR', codes: ['HR'], fallback: 'PR', colour: '#15803d' },
  { id: 'SPO2', codes: ['SPO2'], colour: '#0e7490' },
  { id: 'NIBP', codes: ['NIBP_SYS', 'NIBP_DIA'], colour: '#b91c1c' },
  { id: 'IBP', codes: ['IBP_SYS', 'IBP_DIA'], colour: '#be123c', optional: true },
  { id: 'RR', codes: ['RR'], colour: '#a16207' },
  { id: 'TEMP', codes: ['TEMP'], colour: '#7c3aed' },
  { id: 'ETCO2', codes: ['ETCO2'], colour: '#ca8a04' },
];

/** What one tile shows: the readings of one monitor (never two monitors' halves of a pressure). */
export interface VitalTileModel {
  id: VitalTileId;
  /** i18n key under er.vital: the tile's own, or PR when the pulse rate stands in for the heart rate. */
  label: VitalTileId | 'PR';
  /** PR: where the pulse was counted, when the monitor says. */
  source: VitalSource | null;
  colour: string;
  /** The vital-sign table's display unit (bpm, mmHg, °C), not the wire's UCUM code. */
  unit: string;
  values: { code: VitalCode; reading: VitalReading | null }[];
  series: (readonly TrendPoint[])[];
  newestMs: number | null;
  late: boolean;
  /** A shown reading is demo data. */
  demo: boolean;
  /** The monitor (and channel) the values come from. */
  origin: string | null;
}

/** The card's tiles from a vehicle's trends, optional ones only when there is something to show. */
export function vitalTiles(trends: VitalTrends): VitalTileModel[] {
  return VITAL_TILES.flatMap((spec) => {
    const tile = tileOf(spec, trends);
    return spec.optional && tile.newestMs === null ? [] : [tile];
  });
}

function tileOf(spec: VitalTileSpec, trends: VitalTrends): VitalTileModel {
  const [firstCode, secondCode] = spec.codes as [VitalCode, VitalCode | undefined];
  let codes = spec.codes;
  let first = primaryStream(trends.streams(firstCode));
  if (spec.fallback) {
    const fallback = primaryStream(trends.streams(spec.fallback));
    if (fallback && (!first || standsIn(fallback, first))) {
      first = fallback;
      codes = [spec.fallback];
    }
  }
  const second = secondCode === undefined ? null : first ? pairOf(trends.streams(secondCode), first) : primaryStream(trends.streams(secondCode));
  const streams = secondCode === undefined ? [first] : [first, second];
  const readings = streams.map((s) => s?.latest ?? null);
  const shown = readings.filter((r): r is VitalReading => r !== null);
  const origin = shown[0] ? [shown[0].monitorId, shown[0].channel].filter(Boolean).join(' · ') : null;
  return {
    id: spec.id,
    label: codes[0] === 'PR' ? 'PR' : spec.id,
    source: codes[0] === 'PR' ? (first?.latest.source ?? null) : null,
    colour: spec.colour,
    unit: VITAL_SIGNS[codes[0]!].displayUnit,
    values: codes.map((code, i) => ({ code, reading: readings[i] ?? null })),
    series: streams.map((s) => s?.series ?? []),
    newestMs: shown.length === 0 ? null : Math.max(...shown.map((r) => r.measuredAtMs)),
    late: shown.some((r) => r.flags.includes('late')),
    demo: shown.some(isDemo),
    origin,
  };
}

// Whether the fallback (the pulse rate) is shown instead of the tile's own code (the ECG heart
// rate): when the heart rate stopped a minute before it (leads off), or when both are current and
// only the pulse rate is a real patient's (a demo monitor's number never hides a real one).
function standsIn(fallback: VitalStream, own: VitalStream): boolean {
  const aheadMs = fallback.latest.measuredAtMs - own.latest.measuredAtMs;
  if (aheadMs > STREAM_FRESH_MS) return true;
  if (-aheadMs > STREAM_FRESH_MS) return false;
  return isDemo(own.latest) && !isDemo(fallback.latest);
}

const isDemo = (r: VitalReading): boolean => r.flags.includes('demo');

// The diastolic that belongs to a systolic: from the same monitor, its channel first (OBX-4
// mds.vmd.channel, the metric's own id dropped), else the one measured closest in time.
function pairOf(candidates: readonly VitalStream[], anchor: VitalStream): VitalStream | null {
  const sameMonitor = candidates.filter((s) => s.monitorId === anchor.monitorId);
  const sameChannel = sameMonitor.filter((s) => channelGroup(s.channel) === channelGroup(anchor.channel));
  const pool = sameChannel.length > 0 ? sameChannel : sameMonitor;
  const distance = (s: VitalStream) => Math.abs(s.latest.measuredAtMs - anchor.latest.measuredAtMs);
  return [...pool].sort((a, b) => distance(a) - distance(b))[0] ?? null;
}

function channelGroup(channel: string | null): string | null {
  if (channel === null) return null;
  const cut = channel.lastIndexOf('.');
  return cut < 0 ? channel : channel.slice(0, cut);
}

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
