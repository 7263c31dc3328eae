import { createGaussian } from '../random';
import type { StTerritory } from './ecg-synthesizer';

// Clinical scenarios as pure state machines on an injected clock: each vital sign follows the
// scenario's trend plus a mean-reverting random drift (Ornstein–Uhlenbeck), clamped to the
// scenario's band; NIBP is aperiodic, a cuff cycle every few minutes whose reading carries its
// own measurement time. `timeScale` runs the physiology faster than the clock (the simulator's
// speed-up) while every timestamp stays on the clock.
// Figures: shared/reference/clinical.md (shock index > 1 in haemorrhage, STEMI, stroke BP).

export const SCENARIO_KINDS = ['normal', 'stemi', 'stroke', 'haemorrhagic_shock'] as const;
export type ScenarioKind = (typeof SCENARIO_KINDS)[number];

export interface NibpReading {
  systolicMmHg: number;
  diastolicMmHg: number;
  meanMmHg: number;
  measuredAtMs: number;
}

export interface PhysiologySnapshot {
  atMs: number;
  heartRateBpm: number;
  pulseRateBpm: number;
  spo2Pct: number;
  respRateBpm: number;
  tempC: number;
  etco2MmHg: number;
  st: StTerritory;
  /** The latest cuff reading, null until the first cycle has finished. */
  nibp: NibpReading | null;
}

export interface PatientScenarioOptions {
  kind: ScenarioKind;
  startMs: number;
  random: () => number;
  /** Simulated seconds of physiology per clock second. */
  timeScale?: number;
  /** STEMI territory; inferior by default. */
  stemiTerritory?: Exclude<StTerritory, 'none'>;
}

type Signal = 'heartRateBpm' | 'spo2Pct' | 'respRateBpm' | 'tempC' | 'etco2MmHg';
const SIGNALS: readonly Signal[] = ['heartRateBpm', 'spo2Pct', 'respRateBpm', 'tempC', 'etco2MmHg'];

interface Band {
  /** The trend: where the value should be after `elapsedS` of the scenario. */
  target: (elapsedS: number) => number;
  /** Drift around the trend: standard deviation and correlation time (s). */
  sigma: number;
  tauS: number;
  /** Hard limits of the band, absolute or relative to the trend. */
  min: (elapsedS: number) => number;
  max: (elapsedS: number) => number;
}

interface ScenarioDefinition {
  bands: Record<Signal, Band>;
  systolic: (elapsedS: number) => number;
  diastolic: (elapsedS: number) => number;
  nibpNoiseMmHg: number;
  nibpLimits: { systolic: [number, number]; diastolic: [number, number] };
  /** Seconds between cuff cycles. */
  nibpEveryS: number;
}

const constant = (v: number) => () => v;
const band = (target: number, sigma: number, min: number, max: number, tauS = 90): Band => ({
  target: constant(target),
  sigma,
  tauS,
  min: constant(min),
  max: constant(max),
});
const trend = (target: (s: number) => number, sigma: number, halfWidth: number, tauS = 60): Band => ({
  target,
  sigma,
  tauS,
  min: (s) => target(s) - halfWidth,
  max: (s) => target(s) + halfWidth,
});
/** 0 at the start of the scenario, 1 after `overS`. */
const progress = (elapsedS: number, overS: number) => Math.min(1, Math.max(0, elapsedS / overS));

const SHOCK_OVER_S = 20 * 60;
const STEMI_OVER_S = 30 * 60;

const DEFINITIONS: Readonly<Record<ScenarioKind, ScenarioDefinition>> = {
  normal: {
    bands: {
      heartRateBpm: band(77, 3, 70, 85, 60),
      spo2Pct: band(98, 0.6, 97, 99),
      respRateBpm: band(15, 0.6, 14, 16),
      tempC: band(36.8, 0.08, 36.6, 37.0, 600),
      etco2MmHg: band(37.5, 1.2, 35, 40),
    },
    systolic: constant(125),
    diastolic: constant(80),
    nibpNoiseMmHg: 4,
    nibpLimits: { systolic: [115, 135], diastolic: [72, 88] },
    nibpEveryS: 300,
  },
  stemi: {
    bands: {
      heartRateBpm: trend((s) => 112 + 4 * progress(s, STEMI_OVER_S), 3, 7),
      spo2Pct: band(95, 0.6, 94, 96),
      respRateBpm: band(20, 1, 18, 23),
      tempC: band(36.8, 0.08, 36.6, 37.0, 600),
      etco2MmHg: band(34, 1.2, 31, 38),
    },
    // 140/90 at first contact, falling slightly as the infarct evolves
    systolic: (s) => 140 - 12 * progress(s, STEMI_OVER_S),
    diastolic: (s) => 90 - 6 * progress(s, STEMI_OVER_S),
    nibpNoiseMmHg: 3,
    nibpLimits: { systolic: [120, 150], diastolic: [78, 96] },
    nibpEveryS: 300,
  },
  stroke: {
    bands: {
      heartRateBpm: band(87, 2.5, 80, 95, 60),
      spo2Pct: band(96.5, 0.6, 95, 98),
      respRateBpm: band(17, 0.8, 15, 20),
      tempC: band(37.0, 0.08, 36.7, 37.3, 600),
      etco2MmHg: band(36, 1.2, 33, 40),
    },
    systolic: constant(197),
    diastolic: constant(108),
    nibpNoiseMmHg: 5,
    nibpLimits: { systolic: [185, 210], diastolic: [100, 115] },
    nibpEveryS: 180,
  },
  // HR 110 → 145 and SBP 100 → 70 over 20 minutes: the shock index starts above 1 and climbs
  haemorrhagic_shock: {
    bands: {
      heartRateBpm: trend((s) => 110 + 35 * progress(s, SHOCK_OVER_S), 1.5, 3.5, 30),
      spo2Pct: trend((s) => 96 - 5 * progress(s, SHOCK_OVER_S), 0.5, 1.5),
      respRateBpm: trend((s) => 22 + 8 * progress(s, SHOCK_OVER_S), 0.8, 2),
      tempC: trend((s) => 36.4 - 0.5 * progress(s, SHOCK_OVER_S), 0.05, 0.2, 600),
      etco2MmHg: trend((s) => 32 - 8 * progress(s, SHOCK_OVER_S), 1, 3),
    },
    systolic: (s) => 100 - 30 * progress(s, SHOCK_OVER_S),
    diastolic: (s) => 62 - 17 * progress(s, SHOCK_OVER_S),
    nibpNoiseMmHg: 2,
    nibpLimits: { systolic: [60, 104], diastolic: [40, 66] },
    nibpEveryS: 180,
  },
};

// the crew puts the cuff on soon after attaching the monitor
const FIRST_NIBP_AFTER_S: [number, number] = [20, 45];
const NIBP_JITTER_S = 20;

export class PatientScenario {
  private readonly definition: ScenarioDefinition;
  private readonly timeScale: number;
  private readonly st: StTerritory;
  private readonly drift: Record<Signal, number>;
  private lastMs: number;
  private nextNibpAtMs: number;
  private nibp: NibpReading | null = null;
  private readonly gaussian: () => number;

  constructor(private readonly options: PatientScenarioOptions) {
    this.gaussian = createGaussian(options.random);
    this.definition = DEFINITIONS[options.kind];
    this.timeScale = options.timeScale ?? 1;
    this.st = options.kind === 'stemi' ? (options.stemiTerritory ?? 'inferior') : 'none';
    this.lastMs = options.startMs;
    this.drift = Object.fromEntries(SIGNALS.map((s) => [s, this.gaussian() * this.definition.bands[s].sigma * 0.5])) as Record<
      Signal,
      number
    >;
    const [lo, hi] = FIRST_NIBP_AFTER_S;
    this.nextNibpAtMs = options.startMs + this.toClockMs(lo + options.random() * (hi - lo));
  }

  get kind(): ScenarioKind {
    return this.options.kind;
  }

  /** Moves the patient on to `nowMs` (never backwards) and returns what a monitor would show. */
  advance(nowMs: number): PhysiologySnapshot {
    const atMs = Math.max(nowMs, this.lastMs);
    const dtS = ((atMs - this.lastMs) / 1000) * this.timeScale;
    this.lastMs = atMs;
    const elapsedS = this.elapsedS(atMs);
    for (const signal of SIGNALS) this.stepDrift(signal, dtS);
    while (this.nextNibpAtMs <= atMs) {
      this.nibp = this.measureNibp(this.nextNibpAtMs);
      const everyS = this.definition.nibpEveryS + (this.options.random() * 2 - 1) * NIBP_JITTER_S;
      this.nextNibpAtMs += this.toClockMs(everyS);
    }
    const heartRateBpm = this.valueOf('heartRateBpm', elapsedS);
    return {
      atMs,
      heartRateBpm,
      // the pleth pulse runs a beat or so from the ECG rate
      pulseRateBpm: heartRateBpm + (this.options.random() * 2 - 1),
      spo2Pct: this.valueOf('spo2Pct', elapsedS),
      respRateBpm: this.valueOf('respRateBpm', elapsedS),
      tempC: this.valueOf('tempC', elapsedS),
      etco2MmHg: this.valueOf('etco2MmHg', elapsedS),
      st: this.st,
      nibp: this.nibp,
    };
  }

  private elapsedS(atMs: number): number {
    return ((atMs - this.options.startMs) / 1000) * this.timeScale;
  }

  private toClockMs(simulatedS: number): number {
    return (simulatedS * 1000) / this.timeScale;
  }

  private valueOf(signal: Signal, elapsedS: number): number {
    const b = this.definition.bands[signal];
    return clamp(b.target(elapsedS) + this.drift[signal], b.min(elapsedS), b.max(elapsedS));
  }

  // exact Ornstein–Uhlenbeck step: mean-reverting to 0 with the band's sigma and tau
  private stepDrift(signal: Signal, dtS: number): void {
    if (dtS <= 0) return;
    const { sigma, tauS } = this.definition.bands[signal];
    const decay = Math.exp(-dtS / tauS);
    this.drift[signal] = this.drift[signal] * decay + sigma * Math.sqrt(1 - decay * decay) * this.gaussian();
  }

  private measureNibp(atMs: number): NibpReading {
    const d = this.definition;
    const elapsedS = this.elapsedS(atMs);
    const noise = () => (this.options.random() * 2 - 1) * d.nibpNoiseMmHg;
    const systolicMmHg = Math.round(clamp(d.systolic(elapsedS) + noise(), ...d.nibpLimits.systolic));
    const diastolicMmHg = Math.round(clamp(d.diastolic(elapsedS) + noise(), ...d.nibpLimits.diastolic));
    return {
      systolicMmHg,
      diastolicMmHg,
      meanMmHg: Math.round(diastolicMmHg + (systolicMmHg - diastolicMmHg) / 3),
      measuredAtMs: atMs,
    };
  }

}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** Whether a string names a scenario (for the CLI and config). */
export function isScenarioKind(value: string): value is ScenarioKind {
  return (SCENARIO_KINDS as readonly string[]).includes(value);
}
