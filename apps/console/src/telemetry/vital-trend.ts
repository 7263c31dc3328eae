import type { SampleFlag, VitalCode, VitalRow, VitalSource, VitalsSampledEvent } from '@feijiu/contracts';

// Per-vehicle numerics, one stream per (monitor, code, channel): the latest reading and a
// 15-minute trend of each. Two monitors on one stretcher, or one monitor's two SpO2 probes, are
// never interleaved into one line. History rows and live events go through the same door; late
// samples land in the trend at their measured time and replace the shown value only when they
// are newer than it.

export const TREND_WINDOW_MS = 15 * 60_000;
/** A stream this much older than the freshest of its code is not the one a tile shows. */
export const STREAM_FRESH_MS = 60_000;

export interface VitalReading {
  monitorId: string;
  code: VitalCode;
  /** The monitor's sub-id of the measurement (HL7 OBX-4), null when the gateway sent none. */
  channel: string | null;
  /** PR: where the pulse was counted, when known. */
  source: VitalSource | null;
  value: number;
  unit: string;
  measuredAtMs: number;
  flags: readonly SampleFlag[];
}

export interface TrendPoint {
  tMs: number;
  value: number;
  late: boolean;
  demo: boolean;
}

export interface VitalStream {
  readonly monitorId: string;
  readonly code: VitalCode;
  readonly channel: string | null;
  latest: VitalReading;
  series: TrendPoint[];
}

/** An observation this much older than the freshest one in the same message is the late one. */
const LATE_SPREAD_MS = 1000;

/**
 * The event's flags are the union over its observations, so 'late' may belong to one old value
 * (an NIBP carried along with its original time) and not to the fresh HR beside it: only the
 * observations measured well before the freshest one keep it.
 */
export function readingsFromEvent(event: VitalsSampledEvent): VitalReading[] {
  const measured = event.obs.map((o) => Date.parse(o.measuredAt));
  const freshestMs = Math.max(...measured);
  const allSameAge = measured.every((ms) => freshestMs - ms < LATE_SPREAD_MS);
  const withoutLate = event.flags.filter((f) => f !== 'late');
  return event.obs.map((o, i) => {
    const late = event.flags.includes('late') && (allSameAge || freshestMs - measured[i]! >= LATE_SPREAD_MS);
    return {
      monitorId: event.monitorId,
      code: o.code,
      channel: o.channel ?? null,
      source: o.source ?? null,
      value: o.value,
      unit: o.unit,
      measuredAtMs: measured[i]!,
      flags: late ? event.flags : withoutLate,
    };
  });
}

export function readingFromRow(row: VitalRow): VitalReading {
  return {
    monitorId: row.monitorId,
    code: row.code,
    channel: row.channel ?? null,
    source: row.source ?? null,
    value: row.value,
    unit: row.unit,
    measuredAtMs: Date.parse(row.measuredAt),
    flags: row.flags,
  };
}

const isDemo = (r: VitalReading): boolean => r.flags.includes('demo');

// A stable order (monitor, then channel; no channel first), so the shown stream does not flip
// between two that report at the same moment.
function compareStreams(a: VitalStream, b: VitalStream): number {
  if (a.monitorId !== b.monitorId) return a.monitorId < b.monitorId ? -1 : 1;
  if (a.channel === b.channel) return 0;
  if (a.channel === null) return -1;
  if (b.channel === null) return 1;
  return a.channel < b.channel ? -1 : 1;
}

/**
 * The stream a tile shows for a code: one that is current (within a minute of the freshest), a
 * real patient's before demo data, then the first in the stable order.
 */
export function primaryStream(streams: readonly VitalStream[]): VitalStream | null {
  if (streams.length === 0) return null;
  const freshestMs = Math.max(...streams.map((s) => s.latest.measuredAtMs));
  const rank = (s: VitalStream) => (freshestMs - s.latest.measuredAtMs > STREAM_FRESH_MS ? 2 : 0) + (isDemo(s.latest) ? 1 : 0);
  return [...streams].sort((a, b) => rank(a) - rank(b) || compareStreams(a, b))[0]!;
}

export class VitalTrends {
  private readonly streamsByKey = new Map<string, VitalStream>();

  /** Every stream of a code, in the stable order. */
  streams(code: VitalCode): VitalStream[] {
    return [...this.streamsByKey.values()].filter((s) => s.code === code).sort(compareStreams);
  }

  /** The shown stream's newest reading. */
  latest(code: VitalCode): VitalReading | null {
    return primaryStream(this.streams(code))?.latest ?? null;
  }

  /** The shown stream's trend. */
  series(code: VitalCode): readonly TrendPoint[] {
    return primaryStream(this.streams(code))?.series ?? [];
  }

  add(reading: VitalReading): void {
    if (!Number.isFinite(reading.value) || !Number.isFinite(reading.measuredAtMs)) return;
    const key = JSON.stringify([reading.monitorId, reading.code, reading.channel]);
    let stream = this.streamsByKey.get(key);
    if (!stream) {
      stream = { monitorId: reading.monitorId, code: reading.code, channel: reading.channel, latest: reading, series: [] };
      this.streamsByKey.set(key, stream);
    } else if (reading.measuredAtMs >= stream.latest.measuredAtMs) {
      stream.latest = reading;
    }

    const { series } = stream;
    const point: TrendPoint = { tMs: reading.measuredAtMs, value: reading.value, late: reading.flags.includes('late'), demo: isDemo(reading) };
    let at = series.length;
    while (at > 0 && series[at - 1]!.tMs > point.tMs) at--;
    // The same sample from the history and the live stream: keep one.
    if (at > 0 && series[at - 1]!.tMs === point.tMs) series[at - 1] = point;
    else series.splice(at, 0, point);
  }

  /** Drops trend points older than the window before `nowMs`. */
  trim(nowMs: number): void {
    const horizon = nowMs - TREND_WINDOW_MS;
    for (const stream of this.streamsByKey.values()) {
      const first = stream.series.findIndex((p) => p.tMs >= horizon);
      stream.series = first < 0 ? [] : stream.series.slice(first);
    }
  }
}
