import {
  type AlarmMessage,
  ECG_LEADS,
  type VitalCode,
  type VitalObservation,
  type VitalsMessage,
  VITAL_SIGNS,
  type WaveformMessage,
} from '@feijiu/contracts';
import type { RandomSource } from '../random';
import { encodeWaveformData, EcgSynthesizer, type EcgDrive } from './ecg-synthesizer';
import { type AlarmChange, MonitorAlarmDetector, toAlarmMessage } from './monitor-alarms';
import { PatientScenario, type PhysiologySnapshot, type ScenarioKind } from './patient-scenario';

// One simulated 12-lead monitor on a patient: a scenario for the numerics and the ECG
// synthesiser for the waveform. `MonitorSignals` is what it measures and the alarms it raises
// on that; `MonitorSession` turns it into the contract's `vitals` (1 Hz), `waveform` (200 ms
// chunks at 500 Hz) and `alarm` (one per start or end) messages without `seq`, which the
// publisher assigns (direct mode). Pure: the caller passes the time; nothing here reads a
// clock or does I/O.

export type UnsequencedVitals = Omit<VitalsMessage, 'seq'>;
export type UnsequencedWaveform = Omit<WaveformMessage, 'seq'>;
export type UnsequencedAlarm = Omit<AlarmMessage, 'seq'>;

export interface MonitorOutput {
  vitals: UnsequencedVitals[];
  waveforms: UnsequencedWaveform[];
  /** Alarms that started or ended, in time order. */
  alarms: UnsequencedAlarm[];
}

export interface MonitorSignalsOptions {
  scenario: ScenarioKind;
  startMs: number;
  random: RandomSource;
  /** Physiology speed-up (simulated seconds per clock second); the ECG always runs in real time. */
  timeScale?: number;
  stemiTerritory?: 'inferior' | 'anterior';
  /** ECG chunk length. */
  chunkMs?: number;
  /** After a stall longer than this, skip ahead instead of sending a burst of stale data. */
  maxCatchUpMs?: number;
}

export interface EcgChunk {
  t0Ms: number;
  /** The 12 leads in the contract's order, mV. */
  leadsMv: Float64Array[];
}

export interface SignalsOutput {
  /** One a second. */
  snapshots: PhysiologySnapshot[];
  chunks: EcgChunk[];
  /** The alarm conditions that started or ended with those snapshots. */
  alarms: AlarmChange[];
}

export const WAVEFORM_HZ = 500;
export const WAVEFORM_CHUNK_MS = 200;
export const WAVEFORM_LSB_UV = 2.5;
const VITALS_INTERVAL_MS = 1000;

/** What a monitor on the patient measures: numerics once a second and the ECG in chunks. */
export class MonitorSignals {
  private readonly scenario: PatientScenario;
  private readonly ecg: EcgSynthesizer;
  private readonly alarms = new MonitorAlarmDetector();
  private readonly chunkMs: number;
  private readonly samplesPerChunk: number;
  private readonly maxCatchUpMs: number;
  private nextChunkAtMs: number;
  private nextVitalsAtMs: number;
  private latest: PhysiologySnapshot;

  constructor(private readonly options: MonitorSignalsOptions) {
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
    this.maxCatchUpMs = Math.max(options.maxCatchUpMs ?? 2000, this.chunkMs * 2);
    this.nextChunkAtMs = options.startMs;
    this.nextVitalsAtMs = options.startMs + VITALS_INTERVAL_MS;
    this.latest = this.scenario.advance(options.startMs);
  }

  get scenarioKind(): ScenarioKind {
    return this.options.scenario;
  }

  /** Everything measured up to `nowMs` and not yet handed out. */
  produce(nowMs: number): SignalsOutput {
    const output: SignalsOutput = { snapshots: [], chunks: [], alarms: [] };
    if (nowMs - this.nextVitalsAtMs > this.maxCatchUpMs) {
      this.nextVitalsAtMs = nowMs - (nowMs % VITALS_INTERVAL_MS);
    }
    while (this.nextVitalsAtMs <= nowMs) {
      this.latest = this.scenario.advance(this.nextVitalsAtMs);
      output.snapshots.push(this.latest);
      output.alarms.push(...this.alarms.observe(this.latest));
      this.nextVitalsAtMs += VITALS_INTERVAL_MS;
    }
    const lagMs = nowMs - this.nextChunkAtMs;
    if (lagMs > this.maxCatchUpMs) {
      const skippedChunks = Math.floor((lagMs - this.chunkMs) / this.chunkMs);
      this.ecg.skip(skippedChunks * this.samplesPerChunk, this.drive());
      this.nextChunkAtMs += skippedChunks * this.chunkMs;
    }
    while (this.nextChunkAtMs + this.chunkMs <= nowMs) {
      output.chunks.push({ t0Ms: this.nextChunkAtMs, leadsMv: this.ecg.next(this.samplesPerChunk, this.drive()) });
      this.nextChunkAtMs += this.chunkMs;
    }
    return output;
  }

  /** The monitor is taken off the patient: every alarm that is on ends now. */
  end(nowMs: number): AlarmChange[] {
    return this.alarms.end(nowMs);
  }

  private drive(): EcgDrive {
    return { heartRateBpm: this.latest.heartRateBpm, st: this.latest.st };
  }
}

export interface MonitorSessionOptions extends Omit<MonitorSignalsOptions, 'chunkMs'> {
  monitorId: string;
  /** Flag every observation, waveform and alarm as demo data. */
  demo?: boolean;
  lsbUv?: number;
}

/** A monitor in direct mode: the contract's `vitals`, `waveform` and `alarm` messages, without `seq`. */
export class MonitorSession {
  private readonly signals: MonitorSignals;
  private readonly lsbUv: number;

  constructor(private readonly options: MonitorSessionOptions) {
    this.signals = new MonitorSignals({ ...options, chunkMs: WAVEFORM_CHUNK_MS });
    this.lsbUv = options.lsbUv ?? WAVEFORM_LSB_UV;
  }

  get monitorId(): string {
    return this.options.monitorId;
  }

  get scenarioKind(): ScenarioKind {
    return this.options.scenario;
  }

  produce(nowMs: number): MonitorOutput {
    const { snapshots, chunks, alarms } = this.signals.produce(nowMs);
    const flags = this.options.demo ? (['demo'] as const) : undefined;
    return {
      vitals: snapshots.map((snapshot) => ({
        ts: new Date(snapshot.atMs).toISOString(),
        monitorId: this.options.monitorId,
        obs: buildObservations(snapshot, flags ? [...flags] : undefined),
      })),
      waveforms: chunks.map((chunk) => ({
        t0: new Date(chunk.t0Ms).toISOString(),
        monitorId: this.options.monitorId,
        hz: WAVEFORM_HZ,
        leads: [...ECG_LEADS],
        lsbUv: this.lsbUv,
        data: encodeWaveformData(chunk.leadsMv, this.lsbUv),
        ...(flags ? { flags: [...flags] } : {}),
      })),
      alarms: alarms.map((change) => toAlarmMessage(change, this.options.monitorId, this.options.demo ?? false)),
    };
  }

  /** The `alarm` messages that end the alarms still on, when the monitor is taken off the patient. */
  end(nowMs: number): UnsequencedAlarm[] {
    return this.signals.end(nowMs).map((change) => toAlarmMessage(change, this.options.monitorId, this.options.demo ?? false));
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
