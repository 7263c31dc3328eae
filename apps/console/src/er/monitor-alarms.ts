import { VITAL_SIGNS, type AlarmPriority, type MonitorAlarmEvent, type VitalCode } from '@feijiu/contracts';

// What the ER card's alarm banner shows for one ambulance: the monitor alarms that are on now,
// high (red) and medium (yellow) priority, from the `monitor.alarm` events and the history.
// Each alarm condition (monitor + event + vital) keeps its newest report: an alarm leaves the
// banner when the monitor reports it inactive; a report older than the one held (history that
// arrives after a live event) changes nothing. An alarm whose priority the monitor did not send
// is shown as medium: an unknown alarm must not be hidden. Low and no-priority alarms are not shown.

export type AlarmTone = 'high' | 'medium';

/** The kinds of alarm the banner names in words; anything else shows the monitor's own text. */
export type AlarmKind =
  | 'high'
  | 'low'
  | 'leadOff'
  | 'sensorOff'
  | 'asystole'
  | 'vfib'
  | 'vtach'
  | 'apnoea'
  | 'desat'
  | 'brady'
  | 'tachy';

export interface BannerAlarm {
  key: string;
  monitorId: string;
  tone: AlarmTone;
  priority: AlarmPriority | null;
  kind: AlarmKind | null;
  /** the monitor's MDC reference id or label, and its screen text */
  name: string;
  text: string | null;
  vital: { code: VitalCode; value: number | null } | null;
  /** when this alarm went on (the core's receive time when the monitor's clock is known to be off) */
  sinceMs: number;
  latched: boolean;
  technical: boolean;
  demo: boolean;
  late: boolean;
}

interface Held {
  event: MonitorAlarmEvent;
  atMs: number;
  sinceMs: number | null;
}

// IEEE 11073-10101 event codes (partition 3) seen in PCD-04 messages
const KIND_BY_CODE: ReadonlyMap<number, AlarmKind> = new Map<number, AlarmKind>([
  [196648, 'high'], // MDC_EVT_HI
  [196670, 'low'], // MDC_EVT_LO
  [196680, 'leadOff'], // MDC_EVT_LEAD_OFF
]);
// By MDC reference id or vendor label; the more specific first (V-tach before tachycardia).
const KIND_BY_NAME: ReadonlyArray<[RegExp, AlarmKind]> = [
  [/LEADS?_?OFF/, 'leadOff'],
  [/(SENSOR|PROBE|CUFF|TRANSDUC).*(OFF|DISCONN)|OFF_PATIENT/, 'sensorOff'],
  [/ASYST/, 'asystole'],
  [/V(ENT)?_?FIB/, 'vfib'],
  [/V(ENT)?_?TACH/, 'vtach'],
  [/APN(O)?EA/, 'apnoea'],
  [/DESAT/, 'desat'],
  [/BRADY/, 'brady'],
  [/TACHY/, 'tachy'],
  [/(^|_)HI(_|$)|_HIGH|GT_LIM|HI_VAL/, 'high'],
  [/(^|_)LO(_|$)|_LOW|LT_LIM|LO_VAL/, 'low'],
];

export function alarmKindOf(code: number | null, name: string): AlarmKind | null {
  const upper = name.toUpperCase();
  for (const [pattern, kind] of KIND_BY_NAME) if (pattern.test(upper)) return kind;
  return code === null ? null : (KIND_BY_CODE.get(code) ?? null);
}

const conditionKey = (e: MonitorAlarmEvent): string => `${e.monitorId}|${e.code ?? e.name}|${e.vital?.code ?? ''}`;
const isOn = (e: MonitorAlarmEvent): boolean => e.state !== 'inactive';
const startedAtMs = (e: MonitorAlarmEvent): number => Date.parse(e.flags.includes('clock_skew') ? e.receivedAt : e.measuredAt);

export class MonitorAlarmBoard {
  private readonly byVehicle = new Map<string, Map<string, Held>>();

  /** Takes one report; true when the banner may have changed. */
  apply(event: MonitorAlarmEvent): boolean {
    let held = this.byVehicle.get(event.vehicleId);
    if (!held) {
      held = new Map();
      this.byVehicle.set(event.vehicleId, held);
    }
    const key = conditionKey(event);
    const before = held.get(key);
    const atMs = Date.parse(event.measuredAt);
    if (before && (atMs < before.atMs || (atMs === before.atMs && event.seq <= before.event.seq))) return false;
    // an alarm that goes on (continue, update, escalate) keeps the time it started
    const onSinceMs = before && isOn(before.event) ? before.sinceMs : null;
    const sinceMs = isOn(event) ? (onSinceMs ?? startedAtMs(event)) : null;
    held.set(key, { event, atMs, sinceMs });
    return true;
  }

  /** The alarms on now for this vehicle, the most urgent and then the newest first; only the incident's when one is given. */
  banner(vehicleId: string, incidentId: string | null): BannerAlarm[] {
    const shown: BannerAlarm[] = [];
    for (const [key, { event, sinceMs }] of this.byVehicle.get(vehicleId) ?? []) {
      if (sinceMs === null || !isOn(event)) continue;
      if (incidentId !== null && event.incidentId !== incidentId) continue;
      const tone = toneOf(event.priority);
      if (tone === null) continue;
      shown.push({
        key,
        monitorId: event.monitorId,
        tone,
        priority: event.priority,
        kind: alarmKindOf(event.code, event.name),
        name: event.name,
        text: event.text,
        vital: event.vital ? { code: event.vital.code, value: event.vital.value } : null,
        sinceMs,
        latched: event.state === 'latched',
        technical: event.technical,
        demo: event.flags.includes('demo'),
        late: event.flags.includes('late'),
      });
    }
    return shown.sort((a, b) => rank(a.tone) - rank(b.tone) || b.sinceMs - a.sinceMs);
  }
}

function toneOf(priority: AlarmPriority | null): AlarmTone | null {
  if (priority === 'high') return 'high';
  if (priority === 'medium' || priority === null) return 'medium';
  return null;
}

const rank = (tone: AlarmTone): number => (tone === 'high' ? 0 : 1);

/** "152 bpm", in the console's display unit for the vital. */
export function formatAlarmValue(vital: { code: VitalCode; value: number | null }): string | null {
  if (vital.value === null) return null;
  const spec = VITAL_SIGNS[vital.code];
  return `${vital.value.toFixed(spec.decimals)} ${spec.displayUnit}`;
}

/** The vital's name in the console's language. */
export function vitalName(code: VitalCode, locale: string): string {
  return locale.startsWith('zh') ? VITAL_SIGNS[code].nameZh : VITAL_SIGNS[code].nameEn;
}
