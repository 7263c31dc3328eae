import {
  SAMPLE_FLAGS,
  type SampleFlag,
  type VitalCode,
  type VitalsMessage,
  type VitalsSampledEvent,
  type VitalSource,
  type WaveformLead,
  type WaveformMessage,
  type WaveformSampledEvent,
} from '@feijiu/contracts';

// What a vitals or waveform message becomes on its way to the database and the sockets: pure
// functions, no I/O. measuredAt is the gateway clock (obs.ts ?? msg.ts, or t0), receivedAt the
// core's; a sample that arrived more than lateSec after it was measured is flagged 'late'. The
// monitor's clock offset (ClockOffsets: positive = behind) is taken off first, so a slow clock
// does not make live data late; a clock more than lateSec off flags its samples 'clock_skew'.
// measuredAt itself is stored as stamped (it is part of the dedupe key of a resend).

interface RecordBase {
  vehicleId: string;
  seq: number;
  monitorId: string;
  /** The message's measured time (ts / t0); with vehicle, kind and seq it identifies a resend. */
  measuredAt: Date;
  receivedAt: Date;
  incidentId: string | null;
  /** Union of the rows' flags (vitals) or the chunk's flags (waveform). */
  flags: SampleFlag[];
}

export interface VitalRecordRow {
  code: VitalCode;
  value: number;
  unit: string;
  measuredAt: Date;
  flags: SampleFlag[];
  /** The monitor's sub-id of the measurement (HL7 OBX-4), when the gateway sent one. */
  channel: string | null;
  source: VitalSource | null;
}

export interface VitalsRecord extends RecordBase {
  kind: 'vitals';
  rows: VitalRecordRow[];
}

export interface WaveformRecord extends RecordBase {
  kind: 'waveform';
  hz: number;
  leads: WaveformLead[];
  lsbUv: number;
  /** int16 little-endian samples, lead after lead, as the gateway sent them (base64). */
  dataBase64: string;
}

export type TelemetryRecord = VitalsRecord | WaveformRecord;

export function isLate(measuredAt: Date, receivedAt: Date, lateSec: number, clockOffsetMs = 0): boolean {
  return receivedAt.getTime() - measuredAt.getTime() - clockOffsetMs > lateSec * 1000;
}

export function isClockSkewed(clockOffsetMs: number, lateSec: number): boolean {
  return Math.abs(clockOffsetMs) > lateSec * 1000;
}

/** A sample's flags: those its gateway gave, plus `late` and `clock_skew` as judged on arrival. */
export function judgedFlags(
  given: readonly SampleFlag[] | undefined,
  measuredAt: Date,
  receivedAt: Date,
  lateSec: number,
  clockOffsetMs: number,
): Set<SampleFlag> {
  const flags = new Set<SampleFlag>(given);
  if (isLate(measuredAt, receivedAt, lateSec, clockOffsetMs)) flags.add('late');
  if (isClockSkewed(clockOffsetMs, lateSec)) flags.add('clock_skew');
  return flags;
}

/** The identity of a message: a resend from the gateway's outbox has the same one. */
export function recordKey(r: TelemetryRecord): string {
  return `${r.vehicleId}|${r.kind}|${r.seq}|${r.measuredAt.getTime()}`;
}

export function toVitalsRecord(
  vehicleId: string,
  msg: VitalsMessage,
  receivedAt: Date,
  lateSec: number,
  incidentId: string | null,
  clockOffsetMs = 0,
): VitalsRecord {
  const measuredAt = new Date(msg.ts);
  const rows = msg.obs.map((o): VitalRecordRow => {
    const at = o.ts === undefined ? measuredAt : new Date(o.ts);
    const flags = judgedFlags(o.flags, at, receivedAt, lateSec, clockOffsetMs);
    return {
      code: o.code,
      value: o.value,
      unit: text(o.unit),
      measuredAt: at,
      flags: ordered(flags),
      channel: o.channel ?? null,
      source: o.source ?? null,
    };
  });
  return {
    kind: 'vitals',
    vehicleId,
    seq: msg.seq,
    monitorId: text(msg.monitorId),
    measuredAt,
    receivedAt,
    incidentId,
    flags: ordered(new Set(rows.flatMap((r) => r.flags))),
    rows,
  };
}

export function toWaveformRecord(
  vehicleId: string,
  msg: WaveformMessage,
  receivedAt: Date,
  lateSec: number,
  incidentId: string | null,
  clockOffsetMs = 0,
): WaveformRecord {
  const measuredAt = new Date(msg.t0);
  const flags = judgedFlags(msg.flags, measuredAt, receivedAt, lateSec, clockOffsetMs);
  return {
    kind: 'waveform',
    vehicleId,
    seq: msg.seq,
    monitorId: text(msg.monitorId),
    measuredAt,
    receivedAt,
    incidentId,
    flags: ordered(flags),
    hz: msg.hz,
    leads: msg.leads,
    lsbUv: msg.lsbUv,
    dataBase64: msg.data,
  };
}

export function toVitalsSampledEvent(r: VitalsRecord): VitalsSampledEvent {
  return {
    vehicleId: r.vehicleId,
    incidentId: r.incidentId,
    monitorId: r.monitorId,
    seq: r.seq,
    receivedAt: r.receivedAt.toISOString(),
    flags: r.flags,
    obs: r.rows.map((o) => ({
      code: o.code,
      value: o.value,
      unit: o.unit,
      measuredAt: o.measuredAt.toISOString(),
      ...(o.channel !== null && { channel: o.channel }),
      ...(o.source !== null && { source: o.source }),
    })),
  };
}

export function toWaveformSampledEvent(r: WaveformRecord): WaveformSampledEvent {
  return {
    vehicleId: r.vehicleId,
    incidentId: r.incidentId,
    monitorId: r.monitorId,
    seq: r.seq,
    t0: r.measuredAt.toISOString(),
    hz: r.hz,
    leads: r.leads,
    lsbUv: r.lsbUv,
    data: r.dataBase64,
    flags: r.flags,
  };
}

function ordered(flags: Set<SampleFlag>): SampleFlag[] {
  return SAMPLE_FLAGS.filter((f) => flags.has(f));
}

// PostgreSQL text cannot hold NUL; the contract's strings can. Keep the rest of the value.
function text(s: string): string {
  return s.includes('\0') ? s.replaceAll('\0', '') : s;
}
