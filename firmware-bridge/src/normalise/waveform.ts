import { ECG_LEADS, type WaveformLead, type WaveformMessage } from '@feijiu/contracts';
import { toUtcIso } from './time';

// Parsed HL7 waveform channels → `waveform` payloads (without seq). One payload holds leads
// that share sample rate, scale and length, because the contract has one hz and one lsbUv per
// message and lays samples out lead after lead; anything else goes to its own message.
// Invalid samples (32767) inside valid data stay as they are (consumers draw a gap); a channel
// with no valid sample at all (no sensor attached) is dropped and reported.

export type WaveformBody = Omit<WaveformMessage, 'seq'>;

/** What the bridge needs of a parsed channel (structurally, the parser's Hl7WaveformChannel). */
export interface WaveformChannelInput {
  lead: WaveformLead;
  hz: number;
  /** physical units per count in `unit` (mV for ECG) */
  resolution: number;
  unit: string;
  samples: Int16Array;
  invalidSampleCount: number;
}

export interface WaveformInput {
  monitorId: string;
  t0: string | null;
  demo: boolean;
  channels: readonly WaveformChannelInput[];
}

export interface DroppedChannel {
  lead: WaveformLead;
  reason: 'no valid samples' | 'unusable scale' | 'unusable sample rate';
}

export interface WaveformNormalised {
  messages: WaveformBody[];
  dropped: DroppedChannel[];
}

export const MAX_LEADS_PER_MESSAGE = 16;

// Microvolts per one unit of the channel's resolution. Non-electrical channels (pleth, resp:
// unit '1') keep their own per-count scale in lsbUv, as the contract has no other field for it.
const MICROVOLTS_PER_UNIT: Readonly<Record<string, number>> = { mV: 1000, uV: 1, µV: 1, 'μV': 1, V: 1_000_000 };

export function normaliseWaveform(input: WaveformInput, now: Date): WaveformNormalised {
  const dropped: DroppedChannel[] = [];
  const groups = new Map<string, { hz: number; lsbUv: number; channels: WaveformChannelInput[] }>();
  for (const channel of input.channels) {
    const reason = unusable(channel);
    if (reason) {
      dropped.push({ lead: channel.lead, reason });
      continue;
    }
    const lsbUv = toLsbUv(channel);
    const key = `${channel.hz}|${lsbUv}|${channel.samples.length}`;
    const group = groups.get(key) ?? { hz: channel.hz, lsbUv, channels: [] };
    group.channels.push(channel);
    groups.set(key, group);
  }
  const t0 = toUtcIso(input.t0) ?? now.toISOString();
  const messages: WaveformBody[] = [];
  for (const group of groups.values()) {
    for (let i = 0; i < group.channels.length; i += MAX_LEADS_PER_MESSAGE) {
      const channels = group.channels.slice(i, i + MAX_LEADS_PER_MESSAGE);
      messages.push({
        t0,
        monitorId: input.monitorId,
        hz: group.hz,
        leads: channels.map((c) => c.lead),
        lsbUv: group.lsbUv,
        data: encodeSamples(channels.map((c) => c.samples)),
        ...(input.demo && { flags: ['demo' as const] }),
      });
    }
  }
  return { messages, dropped };
}

/** base64 of int16 little-endian samples, lead after lead. */
export function encodeSamples(leads: readonly Int16Array[]): string {
  const total = leads.reduce((sum, l) => sum + l.length, 0);
  const buf = Buffer.allocUnsafe(total * 2);
  let offset = 0;
  for (const samples of leads) {
    for (const sample of samples) offset = buf.writeInt16LE(sample, offset);
  }
  return buf.toString('base64');
}

function unusable(channel: WaveformChannelInput): DroppedChannel['reason'] | null {
  if (channel.samples.length === 0 || channel.invalidSampleCount >= channel.samples.length) return 'no valid samples';
  if (!(channel.hz > 0 && channel.hz <= 2000)) return 'unusable sample rate';
  // an ECG drawn at a guessed scale could mislead a clinician: better no trace than a wrong one
  if (!(toLsbUv(channel) > 0)) return 'unusable scale';
  if (isEcgLead(channel.lead) && MICROVOLTS_PER_UNIT[channel.unit] === undefined) return 'unusable scale';
  return null;
}

function isEcgLead(lead: WaveformLead): boolean {
  return (ECG_LEADS as readonly string[]).includes(lead);
}

function toLsbUv(channel: WaveformChannelInput): number {
  const perUnit = MICROVOLTS_PER_UNIT[channel.unit] ?? 1;
  // 0.001221 mV × 1000 is 1.2209999999999999 in binary floating point; keep the device's digits
  return Number((channel.resolution * perUnit).toPrecision(12));
}
