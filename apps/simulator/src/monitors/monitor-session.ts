import {
  ECG_LEADS,
  type VitalCode,
  type VitalObservation,
  type VitalsMessage,
  VITAL_SIGNS,
  type WaveformMessage,
} from '@feijiu/contracts';
import type { RandomSource } from '../random';
import { encodeWaveformData, EcgSynthesizer, type EcgDrive } from './ecg-synthesizer';
import { PatientScenario, type PhysiologySnapshot, type ScenarioKind } from './patient-scenario';

// One simulated 12-lead monitor on a patient: a scenario for the numerics and the ECG
// synthesiser for the waveform, producing the contract's `vitals` (1 Hz) and `waveform`
// (200 ms chunks at 500 Hz) messages without `seq`, which the publisher assigns. Pure: the
// caller passes the time; nothing here reads a clock or does I/O.

export type UnsequencedVitals = Omit<VitalsMessage, 'seq'>;
export type UnsequencedWaveform = Omit<WaveformMessage, 'seq'>;

export interface MonitorOutput {
  vitals: UnsequencedVitals[];
  waveforms: UnsequencedWaveform[];
}

export interface MonitorSessionOptions {
  monitorId: string;
  scenario: ScenarioKind;
  startMs: number;
  random: RandomSource;
  /** Physiology speed-up (simulated seconds per clock second); the ECG always runs in real time. */
  timeScale?: number;
  stemiTerritory?: 'inferior' | 'anterior';
  /** Flag every observation and waveform as demo data. */
  demo?: boolean;
  chunkMs?: number;
  lsbUv?: number;
  /** After a stall longer than this, skip ahead instead of sending a burst of stale data. */
  maxCatchUpMs?: number;
}

export const WAVEFORM_HZ = 500;
export const WAVEFORM_CHUNK_MS = 200;
export const WAVEFORM_LSB_UV = 2.5;
const VITALS_INTERVAL_MS = 1000;

export class MonitorSession {
  private readonly scenario: PatientScenario;
  private readonly ecg: EcgSynthesizer;
  private readonly chunkMs: number;
  private readonly samplesPerChunk: number;
  private readonly lsbUv: number;
  private readonly maxCatchUpMs: number;
  private nextChunkAtMs: number;
  private nextVitalsAtMs: number;
  private latest: PhysiologySnapshot;

  constructor(private readonly options: MonitorSessionOptions) {
    this.scenario = new PatientScenario({
      kind: options.scenario,
      startMs: options.startMs,
      random: options.random,
      timeScale: options.timeScale,
      stemiTerritory: options.stemiTerritory,
    });
    this.ecg = new EcgSynthesizer({ random: options.random, hz: WAVEFORM_HZ });
    this.chunkMs = options.chunkMs ?? WAVEFORM_CHUNK_MS;
    this.samplesPerChunk = Math.round((WAVEFORM_HZ * this.chunkMs) / 1000);
    this.lsbUv = options.lsbUv ?? WAVEFORM_LSB_UV;
    this.maxCatchUpMs = options.maxCatchUpMs ?? 2000;
    this.nextChunkAtMs = options.startMs;
    this.nextVitalsAtMs = options.startMs + VITALS_INTERVAL_MS;
    this.latest = this.scenario.advance(options.startMs);
  }

  get monitorId(): string {
    return this.options.monitorId;
  }

  get scenarioKind(): ScenarioKind {
    return this.options.scenario;
  }

  /** Everything the monitor has measured up to `nowMs` and not yet handed out. */
  produce(nowMs: number): MonitorOutput {
    const output: MonitorOutput = { vitals: [], waveforms: [] };
    if (nowMs - this.nextVitalsAtMs > this.maxCatchUpMs) {
      this.nextVitalsAtMs = nowMs - (nowMs % VITALS_INTERVAL_MS);
    }
    while (this.nextVitalsAtMs <= nowMs) {
      this.latest = this.scenario.advance(this.nextVitalsAtMs);
      output.vitals.push(this.vitalsMessage(this.latest));
      this.nextVitalsAtMs += VITALS_INTERVAL_MS;
    }
    const lagMs = nowMs - this.nextChunkAtMs;
    if (lagMs > this.maxCatchUpMs) {
      const skippedChunks = Math.floor((lagMs - this.chunkMs) / this.chunkMs);
      this.ecg.skip(skippedChunks * this.samplesPerChunk, this.drive());
      this.nextChunkAtMs += skippedChunks * this.chunkMs;
    }
    while (this.nextChunkAtMs + this.chunkMs <= nowMs) {
      output.waveforms.push(this.waveformMessage(this.nextChunkAtMs));
      this.nextChunkAtMs += this.chunkMs;
    }
    return output;
  }

  private drive(): EcgDrive {
    return { heartRateBpm: this.latest.heartRateBpm, st: this.latest.st };
  }

  private vitalsMessage(snapshot: PhysiologySnapshot): UnsequencedVitals {
    return { ts: new Date(snapshot.atMs).toISOString(), monitorId: this.options.monitorId, obs: buildObservations(snapshot, this.flags()) };
  }

  private waveformMessage(t0Ms: number): UnsequencedWaveform {
    const leads = this.ecg.next(this.samplesPerChunk, this.drive());
    return {
      t0: new Date(t0Ms).toISOString(),
      monitorId: this.options.monitorId,
      hz: WAVEFORM_HZ,
      leads: [...ECG_LEADS],
      lsbUv: this.lsbUv,
      data: encodeWaveformData(leads, this.lsbUv),
      ...(this.options.demo ? { flags: ['demo' as const] } : {}),
    };
  }

  private flags(): VitalObservation['flags'] {
    return this.options.demo ? ['demo'] : undefined;
  }
}

/** A snapshot as the contract's observations: 1 Hz numerics plus the latest NIBP with its own time. */
export function buildObservations(snapshot: PhysiologySnapshot, flags?: VitalObservation['flags']): VitalObservation[] {
  const obs = (code: VitalCode, value: number, ts?: string): VitalObservation => {
    const d = VITAL_SIGNS[code];
    const factor = 10 ** d.decimals;
    return {
      code,
      value: Math.round(value * factor) / factor,
      unit: d.ucum,
      ...(ts ? { ts } : {}),
      ...(flags ? { flags: [...flags] } : {}),
    };
  };
  const list = [
    obs('HR', snapshot.heartRateBpm),
    obs('PR', snapshot.pulseRateBpm),
    obs('SPO2', snapshot.spo2Pct),
    obs('RR', snapshot.respRateBpm),
    obs('TEMP', snapshot.tempC),
    obs('ETCO2', snapshot.etco2MmHg),
  ];
  const { nibp } = snapshot;
  if (nibp) {
    const ts = new Date(nibp.measuredAtMs).toISOString();
    list.push(obs('NIBP_SYS', nibp.systolicMmHg, ts), obs('NIBP_DIA', nibp.diastolicMmHg, ts), obs('NIBP_MEAN', nibp.meanMmHg, ts));
  }
  return list;
}
