import { isPlausibleVital, type VitalCode, type VitalObservation, type VitalsMessage, type VitalSource } from '@feijiu/contracts';
import { toUtcIso } from './time';

// Parsed HL7 numerics → the `vitals` payload (without seq, which the outbox assigns).
// ts = the message time, else the first OBX time, else the gateway clock; each obs keeps its
// own OBX-14 time (NIBP is measured earlier than the message is sent). Demo-mode data keeps
// flags:['demo'] on every obs so no console shows it as a real patient's value. The channel
// (OBX-4) and a pulse rate's source go along when the parser found them.

export type VitalsBody = Omit<VitalsMessage, 'seq'>;

/** What the bridge needs of a parsed observation (structurally, the parser's Hl7Observation). */
export interface ObservationInput {
  code: VitalCode;
  value: number;
  unit: string;
  measuredAt: string | null;
  flags?: readonly string[];
  channel?: string | null;
  source?: VitalSource | null;
}

export interface VitalsInput {
  monitorId: string;
  messageTime: string | null;
  demo: boolean;
  observations: readonly ObservationInput[];
}

export interface VitalsNormalised {
  messages: VitalsBody[];
  /** values outside the physiological range (device sentinels, artefacts): never forwarded */
  implausible: Array<{ code: VitalCode; value: number }>;
}

/** The contract allows at most this many obs in one message. */
export const MAX_OBS_PER_MESSAGE = 64;

export function normaliseVitals(input: VitalsInput, now: Date): VitalsNormalised {
  const implausible: VitalsNormalised['implausible'] = [];
  const obs: VitalObservation[] = [];
  for (const o of input.observations) {
    if (!isPlausibleVital(o.code, o.value)) {
      implausible.push({ code: o.code, value: o.value });
      continue;
    }
    const ts = toUtcIso(o.measuredAt);
    const demo = input.demo || (o.flags?.includes('demo') ?? false);
    obs.push({
      code: o.code,
      value: o.value,
      unit: o.unit,
      ...(ts && { ts }),
      ...(o.channel && { channel: o.channel }),
      ...(o.source && { source: o.source }),
      ...(demo && { flags: ['demo'] }),
    });
  }
  if (obs.length === 0) return { messages: [], implausible };
  const firstObsTime = input.observations.map((o) => toUtcIso(o.measuredAt)).find((t) => t !== null) ?? null;
  const ts = toUtcIso(input.messageTime) ?? firstObsTime ?? now.toISOString();
  const messages: VitalsBody[] = [];
  for (let i = 0; i < obs.length; i += MAX_OBS_PER_MESSAGE) {
    messages.push({ ts, monitorId: input.monitorId, obs: obs.slice(i, i + MAX_OBS_PER_MESSAGE) });
  }
  return { messages, implausible };
}
