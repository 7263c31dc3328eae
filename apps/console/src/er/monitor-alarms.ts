import { VITAL_SIGNS, type AlarmPriority, type MonitorAlarmEvent, type VitalCode } from '@feijiu/contracts';

// What the ER card's alarm banner shows for one ambulance: the monitor alarms that are on now,
// high (red) and medium (yellow) priority, from the `monitor.alarm` events and the history.
// Each alarm condition (monitor + event + vital) keeps its newest report, newest by the gateway's
// seq (it rises by one per message; the monitor's clock may be set back in between): an alarm
// leaves the banner when the monitor reports it inactive; a report older than the one held
// (history that arrives after a live event) changes nothing. An end report without the vital
// (the monitor left the source row out) ends the one alarm of that event on that monitor. A
// start-only alarm (PCD-04 phase `start_only`: no end report ever comes) goes off by itself after
// START_ONLY_SHOWN_MS. An alarm whose priority the monitor did not send is shown as medium: an
// unknown alarm must not be hidden. Low and no-priority alarms are not shown.

/** How long a start-only alarm stays on the banner after its report. */
export const START_ONLY_SHOWN_MS = 60_000;

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
  /** when the alarm went on; null while it is off */
  sinceMs: number | null;
  /** a start-only alarm goes off by itself then */
  untilMs: number | null;
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

const conditionOf = (e: MonitorAlarmEvent): string => `${e.monitorId}|${e.code ?? e.name}`;
const conditionKey = (e: MonitorAlarmEvent): string => `${conditionOf(e)}|${e.vital?.code ?? ''}`;
const isOn = (e: MonitorAlarmEvent): boolean => e.state !== 'inactive';
const isStartOnly = (e: MonitorAlarmEvent): boolean => e.phase?.toLowerCase() === 'start_only';
// when the monitor reported it (the core's receive time when the monitor's clock is known to be off)
const reportedAtMs = (e: MonitorAlarmEvent): number => Date.parse(e.flags.includes('clock_skew') ? e.receivedAt : e.measuredAt);
const isOnAt = (h: Held, atMs: number): boolean => h.sinceMs !== null && (h.untilMs === null || atMs < h.untilMs);

export class MonitorAlarmBoard {
  private readonly byVehicle = new Map<string, Map<string, Held>>();

  /** Takes one report; true when the banner may have changed. */
  apply(event: MonitorAlarmEvent): boolean {
    let held = this.byVehicle.get(event.vehicleId);
    if (!held) {
      held = new Map();
      this.byVehicle.set(event.vehicleId, held);
    }
    const atMs = reportedAtMs(event);
    const key = heldKeyOf(held, event, atMs);
    const before = held.get(key);
    // one vehicle, one gateway: its seq orders the reports (a resend or the history repeats one)
    if (before && event.seq <= before.event.seq) return false;
    // an alarm that goes on (continue, update, escalate) keeps the time it started
    const onSinceMs = before && isOnAt(before, atMs) ? before.sinceMs : null;
    const on = isOn(event);
    held.set(key, {
      event,
      sinceMs: on ? (onSinceMs ?? atMs) : null,
      untilMs: on && isStartOnly(event) ? atMs + START_ONLY_SHOWN_MS : null,
    });
    return true;
  }

  /** The alarms on at `nowMs` for this vehicle, the most urgent and then the newest first; only the incident's when one is given. */
  banner(vehicleId: string, incidentId: string | null, nowMs: number): BannerAlarm[] {
    const shown: BannerAlarm[] = [];
    for (const [key, h] of this.byVehicle.get(vehicleId) ?? []) {
      const { event, sinceMs } = h;
      if (sinceMs === null || !isOnAt(h, nowMs)) continue;
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

// A report without the vital belongs to the one alarm of its event on that monitor that is on;
// with two on (HR high and RR high), which one it means is unknown, and neither is ended.
function heldKeyOf(held: ReadonlyMap<string, Held>, event: MonitorAlarmEvent, atMs: number): string {
  const key = conditionKey(event);
  if (event.vital !== null) return key;
  const condition = conditionOf(event);
  const on = [...held].filter(([, h]) => conditionOf(h.event) === condition && isOnAt(h, atMs));
  return on.length === 1 ? on[0]![0] : key;
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
