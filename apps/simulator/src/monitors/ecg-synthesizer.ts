import { ECG_LEADS } from '@feijiu/contracts';
import { createGaussian } from '../random';

// A synthetic 12-lead ECG: each beat is a sum of Gaussian waves (P, Q, R, S, T) per lead, with
// the RR interval driven by the heart rate plus a little beat-to-beat variability, baseline
// wander and noise. Leads I, II and V1–V6 are synthesised; III, aVR, aVL and aVF are derived
// from I and II by Einthoven's and Goldberger's relations, so the limb leads agree with each
// other as on a real recorder. ST elevation (STEMI) is a plateau from the J point merging into
// the T wave, in the territory's leads, with reciprocal depression where the vectors say so.
// Pure: deterministic for a given random source; no timers, no I/O.

export type EcgLead = (typeof ECG_LEADS)[number];
export type StTerritory = 'none' | 'inferior' | 'anterior';

export const ECG_SAMPLE_RATE_HZ = 500;

// Leads that are synthesised; the others are derived from I and II.
const INDEPENDENT_LEADS = ['I', 'II', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'] as const;
type IndependentLead = (typeof INDEPENDENT_LEADS)[number];

interface WaveAmplitudesMv {
  p: number;
  q: number;
  r: number;
  s: number;
  t: number;
}

// Typical adult amplitudes (mV): R progression across the precordium (rS in V1, qR in V6).
const TEMPLATES: Readonly<Record<IndependentLead, WaveAmplitudesMv>> = {
  I: { p: 0.08, q: -0.05, r: 0.6, s: -0.1, t: 0.2 },
  II: { p: 0.12, q: -0.08, r: 1.1, s: -0.2, t: 0.3 },
  V1: { p: 0.06, q: 0, r: 0.25, s: -0.9, t: 0.05 },
  V2: { p: 0.06, q: 0, r: 0.5, s: -1.2, t: 0.45 },
  V3: { p: 0.06, q: -0.02, r: 0.9, s: -0.8, t: 0.45 },
  V4: { p: 0.07, q: -0.05, r: 1.4, s: -0.5, t: 0.4 },
  V5: { p: 0.07, q: -0.08, r: 1.3, s: -0.25, t: 0.3 },
  V6: { p: 0.07, q: -0.08, r: 1.0, s: -0.1, t: 0.25 },
};

// ST deviation at the J point (mV) per territory. Inferior: II +0.25 and I −0.05 give III +0.30,
// aVF +0.275 and the reciprocal aVL −0.175. Anterior: V1–V4 elevated, reciprocal inferior.
const ST_DEVIATION_MV: Readonly<Record<StTerritory, Readonly<Record<IndependentLead, number>>>> = {
  none: { I: 0, II: 0, V1: 0, V2: 0, V3: 0, V4: 0, V5: 0, V6: 0 },
  inferior: { I: -0.05, II: 0.25, V1: 0, V2: -0.05, V3: 0, V4: 0, V5: 0.05, V6: 0.08 },
  anterior: { I: 0.1, II: -0.05, V1: 0.15, V2: 0.35, V3: 0.4, V4: 0.3, V5: 0.1, V6: 0 },
};

// Wave timing relative to the R peak (s); T scales with √RR (Bazett), the rest is fixed.
const P_OFFSET_S = -0.16;
const P_SIGMA_S = 0.022;
const Q_OFFSET_S = -0.028;
const Q_SIGMA_S = 0.007;
const R_SIGMA_S = 0.009;
const S_OFFSET_S = 0.028;
const S_SIGMA_S = 0.009;
const T_OFFSET_AT_1S_RR = 0.3;
const T_SIGMA_AT_1S_RR = 0.048;
/** The J point: end of the QRS. */
export const J_POINT_OFFSET_S = 0.045;
// a beat's waves lie within this window around its R peak
const BEAT_REACH_BEFORE_S = 0.3;
const BEAT_REACH_AFTER_S = 0.7;

export interface EcgSynthesizerOptions {
  random: () => number;
  hz?: number;
  /** White noise, mV standard deviation. */
  noiseMv?: number;
  /** Baseline wander amplitude, mV. */
  wanderMv?: number;
  /** Beat-to-beat RR variability, as a fraction of the RR interval (standard deviation). */
  rrVariability?: number;
}

/** What drives the next samples; may change between calls (it takes effect at the next beat). */
export interface EcgDrive {
  heartRateBpm: number;
  st: StTerritory;
}

interface Beat {
  rAtS: number;
  rrS: number;
  amplitudeScale: number;
  st: StTerritory;
}

interface Wander {
  amplitudeMv: number;
  hz: number;
  phase: number;
}

export class EcgSynthesizer {
  private readonly hz: number;
  private readonly noiseMv: number;
  private readonly rrVariability: number;
  private readonly wander: Record<IndependentLead, Wander[]>;
  private sampleIndex = 0;
  private beats: Beat[] = [];
  private readonly gaussian: () => number;

  constructor(private readonly options: EcgSynthesizerOptions) {
    this.gaussian = createGaussian(options.random);
    this.hz = options.hz ?? ECG_SAMPLE_RATE_HZ;
    this.noiseMv = options.noiseMv ?? 0.012;
    this.rrVariability = options.rrVariability ?? 0.025;
    const wanderMv = options.wanderMv ?? 0.05;
    const { random } = options;
    // breathing-rate and slower drifts, each lead with its own phase
    this.wander = Object.fromEntries(
      INDEPENDENT_LEADS.map((lead) => [
        lead,
        [
          { amplitudeMv: wanderMv, hz: 0.2 + random() * 0.1, phase: random() * 2 * Math.PI },
          { amplitudeMv: wanderMv * 0.5, hz: 0.05 + random() * 0.05, phase: random() * 2 * Math.PI },
        ],
      ]),
    ) as Record<IndependentLead, Wander[]>;
  }

  get sampleRateHz(): number {
    return this.hz;
  }

  /** Seconds since the first sample of the next call. */
  get positionS(): number {
    return this.sampleIndex / this.hz;
  }

  /**
   * The next `count` samples of the 12 leads in mV, in the contract's lead order (I, II, III,
   * aVR, aVL, aVF, V1–V6), continuing where the last call stopped.
   */
  next(count: number, drive: EcgDrive): Float64Array[] {
    const startS = this.sampleIndex / this.hz;
    const endS = (this.sampleIndex + count) / this.hz;
    this.scheduleBeats(endS + BEAT_REACH_BEFORE_S, drive);
    this.beats = this.beats.filter((b) => b.rAtS + BEAT_REACH_AFTER_S >= startS);

    const independent = Object.fromEntries(INDEPENDENT_LEADS.map((lead) => [lead, new Float64Array(count)])) as Record<
      IndependentLead,
      Float64Array
    >;
    for (let i = 0; i < count; i++) {
      const tS = (this.sampleIndex + i) / this.hz;
      for (const lead of INDEPENDENT_LEADS) independent[lead][i] = this.wanderAt(lead, tS) + this.noise();
      for (const beat of this.beats) {
        const dtS = tS - beat.rAtS;
        if (dtS < -BEAT_REACH_BEFORE_S || dtS > BEAT_REACH_AFTER_S) continue;
        for (const lead of INDEPENDENT_LEADS) independent[lead][i] += beatValueMv(lead, beat, dtS);
      }
    }
    this.sampleIndex += count;
    return deriveTwelveLeads(independent, count);
  }

  /** Moves on by `count` samples without producing them (after a stall, rather than bursting). */
  skip(count: number, drive: EcgDrive): void {
    this.sampleIndex += count;
    const nowS = this.sampleIndex / this.hz;
    this.beats = this.beats.filter((b) => b.rAtS + BEAT_REACH_AFTER_S >= nowS);
    if (this.beats.length === 0) this.beats.push(this.makeBeat(nowS, drive));
  }

  private scheduleBeats(untilS: number, drive: EcgDrive): void {
    if (this.beats.length === 0) {
      // the first beat falls somewhere in the first RR interval
      const rrS = this.nextRrS(drive);
      this.beats.push({ rAtS: this.positionS + this.options.random() * rrS, rrS, amplitudeScale: 1, st: drive.st });
    }
    let last = this.beats[this.beats.length - 1];
    while (last.rAtS < untilS) {
      last = this.makeBeat(last.rAtS, drive);
      this.beats.push(last);
    }
  }

  // A beat's RR is the interval since the previous beat, from the rate now (so a change of rate
  // shows from the next beat); its QT follows that RR.
  private makeBeat(previousRAtS: number, drive: EcgDrive): Beat {
    const rrS = this.nextRrS(drive);
    return { rAtS: previousRAtS + rrS, rrS, amplitudeScale: 1 + this.gaussian() * 0.02, st: drive.st };
  }

  private nextRrS(drive: EcgDrive): number {
    const meanRrS = 60 / clampRate(drive.heartRateBpm);
    return meanRrS * Math.min(1.15, Math.max(0.85, 1 + this.gaussian() * this.rrVariability));
  }

  private wanderAt(lead: IndependentLead, tS: number): number {
    let value = 0;
    for (const w of this.wander[lead]) value += w.amplitudeMv * Math.sin(2 * Math.PI * w.hz * tS + w.phase);
    return value;
  }

  private noise(): number {
    return this.noiseMv === 0 ? 0 : this.gaussian() * this.noiseMv;
  }

}

function clampRate(heartRateBpm: number): number {
  return Math.min(220, Math.max(20, heartRateBpm));
}

function gaussianWave(dtS: number, centreS: number, sigmaS: number): number {
  const z = (dtS - centreS) / sigmaS;
  return Math.exp(-0.5 * z * z);
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function beatValueMv(lead: IndependentLead, beat: Beat, dtS: number): number {
  const a = TEMPLATES[lead];
  const sqrtRr = Math.sqrt(beat.rrS);
  const tCentreS = T_OFFSET_AT_1S_RR * sqrtRr;
  const tSigmaS = T_SIGMA_AT_1S_RR * sqrtRr;
  let value =
    a.p * gaussianWave(dtS, P_OFFSET_S, P_SIGMA_S) +
    a.q * gaussianWave(dtS, Q_OFFSET_S, Q_SIGMA_S) +
    a.r * gaussianWave(dtS, 0, R_SIGMA_S) +
    a.s * gaussianWave(dtS, S_OFFSET_S, S_SIGMA_S) +
    a.t * gaussianWave(dtS, tCentreS, tSigmaS);
  const stMv = ST_DEVIATION_MV[beat.st][lead];
  if (stMv !== 0) {
    // rises at the J point, holds, and falls away after the T peak (the "tombstone" shape)
    const plateau = sigmoid((dtS - J_POINT_OFFSET_S) / 0.004) * sigmoid((tCentreS + tSigmaS - dtS) / (0.3 * tSigmaS));
    value += stMv * plateau;
  }
  return value * beat.amplitudeScale;
}

function deriveTwelveLeads(ind: Record<IndependentLead, Float64Array>, count: number): Float64Array[] {
  const iii = new Float64Array(count);
  const avr = new Float64Array(count);
  const avl = new Float64Array(count);
  const avf = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const i = ind.I[k];
    const ii = ind.II[k];
    iii[k] = ii - i;
    avr[k] = -(i + ii) / 2;
    avl[k] = i - ii / 2;
    avf[k] = ii - i / 2;
  }
  const byLead: Record<EcgLead, Float64Array> = {
    I: ind.I,
    II: ind.II,
    III: iii,
    aVR: avr,
    aVL: avl,
    aVF: avf,
    V1: ind.V1,
    V2: ind.V2,
    V3: ind.V3,
    V4: ind.V4,
    V5: ind.V5,
    V6: ind.V6,
  };
  return ECG_LEADS.map((lead) => byLead[lead]);
}

/** Samples (mV) → int16 counts of `lsbUv` microvolts, clipped to the int16 range. */
export function toCounts(samplesMv: Float64Array, lsbUv: number): Int16Array {
  const counts = new Int16Array(samplesMv.length);
  for (let i = 0; i < samplesMv.length; i++) {
    counts[i] = Math.max(-32768, Math.min(32767, Math.round((samplesMv[i] * 1000) / lsbUv)));
  }
  return counts;
}

/** The contract's waveform `data`: int16 little-endian samples, lead after lead, base64. */
export function encodeWaveformData(leadsMv: readonly Float64Array[], lsbUv: number): string {
  const samplesPerLead = leadsMv[0]?.length ?? 0;
  const buffer = Buffer.alloc(leadsMv.length * samplesPerLead * 2);
  leadsMv.forEach((lead, l) => {
    const counts = toCounts(lead, lsbUv);
    for (let i = 0; i < counts.length; i++) buffer.writeInt16LE(counts[i], (l * samplesPerLead + i) * 2);
  });
  return buffer.toString('base64');
}

/** The inverse of `encodeWaveformData`: per lead, the samples in mV. */
export function decodeWaveformData(data: string, leadCount: number, lsbUv: number): Float64Array[] {
  const buffer = Buffer.from(data, 'base64');
  const samplesPerLead = buffer.length / 2 / leadCount;
  return Array.from({ length: leadCount }, (_, l) => {
    const lead = new Float64Array(samplesPerLead);
    for (let i = 0; i < samplesPerLead; i++) lead[i] = (buffer.readInt16LE((l * samplesPerLead + i) * 2) * lsbUv) / 1000;
    return lead;
  });
}
