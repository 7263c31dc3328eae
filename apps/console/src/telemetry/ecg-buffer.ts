import type { WaveformLead } from '@feijiu/contracts';
import type { DecodedWaveform } from './ecg-decode';

// Decoded chunks of one vehicle's ECG, kept in sample-time order for a few seconds, and read
// back by time range. Late, duplicate and out-of-order chunks are fine; a hole between chunks
// simply has no samples (the drawer lifts the pen over it).

export interface EcgPoint {
  tMs: number;
  /** NaN for a gap sample. */
  mv: number;
}

interface StoredChunk {
  t0Ms: number;
  endMs: number;
  hz: number;
  mvByLead: ReadonlyMap<WaveformLead, Float32Array>;
  /** The monitor flagged this chunk as demo data. */
  demo: boolean;
}

export class EcgBuffer {
  private chunks: StoredChunk[] = [];

  constructor(private readonly retainMs = 20_000) {}

  /** Leads seen in the most recent chunk. */
  get leads(): WaveformLead[] {
    const last = this.chunks.at(-1);
    return last ? [...last.mvByLead.keys()] : [];
  }

  /** Sample rate of the most recent chunk. */
  get hz(): number | null {
    return this.chunks.at(-1)?.hz ?? null;
  }

  get latestEndMs(): number | null {
    return this.chunks.reduce<number | null>((max, c) => (max === null || c.endMs > max ? c.endMs : max), null);
  }

  push(chunk: DecodedWaveform, demo = false): void {
    if (chunk.samplesPerLead === 0 || !Number.isFinite(chunk.t0Ms)) return;
    const stored: StoredChunk = {
      t0Ms: chunk.t0Ms,
      endMs: chunk.t0Ms + (chunk.samplesPerLead * 1000) / chunk.hz,
      hz: chunk.hz,
      mvByLead: chunk.mvByLead,
      demo,
    };
    // A re-sent chunk (same start) replaces the first copy.
    const kept = this.chunks.filter((c) => c.t0Ms !== stored.t0Ms);
    const at = kept.findIndex((c) => c.t0Ms > stored.t0Ms);
    if (at < 0) kept.push(stored);
    else kept.splice(at, 0, stored);
    const horizonMs = (this.latestOf(kept) ?? stored.endMs) - this.retainMs;
    this.chunks = kept.filter((c) => c.endMs >= horizonMs);
  }

  /** Samples of `lead` with fromMs < t ≤ toMs, in time order. */
  read(lead: WaveformLead, fromMs: number, toMs: number): EcgPoint[] {
    const points: EcgPoint[] = [];
    for (const chunk of this.chunks) {
      if (chunk.endMs <= fromMs || chunk.t0Ms > toMs) continue;
      const mv = chunk.mvByLead.get(lead);
      if (!mv) continue;
      const periodMs = 1000 / chunk.hz;
      const first = Math.max(0, Math.floor((fromMs - chunk.t0Ms) / periodMs));
      for (let i = first; i < mv.length; i++) {
        const tMs = chunk.t0Ms + i * periodMs;
        if (tMs > toMs) break;
        // Overlapping chunks: keep time moving forward.
        if (tMs <= fromMs || (points.length > 0 && tMs <= points[points.length - 1]!.tMs)) continue;
        points.push({ tMs, mv: mv[i]! });
      }
    }
    return points;
  }

  /** Whether any chunk with samples in fromMs < t ≤ toMs is demo data (the strip on screen says so). */
  isDemoBetween(fromMs: number, toMs: number): boolean {
    return this.chunks.some((c) => c.demo && c.endMs > fromMs && c.t0Ms <= toMs);
  }

  clear(): void {
    this.chunks = [];
  }

  private latestOf(chunks: readonly StoredChunk[]): number | null {
    return chunks.reduce<number | null>((max, c) => (max === null || c.endMs > max ? c.endMs : max), null);
  }
}

/**
 * Maps the browser's clock to the monitor's sample time, one jitter-buffer delay behind the
 * freshest data. The offset is the best (largest) "chunk end − arrival" seen in a sliding
 * window: chunks that arrive up to `delayMs` later than the fastest one still play on time, and
 * slow clock drift is followed as old observations leave the window.
 */
export class PlaybackClock {
  private observations: { wallMs: number; offsetMs: number }[] = [];
  private offsetMs: number | null = null;

  constructor(
    readonly delayMs = 1000,
    private readonly windowMs = 10_000,
    /** A jump larger than this (monitor clock reset, long outage) re-anchors at once. */
    private readonly resyncMs = 3000,
  ) {}

  observe(chunkEndMs: number, arrivedWallMs: number): void {
    const candidate = chunkEndMs - arrivedWallMs;
    if (this.offsetMs !== null && Math.abs(candidate - this.offsetMs) > this.resyncMs) this.observations = [];
    this.observations.push({ wallMs: arrivedWallMs, offsetMs: candidate });
    this.observations = this.observations.filter((o) => o.wallMs > arrivedWallMs - this.windowMs);
    this.offsetMs = Math.max(...this.observations.map((o) => o.offsetMs));
  }

  /** The sample time to draw at `wallMs`; null before the first chunk. */
  playheadMs(wallMs: number): number | null {
    return this.offsetMs === null ? null : wallMs + this.offsetMs - this.delayMs;
  }

  reset(): void {
    this.observations = [];
    this.offsetMs = null;
  }
}
