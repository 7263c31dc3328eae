import { DEFAULT_SEPARATORS, escapeHl7, readSeparators, Segment } from './er7';
import { encodeHl7 } from './frame';
import { formatHl7Time } from './time';
import type { Hl7AckRequest, Hl7ErrorCode } from './types';

export type AckCode = 'AA' | 'AE' | 'AR';

export interface AckOptions {
  /** MSH-7 of the ACK; defaults to the current time. */
  time?: Date;
  /** MSH-10 of the ACK; defaults to the original control id. */
  controlId?: string;
}

/**
 * Builds an ACK for the message whose MSH segment is `msh`: sending and receiving application and
 * facility swap, MSA-2 echoes MSH-10, and the original separators are kept. Segments end in CR.
 */
export function buildHl7Ack(msh: string, code: AckCode, text?: string, opts: AckOptions = {}): string {
  const firstLine = msh.split(/\r\n|\r|\n/)[0] ?? '';
  const parsed = readSeparators(firstLine);
  const sep = parsed ?? DEFAULT_SEPARATORS;
  // an unreadable MSH still gets a well-formed ACK, with empty echoes
  const seg = new Segment(parsed ? firstLine : 'MSH|^~\\&', sep);
  const f = sep.field;
  const controlId = seg.rawField(10);
  const trigger = seg.rawComponents(9)[1] ?? '';
  // IHE PCD-04 (HL7 2.6 §7.3.5-7.3.6): an alarm (ORU^R40) is answered with ORA^R41^ORA_R41;
  // everything else with the general ACK^<event>^ACK
  const type = trigger.trim().toUpperCase() === 'R40' ? ['ORA', 'R41', 'ORA_R41'] : ['ACK', trigger, 'ACK'];
  const header = [
    'MSH',
    seg.rawField(2),
    seg.rawField(5), // our application: who the message was addressed to
    seg.rawField(6),
    seg.rawField(3),
    seg.rawField(4),
    formatHl7Time(opts.time ?? new Date()),
    '',
    type.join(sep.component),
    opts.controlId === undefined ? controlId : escapeHl7(opts.controlId, sep),
    seg.rawField(11) || 'P',
    seg.rawField(12) || '2.6',
    '',
    '',
    // an ACK is never acknowledged
    'NE',
    'NE',
  ].join(f);
  const msa = ['MSA', code, controlId, ...(text ? [escapeHl7(text, sep)] : [])].join(f);
  return `${header}\r${msa}\r`;
}

/** MSH-9.1 of an acknowledgement (ACK, or ORA for an alarm): never acknowledged itself. */
export function isAcknowledgementType(messageType: string): boolean {
  const type = messageType.trim().toUpperCase();
  return type === 'ACK' || type === 'ORA';
}

/** Whether the sender asked for an ACK (enhanced mode, MSH-15 accept / MSH-16 application ack). */
export function wantsAck(accept: string, application: string, success: boolean): boolean {
  const asks = (v: string): boolean => {
    const mode = v.trim().toUpperCase();
    return mode === 'AL' || (success ? mode === 'SU' : mode === 'ER');
  };
  return asks(accept) || asks(application);
}

/**
 * When the bridge answers a monitor: 'auto' as the message asks (MSH-15/16, enhanced mode; both
 * empty is HL7 original mode, where every message expects an ACK), 'always' every message,
 * 'never' none (a device that chokes on ACKs).
 */
export const HL7_ACK_MODES = ['auto', 'always', 'never'] as const;
export type Hl7AckMode = (typeof HL7_ACK_MODES)[number];

/** The MSA-1 code that answers a message the parser could not use. */
export const ACK_CODE_FOR_ERROR: Readonly<Record<Hl7ErrorCode, AckCode>> = {
  HL7_NOT_HL7: 'AR',
  HL7_NO_MSH: 'AR',
  HL7_UNSUPPORTED_TYPE: 'AR',
  HL7_TRUNCATED: 'AR',
  HL7_OVERSIZE: 'AR',
  HL7_NO_OBSERVATIONS: 'AE',
};

/** Whether to answer the message whose MSH segment is `msh`; `success` = it was accepted and stored. */
export function shouldAck(mode: Hl7AckMode, msh: string, success: boolean): boolean {
  if (mode === 'never') return false;
  const firstLine = msh.split(/\r\n|\r|\n/)[0] ?? '';
  const sep = readSeparators(firstLine);
  if (!sep) return false;
  const seg = new Segment(firstLine, sep);
  // an acknowledgement is never acknowledged, whatever the mode
  if (isAcknowledgementType(seg.component(9, 1))) return false;
  if (mode === 'always') return true;
  const accept = seg.value(15);
  const application = seg.value(16);
  if (accept.trim() === '' && application.trim() === '') return true;
  return wantsAck(accept, application, success);
}

/** The ACK bytes answering `request`, framed the way it came (MLLP or bare). */
export function buildAckReply(request: Hl7AckRequest, code: AckCode, text?: string, opts: AckOptions = {}): Buffer {
  return encodeHl7(buildHl7Ack(request.msh, code, text, opts), request.framing);
}
