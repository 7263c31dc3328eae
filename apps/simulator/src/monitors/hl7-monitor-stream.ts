import { ECG_LEADS } from '@feijiu/contracts';
import { frameMllp, writeHl7Alarm, writeHl7Vitals, writeHl7Waveform } from '@feijiu/monitor-protocols';
import { toCounts } from './ecg-synthesizer';
import { type AlarmChange, alarmText } from './monitor-alarms';
import { buildObservations, MonitorSignals, type MonitorSignalsOptions, WAVEFORM_HZ, WAVEFORM_LSB_UV } from './monitor-session';
import type { ScenarioKind } from './patient-scenario';

// A monitor in serial mode: the bytes a real transport monitor writes on its HL7 port, IHE
// PCD-01 ORU^R01 in MLLP blocks, one vitals message a second (NIBP with its own OBX-14 time,
// OBX-8 `DEMO` when asked), one 12-lead waveform message a second (Mindray layout: 500
// counts per lead at 500 Hz) and, per alarm that starts or ends, an IHE PCD-04 ORU^R40 with
// the value that crossed the limit. Pure: the caller passes the time and writes the bytes.

export interface Hl7MonitorStreamOptions extends Omit<MonitorSignalsOptions, 'chunkMs'> {
  /** OBX-8 `DEMO` on every numeric, as a monitor in demo mode sends. */
  demo?: boolean;
  /** The monitor's EUI-64 (16 hex digits), sent in MSH-3 as the stable device id. */
  deviceId?: string;
  lsbUv?: number;
}

const WAVEFORM_MESSAGE_MS = 1000;

export class Hl7MonitorStream {
  private readonly signals: MonitorSignals;
  private readonly sendingApp: string;
  private readonly resolutionMv: number;
  private readonly lsbUv: number;
  private nextControlId = 1;

  constructor(private readonly options: Hl7MonitorStreamOptions) {
    this.signals = new MonitorSignals({ ...options, chunkMs: WAVEFORM_MESSAGE_MS });
    this.sendingApp = `FEIJIU_SIM^${(options.deviceId ?? '02FE1A0000000001').toUpperCase()}^EUI-64`;
    this.lsbUv = options.lsbUv ?? WAVEFORM_LSB_UV;
    this.resolutionMv = this.lsbUv / 1000;
  }

  get scenarioKind(): ScenarioKind {
    return this.options.scenario;
  }

  /** The MLLP-framed messages due by `nowMs`, in the order a monitor sends them. */
  produce(nowMs: number): Buffer[] {
    const { snapshots, chunks, alarms } = this.signals.produce(nowMs);
    const frames: Array<{ atMs: number; bytes: Buffer }> = [];
    for (const snapshot of snapshots) {
      const observations = buildObservations(snapshot).map((o) => ({
        code: o.code,
        value: o.value,
        ...(o.ts ? { time: new Date(o.ts) } : {}),
      }));
      const text = writeHl7Vitals({
        controlId: this.controlId(),
        sendingApp: this.sendingApp,
        time: new Date(snapshot.atMs),
        observations,
        demo: this.options.demo ?? false,
      });
      frames.push({ atMs: snapshot.atMs, bytes: frameMllp(text) });
      // the alarms this reading started or ended, right after it (a stable sort keeps them there)
      for (const change of alarms.filter((a) => a.atMs === snapshot.atMs)) {
        frames.push({ atMs: change.atMs, bytes: frameMllp(this.writeAlarm(change)) });
      }
    }
    for (const chunk of chunks) {
      const text = writeHl7Waveform({
        controlId: this.controlId(),
        sendingApp: this.sendingApp,
        t0: new Date(chunk.t0Ms),
        hz: WAVEFORM_HZ,
        channels: ECG_LEADS.map((lead, i) => ({ lead, resolution: this.resolutionMv, samples: toCounts(chunk.leadsMv[i], this.lsbUv) })),
      });
      // a waveform message goes out when its window has ended
      frames.push({ atMs: chunk.t0Ms + WAVEFORM_MESSAGE_MS, bytes: frameMllp(text) });
    }
    return frames.sort((a, b) => a.atMs - b.atMs).map((f) => f.bytes);
  }

  /** The ORU^R40 messages that end the alarms still on, when the monitor is taken off the patient. */
  end(nowMs: number): Buffer[] {
    return this.signals.end(nowMs).map((change) => frameMllp(this.writeAlarm(change)));
  }

  private writeAlarm(change: AlarmChange): string {
    const { rule } = change;
    return writeHl7Alarm({
      controlId: this.controlId(),
      sendingApp: this.sendingApp,
      time: new Date(change.atMs),
      alarmMdc: rule.event.code,
      alarmName: rule.event.name,
      priority: rule.priority === 'high' ? 'PH' : 'PM',
      technical: false,
      phase: change.state === 'active' ? 'start' : 'end',
      vital: { code: rule.vital, value: change.value },
      text: alarmText(rule),
      demo: this.options.demo ?? false,
    });
  }

  private controlId(): string {
    return `SIM${String(this.nextControlId++).padStart(8, '0')}`;
  }
}
