import { DEFAULT_SEPARATORS, escapeHl7, readSeparators, Segment } from './er7';
import { formatHl7Time } from './time';

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
  const header = [
    'MSH',
    seg.rawField(2),
    seg.rawField(5), // our application: who the message was addressed to
    seg.rawField(6),
    seg.rawField(3),
    seg.rawField(4),
    formatHl7Time(opts.time ?? new Date()),
    '',
    ['ACK', trigger, 'ACK'].join(sep.component),
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

/** Whether the sender asked for an ACK (enhanced mode, MSH-15 accept / MSH-16 application ack). */
export function wantsAck(accept: string, application: string, success: boolean): boolean {
  const asks = (v: string): boolean => {
    const mode = v.trim().toUpperCase();
    return mode === 'AL' || (success ? mode === 'SU' : mode === 'ER');
  };
  return asks(accept) || asks(application);
}
