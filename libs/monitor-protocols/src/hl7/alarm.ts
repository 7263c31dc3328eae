import { resolveVitalCode } from './codes';
import { ALERT_ATTR_BY_MDC, ALERT_ATTR_BY_NAME, EVT_ALARM_MDC, type AlertAttr } from './constants';
import { isContainmentRow, isDemoRow, type ObxRow } from './obx';
import type { Hl7AlarmVital } from './types';
import { readVitalRow } from './vitals';

// IHE PCD ACM (ORU^R40): one event-identification row (MDC_EVT_ALARM with the event code in OBX-5,
// or the event code itself in OBX-3), then attribute rows for phase, state, priority and type.
// OBX-8 repeats priority and type as flags (A~PL~ST). monitor-protocols.md §1.5. A
// physiological alarm names the vital it is about: a numeric row with the measured value (PCD-04
// "source identification", OBX-4 sub-id .2), the alert source attribute, or the metric code in
// the event row's OBX-4 path (mds.vmd.chan.metric.sub).

export type AlarmPriority = 'PH' | 'PM' | 'PL' | 'PN';
const PRIORITIES: ReadonlySet<string> = new Set(['PH', 'PM', 'PL', 'PN']);
const ALERT_TYPES: ReadonlySet<string> = new Set(['SP', 'ST', 'SA']);
const EVENT_PARTITION = { from: 3 * 65536, to: 4 * 65536 };

export interface AlarmFields {
  alarmCode: number | null;
  alarmName: string;
  priority: AlarmPriority | null;
  technical: boolean;
  phase: string | null;
  text: string | null;
  state: string | null;
  vital: Hl7AlarmVital | null;
  demo: boolean;
}

const attrOf = (row: ObxRow): AlertAttr | undefined =>
  ALERT_ATTR_BY_NAME.get(row.name.toUpperCase()) ?? (row.mdc === null ? undefined : ALERT_ATTR_BY_MDC.get(row.mdc));

function isEventRow(row: ObxRow): boolean {
  if (row.mdc === EVT_ALARM_MDC || row.name.toUpperCase() === 'MDC_EVT_ALARM') return true;
  if (/^MDCX?_EVT_/i.test(row.name)) return true;
  return row.mdc !== null && row.mdc >= EVENT_PARTITION.from && row.mdc < EVENT_PARTITION.to;
}

function readEvent(row: ObxRow): Pick<AlarmFields, 'alarmCode' | 'alarmName' | 'text'> {
  const seg = row.seg;
  if (row.mdc === EVT_ALARM_MDC || row.name.toUpperCase() === 'MDC_EVT_ALARM') {
    // OBX-5 is a CWE: code ^ text ^ system ^ … ^ original text (component 9)
    const code = seg.component(5, 1);
    const name = seg.component(5, 2);
    const original = seg.component(5, 9);
    return {
      alarmCode: /^\d{1,10}$/.test(code) ? Number(code) : null,
      alarmName: name || code,
      text: original || null,
    };
  }
  const text = seg.component(5, 1);
  return {
    alarmCode: row.mdc !== null && row.mdc > 0 ? row.mdc : null,
    alarmName: row.name || text || row.code,
    text: text || null,
  };
}

/** Reads the alarm from the OBX rows of an ORU^R40, or null when no event row is present. */
export function readAlarm(rows: ObxRow[]): AlarmFields | null {
  const live = rows.filter((r) => !isContainmentRow(r));
  const event = live.find((r) => attrOf(r) === undefined && isEventRow(r));
  if (!event) return null;
  const fields: AlarmFields = {
    ...readEvent(event),
    priority: null,
    technical: false,
    phase: null,
    state: null,
    vital: null,
    demo: rows.some(isDemoRow),
  };
  let type: string | null = null;
  let source: number | null = null;
  for (const row of live) {
    const value = row.seg.component(5, 1);
    switch (attrOf(row)) {
      case 'phase':
        fields.phase = value || fields.phase;
        break;
      case 'state':
        fields.state = value.toLowerCase() || fields.state;
        break;
      case 'source':
        source = /^\d{1,10}$/.test(value) ? Number(value) : source;
        break;
      case 'priority':
        if (PRIORITIES.has(value.toUpperCase())) fields.priority = value.toUpperCase() as AlarmPriority;
        break;
      case 'type':
        if (ALERT_TYPES.has(value.toUpperCase())) type = value.toUpperCase();
        break;
      case 'text':
        fields.text = fields.text ?? (value || null);
        break;
      case undefined:
        if (row !== event) fields.vital ??= measuredVital(row);
        break;
      case 'inactivation':
      case 'watchdog':
      case 'sysId':
        break;
    }
  }
  fields.vital ??= vitalOf(source) ?? vitalOf(metricOfPath(event.path));
  // OBX-8 of the event row (A~PL~ST) when the attribute rows are missing
  fields.priority ??= (event.flags.find((f) => PRIORITIES.has(f)) as AlarmPriority | undefined) ?? null;
  type ??= event.flags.find((f) => ALERT_TYPES.has(f)) ?? null;
  fields.technical = type === 'ST';
  if (fields.alarmName === '') fields.alarmName = fields.text ?? 'unknown alarm';
  return fields;
}

/** A numeric row of the alarm message: the value that crossed the limit. */
function measuredVital(row: ObxRow): Hl7AlarmVital | null {
  if (row.valueType !== 'NM' && row.valueType !== 'SN') return null;
  const read = readVitalRow(row, 0);
  if (read.kind === 'observation') return { code: read.observation.code, value: read.observation.value, unit: read.observation.unit };
  return vitalOf(row.mdc);
}

function vitalOf(mdc: number | null): Hl7AlarmVital | null {
  const code = mdc === null ? undefined : resolveVitalCode(mdc);
  return code === undefined ? null : { code, value: null, unit: null };
}

/** The metric of an OBX-4 containment path (mds.vmd.channel.metric[.sub]), e.g. 150456 in 1.3.1.150456.1. */
function metricOfPath(path: string): number | null {
  const metric = path.split('.')[3] ?? '';
  return /^\d{1,10}$/.test(metric) ? Number(metric) : null;
}
