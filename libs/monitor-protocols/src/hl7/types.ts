import type { VitalCode, VitalSource, WaveformLead } from '@feijiu/contracts';
import type { Hl7Framing } from './frame';

export interface Hl7Observation {
  code: VitalCode;
  mdc: number;
  value: number;
  /** UCUM from VITAL_SIGNS[code].ucum, after unit conversion when the device used another unit. */
  unit: string;
  /** ISO 8601 UTC from OBX-14, else null (use the message time). */
  measuredAt: string | null;
  flags: Array<'demo'>;
  /** OBX-4 containment path (mds.vmd.channel.metric); tells apart a second SpO2 channel. */
  path: string | null;
  /** The path as the contract's `channel` (printable ASCII, ≤ 64), else null: the value is kept without it. */
  channel: string | null;
  /** PR: where the pulse was counted, when its MDC code says (149530 SpO2, 149546 NIBP). */
  source: VitalSource | null;
}

export interface Hl7WaveformChannel {
  lead: WaveformLead;
  mdc: number;
  hz: number;
  /** Physical units per count, e.g. 0.001221 (mV). */
  resolution: number;
  /** 'mV' for ECG, '1' (dimensionless) for pleth/resp, or the unit the device gave. */
  unit: string;
  /** Counts. Invalid samples stay as 32767; the consumer turns them into gaps. */
  samples: Int16Array;
  invalidSampleCount: number;
}

export interface Hl7Ignored {
  mdc: number | null;
  reason: string;
}

interface Hl7MessageBase {
  controlId: string;
  /** MSH-3 first component (MSH-4 when MSH-3 is empty). */
  sendingApp: string;
  /** EUI-64 from MSH-3.2 when present, else MSH-4; a stable id for the monitor. */
  deviceId: string | null;
  messageTime: string | null;
  /**
   * The offset (minutes east of UTC) assumed for times that carried none (MSH-7, OBR-7/8,
   * OBX-14); null when every time had its own, or when MSH-7 had one (the other times are then
   * read at MSH-7's offset, unless `assumeUtcOffsetMin` is given).
   */
  assumedUtcOffsetMin: number | null;
}

export interface Hl7VitalsMessage extends Hl7MessageBase {
  kind: 'vitals';
  demo: boolean;
  observations: Hl7Observation[];
  ignored: Hl7Ignored[];
}

export interface Hl7WaveformMessage extends Hl7MessageBase {
  kind: 'waveform';
  t0: string | null;
  demo: boolean;
  channels: Hl7WaveformChannel[];
  /** Numeric vitals that came in the same message as the waveforms (rare, but not dropped). */
  observations: Hl7Observation[];
  ignored: Hl7Ignored[];
}

export interface Hl7AlarmMessage extends Hl7MessageBase {
  kind: 'alarm';
  alarmCode: number | null;
  alarmName: string;
  priority: 'PH' | 'PM' | 'PL' | 'PN' | null;
  technical: boolean;
  phase: string | null;
  text: string | null;
  /** MDC_ATTR_ALARM_STATE as sent, lower-cased (active, inactive, latched), else null. */
  state: string | null;
  /** The vital sign the alarm is about: a numeric row of the message, else the alert source or the OBX-4 path. */
  vital: Hl7AlarmVital | null;
  /** OBX-8 DEMO on any row. */
  demo: boolean;
}

export interface Hl7AlarmVital {
  code: VitalCode;
  /** in the contract unit, when the message carried the measured value */
  value: number | null;
  unit: string | null;
}

export type Hl7Message = Hl7VitalsMessage | Hl7WaveformMessage | Hl7AlarmMessage;

export type Hl7ErrorCode =
  | 'HL7_NOT_HL7'
  | 'HL7_NO_MSH'
  | 'HL7_UNSUPPORTED_TYPE'
  | 'HL7_TRUNCATED'
  | 'HL7_OVERSIZE'
  | 'HL7_NO_OBSERVATIONS';

/** What a reply needs of the message it answers: its MSH segment and how it was framed. */
export interface Hl7AckRequest {
  msh: string;
  framing: Hl7Framing;
}

export type Hl7Event =
  | {
      type: 'message';
      message: Hl7Message;
      /** ACK to write back, framed like the input (MLLP or bare), when MSH-15/16 ask for it. */
      ack: Buffer | null;
      /** For a caller that decides on the ACK itself (ack.ts shouldAck / buildAckReply); null without a readable MSH. */
      request?: Hl7AckRequest | null;
    }
  | {
      type: 'error';
      code: Hl7ErrorCode;
      detail: string;
      /** An AE/AR ACK when the sender wants one and its MSH was readable. */
      ack: Buffer | null;
      request?: Hl7AckRequest | null;
    };

export type Hl7ParseResult =
  | { ok: true; message: Hl7Message; ack: string | null }
  | { ok: false; code: Hl7ErrorCode; detail: string; ack: string | null };

export interface Hl7ParseOptions {
  /** Clock for the ACK's MSH-7. */
  now?: () => Date;
  /** Offset (minutes east of UTC) assumed for times without one; wins over MSH-7's offset and `assumeTimeZone`. */
  assumeUtcOffsetMin?: number;
  /**
   * IANA time zone (e.g. 'Asia/Shanghai') whose offset at the message's own wall-clock time (MSH-7)
   * is assumed for times without one, when MSH-7 carries no offset (else MSH-7's is used). With
   * neither option and no offset in MSH-7 such times are read as UTC.
   */
  assumeTimeZone?: string;
}
