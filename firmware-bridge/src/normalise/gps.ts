import type { GpsMessage } from '@feijiu/contracts';
import { toUtcIso } from './time';

// NMEA sentences → `gps` payloads (without seq). A receiver sends RMC, GGA and VTG for the same
// epoch in a vendor-specific order, so sentences are merged per UTC second and the second is
// published once the next one starts (or the stream goes quiet): at most one position per
// second, whatever the receiver's rate. A second with an invalid fix (RMC status V, GGA
// quality 0) or no position is not published, only counted. VTG carries no time and joins the
// second in progress.

export type GpsBody = Omit<GpsMessage, 'seq'>;
type GpsFixKind = NonNullable<GpsMessage['fix']>;

/** RMC or GGA, structurally the parser's `fix` event. */
export interface FixInput {
  sentence: string;
  ts: string | null;
  lat: number | null;
  lon: number | null;
  speedMps?: number | null;
  headingDeg?: number | null;
  fix?: string | null;
  hdop?: number | null;
  valid: boolean;
}

/** VTG, structurally the parser's `course` event. */
export interface CourseInput {
  speedMps?: number | null;
  headingDeg?: number | null;
}

export interface GpsMergerOptions {
  emit: (body: GpsBody) => void;
  onInvalid: (reason: 'invalid fix' | 'no position') => void;
  now: () => Date;
}

interface Epoch {
  second: number | null;
  ts: string | null;
  lat: number | null;
  lon: number | null;
  speedMps: number | null;
  headingDeg: number | null;
  fix: GpsFixKind | null;
  hdop: number | null;
  invalid: boolean;
}

const FIX_KINDS: ReadonlySet<string> = new Set<GpsFixKind>(['none', 'gps', 'dgps', 'estimated']);
const MAX_SPEED_MPS = 100;
const MAX_HDOP = 99.9;

export class GpsMerger {
  private epoch: Epoch | null = null;
  private lastEmittedSecond = -Infinity;

  constructor(private readonly options: GpsMergerOptions) {}

  pushFix(input: FixInput): void {
    // a receiver that never sent a date (GGA only) has no instant: its epochs go by the gateway clock
    const ts = toUtcIso(input.ts) ?? this.options.now().toISOString();
    const second = Math.floor(Date.parse(ts) / 1000);
    // a sentence of a new second closes the previous one
    if (this.epoch?.second != null && second !== this.epoch.second) this.flush();
    const epoch = (this.epoch ??= emptyEpoch());
    if (epoch.second === null) {
      epoch.second = second;
      epoch.ts = ts;
    }
    if (!input.valid) epoch.invalid = true;
    if (isFiniteNumber(input.lat) && isFiniteNumber(input.lon)) {
      epoch.lat = input.lat;
      epoch.lon = input.lon;
    }
    this.mergeCourse(epoch, input);
    if (typeof input.fix === 'string' && FIX_KINDS.has(input.fix)) epoch.fix = input.fix as GpsFixKind;
    if (isFiniteNumber(input.hdop) && input.hdop >= 0 && input.hdop <= MAX_HDOP) epoch.hdop = input.hdop;
  }

  pushCourse(input: CourseInput): void {
    this.mergeCourse((this.epoch ??= emptyEpoch()), input);
  }

  /** Publishes the pending second (called when the stream goes quiet, on disconnect and on stop). */
  flush(): void {
    const epoch = this.epoch;
    this.epoch = null;
    if (!epoch) return;
    if (epoch.invalid) return this.options.onInvalid('invalid fix');
    if (epoch.lat === null || epoch.lon === null) return this.options.onInvalid('no position');
    const now = this.options.now();
    const second = epoch.second ?? Math.floor(now.getTime() / 1000);
    // the receiver's clock went back, or a second was already sent: keep one per second, in order
    if (second <= this.lastEmittedSecond) return;
    this.lastEmittedSecond = second;
    this.options.emit({
      ts: epoch.ts ?? now.toISOString(),
      lat: epoch.lat,
      lon: epoch.lon,
      ...(epoch.speedMps !== null && { speedMps: epoch.speedMps }),
      ...(epoch.headingDeg !== null && { headingDeg: epoch.headingDeg }),
      ...(epoch.fix !== null && { fix: epoch.fix }),
      ...(epoch.hdop !== null && { hdop: epoch.hdop }),
    });
  }

  private mergeCourse(epoch: Epoch, input: CourseInput): void {
    if (isFiniteNumber(input.speedMps) && input.speedMps >= 0 && input.speedMps <= MAX_SPEED_MPS) {
      epoch.speedMps = input.speedMps;
    }
    if (isFiniteNumber(input.headingDeg)) epoch.headingDeg = ((input.headingDeg % 360) + 360) % 360;
  }
}

function emptyEpoch(): Epoch {
  return { second: null, ts: null, lat: null, lon: null, speedMps: null, headingDeg: null, fix: null, hdop: null, invalid: false };
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
