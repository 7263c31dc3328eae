// How far behind (positive) or ahead (negative) of the core's clock a monitor's clock runs,
// learnt from its own stream, so that a monitor set 10 minutes slow is not taken for a link that
// delivers everything 10 minutes late (which would flag every live sample 'late' and freeze the
// ER board's ECG playhead), and a clock set ahead is recognised at once.
//
// For each sample, offset = receivedAt − measuredAt = network delay (≥ 0) + clock offset. So every
// sample bounds the clock offset from above: a lower offset always wins at once (a clock cannot
// be less ahead than a sample proves). A higher one is only believed from a live stream: several
// seconds of samples whose measured times advanced as fast as they arrived (a backlog drained
// after an outage arrives much faster than it was measured, and keeps its 'late').

export interface ClockOffsetOptions {
  /** Arrivals kept per stream to judge whether it is live. */
  windowMs: number;
  /** A live stream must have been watched this long (receive time) before a higher offset is believed. */
  minLiveSpanMs: number;
  /** …and show at least this many samples. */
  minLiveSamples: number;
  /** A higher offset below this much above the current one is jitter, not a clock. */
  raiseToleranceMs: number;
}

export const DEFAULT_CLOCK_OFFSET_OPTIONS: ClockOffsetOptions = {
  windowMs: 20_000,
  minLiveSpanMs: 10_000,
  minLiveSamples: 5,
  raiseToleranceMs: 2000,
};

interface Arrival {
  receivedAtMs: number;
  measuredAtMs: number;
}

interface Stream {
  offsetMs: number;
  recent: Arrival[];
}

export class ClockOffsets {
  private readonly streams = new Map<string, Stream>();

  constructor(private readonly options: ClockOffsetOptions = DEFAULT_CLOCK_OFFSET_OPTIONS) {}

  /** Notes a sample of one stream (a vehicle's monitor) and returns that clock's offset in ms. */
  observe(stream: string, measuredAtMs: number, receivedAtMs: number): number {
    if (!Number.isFinite(measuredAtMs) || !Number.isFinite(receivedAtMs)) return this.offsetOf(stream);
    let s = this.streams.get(stream);
    if (!s) {
      s = { offsetMs: 0, recent: [] };
      this.streams.set(stream, s);
    }
    const offsetMs = receivedAtMs - measuredAtMs;
    if (offsetMs < s.offsetMs) s.offsetMs = offsetMs;
    s.recent.push({ receivedAtMs, measuredAtMs });
    const horizonMs = receivedAtMs - this.options.windowMs;
    while (s.recent.length > 0 && s.recent[0]!.receivedAtMs < horizonMs) s.recent.shift();
    const liveOffsetMs = this.liveOffset(s.recent);
    if (liveOffsetMs !== null && liveOffsetMs > s.offsetMs + this.options.raiseToleranceMs) s.offsetMs = liveOffsetMs;
    return s.offsetMs;
  }

  offsetOf(stream: string): number {
    return this.streams.get(stream)?.offsetMs ?? 0;
  }

  /** The smallest offset of a window that looks live, or null when it does not (yet). */
  private liveOffset(recent: readonly Arrival[]): number | null {
    if (recent.length < this.options.minLiveSamples) return null;
    const first = recent[0]!;
    const last = recent[recent.length - 1]!;
    const receivedSpanMs = last.receivedAtMs - first.receivedAtMs;
    if (receivedSpanMs < this.options.minLiveSpanMs) return null;
    const measuredSpanMs = last.measuredAtMs - first.measuredAtMs;
    // measured time advanced like wall time (20 % and 2 s of slack for jitter and chunking)
    if (Math.abs(measuredSpanMs - receivedSpanMs) > receivedSpanMs * 0.2 + 2000) return null;
    return Math.min(...recent.map((a) => a.receivedAtMs - a.measuredAtMs));
  }
}
