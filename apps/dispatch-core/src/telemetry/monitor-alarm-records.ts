import {
  SAMPLE_FLAGS,
  type AlarmMessage,
  type AlarmPriority,
  type AlarmState,
  type MonitorAlarmEvent,
  type SampleFlag,
  type VitalCode,
} from '@feijiu/contracts';
import { judgedFlags } from './telemetry-records';

// A monitor alarm (`alarm` topic) on its way to the database and the sockets: pure functions.
// measuredAt is the monitor's time as the gateway stamped it, receivedAt the core's; 'late' and
// 'clock_skew' are judged as for vitals, with the monitor's clock offset learnt from its stream.

export interface MonitorAlarmRecord {
  vehicleId: string;
  seq: number;
  monitorId: string;
  measuredAt: Date;
  receivedAt: Date;
  incidentId: string | null;
  code: number | null;
  name: string;
  text: string | null;
  priority: AlarmPriority | null;
  technical: boolean;
  state: AlarmState;
  phase: string | null;
  vital: { code: VitalCode; value: number | null; unit: string | null } | null;
  flags: SampleFlag[];
}

export function toMonitorAlarmRecord(
  vehicleId: string,
  msg: AlarmMessage,
  receivedAt: Date,
  lateSec: number,
  incidentId: string | null,
  clockOffsetMs = 0,
): MonitorAlarmRecord {
  const measuredAt = new Date(msg.ts);
  const flags = judgedFlags(msg.flags, measuredAt, receivedAt, lateSec, clockOffsetMs);
  return {
    vehicleId,
    seq: msg.seq,
    monitorId: text(msg.monitorId),
    measuredAt,
    receivedAt,
    incidentId,
    code: msg.code ?? null,
    name: text(msg.name),
    text: msg.text === undefined ? null : text(msg.text),
    priority: msg.priority ?? null,
    technical: msg.technical,
    state: msg.state,
    phase: msg.phase === undefined ? null : text(msg.phase),
    vital: msg.vital
      ? { code: msg.vital.code, value: msg.vital.value ?? null, unit: msg.vital.unit === undefined ? null : text(msg.vital.unit) }
      : null,
    flags: SAMPLE_FLAGS.filter((f) => flags.has(f)),
  };
}

export function toMonitorAlarmEvent(r: MonitorAlarmRecord): MonitorAlarmEvent {
  return {
    vehicleId: r.vehicleId,
    incidentId: r.incidentId,
    monitorId: r.monitorId,
    seq: r.seq,
    measuredAt: r.measuredAt.toISOString(),
    receivedAt: r.receivedAt.toISOString(),
    code: r.code,
    name: r.name,
    text: r.text,
    priority: r.priority,
    technical: r.technical,
    state: r.state,
    phase: r.phase,
    vital: r.vital,
    flags: r.flags,
  };
}

// PostgreSQL text cannot hold NUL; the contract's strings can. Keep the rest of the value.
function text(s: string): string {
  return s.includes('\0') ? s.replaceAll('\0', '') : s;
}
