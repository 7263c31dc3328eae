import { MDC_CODE_MAX, type AlarmMessage, type AlarmPriority, type AlarmState, type VitalCode } from '@feijiu/contracts';
import { toUtcIso } from './time';

// A parsed ORU^R40 (IHE PCD-04 ACM) → the `alarm` payload (without seq, which the outbox
// assigns). ts = the message time, else the gateway clock. The state is what the monitor said
// (MDC_ATTR_ALARM_STATE); without it, the event phase tells: end/stop/reset/inactivate mean the
// condition is over, every other phase (start, continue, update, escalate, …) that it is on.

export type AlarmBody = Omit<AlarmMessage, 'seq'>;

/** What the bridge needs of a parsed alarm (structurally, the parser's Hl7AlarmMessage). */
export interface AlarmInput {
  monitorId: string;
  messageTime: string | null;
  alarmCode: number | null;
  alarmName: string;
  text: string | null;
  priority: 'PH' | 'PM' | 'PL' | 'PN' | null;
  technical: boolean;
  phase: string | null;
  state: string | null;
  vital: { code: VitalCode; value: number | null; unit: string | null } | null;
  demo: boolean;
}

const PRIORITY: Record<'PH' | 'PM' | 'PL' | 'PN', AlarmPriority> = { PH: 'high', PM: 'medium', PL: 'low', PN: 'none' };
const STATES: ReadonlySet<string> = new Set<AlarmState>(['active', 'latched', 'inactive']);
const ENDING_PHASES: ReadonlySet<string> = new Set(['end', 'stop', 'reset', 'inactivate', 'cancel']);

export function normaliseAlarm(input: AlarmInput, now: Date): AlarmBody {
  const phase = clip(input.phase?.trim().toLowerCase() ?? '', 32);
  const text = clip(input.text?.trim() ?? '', 256);
  const name = clip(input.alarmName.trim(), 128) || text.slice(0, 128) || 'unknown alarm';
  const code = input.alarmCode !== null && Number.isInteger(input.alarmCode) && input.alarmCode >= 0 && input.alarmCode <= MDC_CODE_MAX ? input.alarmCode : null;
  const vital = input.vital;
  return {
    ts: toUtcIso(input.messageTime) ?? now.toISOString(),
    monitorId: input.monitorId,
    ...(code !== null && { code }),
    name,
    ...(text !== '' && { text }),
    ...(input.priority !== null && { priority: PRIORITY[input.priority] }),
    technical: input.technical,
    state: stateOf(input.state, phase),
    ...(phase !== '' && { phase }),
    ...(vital && {
      vital: {
        code: vital.code,
        ...(vital.value !== null && Number.isFinite(vital.value) && { value: vital.value }),
        ...(vital.unit && { unit: clip(vital.unit, 32) }),
      },
    }),
    ...(input.demo && { flags: ['demo' as const] }),
  };
}

function stateOf(state: string | null, phase: string): AlarmState {
  const said = state?.trim().toLowerCase() ?? '';
  if (STATES.has(said)) return said as AlarmState;
  if (said === 'off') return 'inactive';
  return ENDING_PHASES.has(phase) ? 'inactive' : 'active';
}

// to the contract's length (UTF-16 units), never ending in half a surrogate pair
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}
