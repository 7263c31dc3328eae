import { type AlarmMessage, type AlarmPriority, VITAL_SIGNS } from '@feijiu/contracts';
import type { PhysiologySnapshot } from './patient-scenario';

// The physiological alarms a transport monitor raises on its numerics, as IEC 60601-1-8 limit
// alarms: one report when a condition starts and one when it ends (IHE PCD-04 phase start/end,
// state active/inactive), never one per sample. A real monitor does not flap on a value that
// hovers at its limit: it waits out an alarm delay before it sounds and, here, wants the value
// back past a hysteresis margin for a while before it calls the condition over. Values are
// judged as the monitor displays them (rounded like the vitals it sends). Pure: the caller
// passes the snapshots in time order; nothing here reads a clock or draws a random number, so
// a seeded scenario raises the same alarms at the same times.

export type AlarmVitalCode = 'HR' | 'SPO2' | 'NIBP_SYS';

export interface AlarmRule {
  id: 'tachycardia' | 'spo2_low' | 'nibp_sys_low';
  vital: AlarmVitalCode;
  /** `above`: the alarm is about a value over the limit; `below`: under it. */
  direction: 'above' | 'below';
  /** The alarm limit; the condition is a value strictly beyond it. */
  limit: number;
  /** Hysteresis: the condition is over only once the value is back at or inside this. */
  clearAt: number;
  /** Alarm delay: the value stays beyond the limit this long before the alarm goes on. */
  onsetMs: number;
  /** The value stays back inside `clearAt` this long before the alarm ends. */
  clearMs: number;
  priority: Extract<AlarmPriority, 'high' | 'medium'>;
  /** IEEE 11073-10101 event (partition 3): the limit alarm of the metric. */
  event: { code: number; name: string };
  /** The vital as a monitor labels it on screen, for the alarm text. */
  label: string;
}

const MDC_EVT_HI = { code: 196648, name: 'MDC_EVT_HI' };
const MDC_EVT_LO = { code: 196670, name: 'MDC_EVT_LO' };

// Limits of a transport monitor's adult profile; the delays are monitors' usual alarm delays
// (SpO2 ~10 s); a cuff reading is one measurement, so NIBP alarms on the reading itself.
export const ALARM_RULES: readonly AlarmRule[] = [
  { id: 'tachycardia', vital: 'HR', direction: 'above', limit: 130, clearAt: 125, onsetMs: 5_000, clearMs: 10_000, priority: 'medium', event: MDC_EVT_HI, label: 'HR' },
  { id: 'spo2_low', vital: 'SPO2', direction: 'below', limit: 90, clearAt: 92, onsetMs: 10_000, clearMs: 10_000, priority: 'high', event: MDC_EVT_LO, label: 'SpO2' },
  { id: 'nibp_sys_low', vital: 'NIBP_SYS', direction: 'below', limit: 90, clearAt: 95, onsetMs: 0, clearMs: 0, priority: 'high', event: MDC_EVT_LO, label: 'NIBP-S' },
];

/** An alarm condition that started or ended, with the value the monitor showed at that moment. */
export interface AlarmChange {
  rule: AlarmRule;
  state: 'active' | 'inactive';
  atMs: number;
  value: number;
}

interface RuleState {
  on: boolean;
  /** Since when the value has been on the other side (beyond the limit while off, back while on). */
  crossingSinceMs: number | null;
  lastValue: number | null;
}

/** One monitor's alarm conditions, fed its snapshots in time order. */
export class MonitorAlarmDetector {
  private readonly states: Map<AlarmRule, RuleState>;

  constructor(private readonly rules: readonly AlarmRule[] = ALARM_RULES) {
    this.states = new Map(rules.map((r) => [r, { on: false, crossingSinceMs: null, lastValue: null }]));
  }

  /** The alarms that start or end with this snapshot. */
  observe(snapshot: PhysiologySnapshot): AlarmChange[] {
    const changes: AlarmChange[] = [];
    for (const rule of this.rules) {
      const value = displayedValue(rule.vital, snapshot);
      if (value === null) continue;
      const state = this.states.get(rule)!;
      state.lastValue = value;
      const crossing = state.on ? isBack(rule, value) : isBeyond(rule, value);
      if (!crossing) {
        state.crossingSinceMs = null;
        continue;
      }
      state.crossingSinceMs ??= snapshot.atMs;
      if (snapshot.atMs - state.crossingSinceMs < (state.on ? rule.clearMs : rule.onsetMs)) continue;
      state.on = !state.on;
      state.crossingSinceMs = null;
      changes.push({ rule, state: state.on ? 'active' : 'inactive', atMs: snapshot.atMs, value });
    }
    return changes;
  }

  /** Ends every alarm that is on: the monitor is taken off the patient. */
  end(atMs: number): AlarmChange[] {
    const changes: AlarmChange[] = [];
    for (const rule of this.rules) {
      const state = this.states.get(rule)!;
      if (!state.on) continue;
      state.on = false;
      state.crossingSinceMs = null;
      changes.push({ rule, state: 'inactive', atMs, value: state.lastValue! });
    }
    return changes;
  }

  /** The alarms on now. */
  get active(): AlarmRule[] {
    return this.rules.filter((r) => this.states.get(r)!.on);
  }
}

const isBeyond = (rule: AlarmRule, value: number): boolean => (rule.direction === 'above' ? value > rule.limit : value < rule.limit);
const isBack = (rule: AlarmRule, value: number): boolean => (rule.direction === 'above' ? value <= rule.clearAt : value >= rule.clearAt);

function displayedValue(vital: AlarmVitalCode, snapshot: PhysiologySnapshot): number | null {
  const raw = vital === 'HR' ? snapshot.heartRateBpm : vital === 'SPO2' ? snapshot.spo2Pct : (snapshot.nibp?.systolicMmHg ?? null);
  if (raw === null) return null;
  const factor = 10 ** VITAL_SIGNS[vital].decimals;
  return Math.round(raw * factor) / factor;
}

/** The alarm's screen text, e.g. `HR > 130`. */
export function alarmText(rule: AlarmRule): string {
  return `${rule.label} ${rule.direction === 'above' ? '>' : '<'} ${rule.limit}`;
}

/** A change as the contract's `alarm` message, without `seq` (the publisher assigns it). */
export function toAlarmMessage(change: AlarmChange, monitorId: string, demo: boolean): Omit<AlarmMessage, 'seq'> {
  const { rule } = change;
  return {
    ts: new Date(change.atMs).toISOString(),
    monitorId,
    code: rule.event.code,
    name: rule.event.name,
    text: alarmText(rule),
    priority: rule.priority,
    technical: false,
    state: change.state,
    phase: change.state === 'active' ? 'start' : 'end',
    vital: { code: rule.vital, value: change.value, unit: VITAL_SIGNS[rule.vital].ucum },
    ...(demo ? { flags: ['demo' as const] } : {}),
  };
}
