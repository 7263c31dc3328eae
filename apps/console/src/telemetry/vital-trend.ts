import type { SampleFlag, VitalCode, VitalRow, VitalsSampledEvent } from '@feijiu/contracts';

// Per-vehicle numerics: the latest reading of each code and a 15-minute trend. History rows and
// live events go through the same door; late samples land in the trend at their measured time
// and replace the shown value only when they are newer than it.

export const TREND_WINDOW_MS = 15 * 60_000;

export interface VitalReading {
  code: VitalCode;
  value: number;
  unit: string;
  measuredAtMs: number;
  flags: readonly SampleFlag[];
}

export interface TrendPoint {
  tMs: number;
  value: number;
  late: boolean;
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
    return { code: o.code, value: o.value, unit: o.unit, measuredAtMs: measured[i]!, flags: late ? event.flags : withoutLate };
  });
}

export function readingFromRow(row: VitalRow): VitalReading {
  return { code: row.code, value: row.value, unit: row.unit, measuredAtMs: Date.parse(row.measuredAt), flags: row.flags };
}

export class VitalTrends {
  private readonly latestByCode = new Map<VitalCode, VitalReading>();
  private readonly seriesByCode = new Map<VitalCode, TrendPoint[]>();

  latest(code: VitalCode): VitalReading | null {
    return this.latestByCode.get(code) ?? null;
  }

  series(code: VitalCode): readonly TrendPoint[] {
    return this.seriesByCode.get(code) ?? [];
  }

  add(reading: VitalReading): void {
    if (!Number.isFinite(reading.value) || !Number.isFinite(reading.measuredAtMs)) return;
    const current = this.latestByCode.get(reading.code);
    if (!current || reading.measuredAtMs >= current.measuredAtMs) this.latestByCode.set(reading.code, reading);

    const series = this.seriesByCode.get(reading.code) ?? [];
    const point: TrendPoint = { tMs: reading.measuredAtMs, value: reading.value, late: reading.flags.includes('late') };
    let at = series.length;
    while (at > 0 && series[at - 1]!.tMs > point.tMs) at--;
    // The same sample from the history and the live stream: keep one.
    if (at > 0 && series[at - 1]!.tMs === point.tMs) series[at - 1] = point;
    else series.splice(at, 0, point);
    this.seriesByCode.set(reading.code, series);
  }

  /** Drops trend points older than the window before `nowMs`. */
  trim(nowMs: number): void {
    const horizon = nowMs - TREND_WINDOW_MS;
    for (const [code, series] of this.seriesByCode) {
      const first = series.findIndex((p) => p.tMs >= horizon);
      this.seriesByCode.set(code, first < 0 ? [] : series.slice(first));
    }
  }
}
