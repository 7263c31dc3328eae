import { buildHl7Ack, wantsAck, type AckCode } from './ack';
import { readAlarm } from './alarm';
import { readSeparators, Segment, splitSegments } from './er7';
import { isContainmentRow, isDemoRow, readObx, type ObxRow } from './obx';
import { parseHl7Time } from './time';
import type { Hl7ErrorCode, Hl7Ignored, Hl7Message, Hl7Observation, Hl7ParseOptions, Hl7ParseResult } from './types';
import { readVitalRow, readVitalRows } from './vitals';
import { applyAttribute, attributeKind, finishChannel, isChannel, isPending, startChannel, type Pending } from './waveform';

const SEGMENT_LIKE = /^[A-Z][A-Z0-9]{2}[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]/;
const ACK_FOR_ERROR: Record<Hl7ErrorCode, AckCode> = {
  HL7_NOT_HL7: 'AR',
  HL7_NO_MSH: 'AR',
  HL7_UNSUPPORTED_TYPE: 'AR',
  HL7_TRUNCATED: 'AR',
  HL7_OVERSIZE: 'AR',
  HL7_NO_OBSERVATIONS: 'AE',
};

interface Context {
  mshText: string;
  msh: Segment;
  opts: Hl7ParseOptions;
}

/**
 * Parses one ER7 message (CR, LF or CRLF segment ends). Never throws: anything unusable comes back
 * as `{ ok: false, code }`. `ack` is the ACK text to send when MSH-15/16 ask for one.
 */
export function parseHl7Message(text: string, opts: Hl7ParseOptions = {}): Hl7ParseResult {
  try {
    return parse(String(text), opts);
  } catch (e) {
    // last line of defence: a bug here must not take the gateway down
    return { ok: false, code: 'HL7_NOT_HL7', detail: `parser fault: ${String(e)}`, ack: null };
  }
}

function parse(text: string, opts: Hl7ParseOptions): Hl7ParseResult {
  const segments = splitSegments(text.replace(/^\uFEFF/, '')).map((s) => s.replace(/^[\s\x00-\x1f]+/, ''));
  const start = segments.findIndex((s) => s.startsWith('MSH'));
  if (start < 0) {
    return segments.some((s) => SEGMENT_LIKE.test(s))
      ? fail('HL7_NO_MSH', 'segments but no MSH segment')
      : fail('HL7_NOT_HL7', 'no HL7 segments');
  }
  const mshText = segments[start]!;
  const sep = readSeparators(mshText);
  if (!sep) return fail('HL7_NOT_HL7', 'MSH-1/MSH-2 separators unusable');
  const msh = new Segment(mshText, sep);
  const next = segments.findIndex((s, i) => i > start && s.startsWith('MSH'));
  const body = segments.slice(start + 1, next < 0 ? undefined : next).map((s) => new Segment(s, sep));
  const ctx: Context = { mshText, msh, opts };

  const [type = '', trigger = '', structure = ''] = msh.rawComponents(9).map((c) => c.trim().toUpperCase());
  if (type === '') {
    const cut = body.length === 0 && !/[\r\n]$/.test(text);
    return cut ? fail('HL7_TRUNCATED', 'message ends inside MSH') : error(ctx, 'HL7_UNSUPPORTED_TYPE', 'MSH-9 is empty');
  }
  if (type === 'ACK') return fail('HL7_UNSUPPORTED_TYPE', 'ACK received; acknowledgements are not acknowledged');
  if (type !== 'ORU') return error(ctx, 'HL7_UNSUPPORTED_TYPE', `message type ${type}^${trigger} is not supported`);
  const event = trigger || structure.replace(/^ORU_/, '');
  const rows = body.filter((s) => s.name === 'OBX').map(readObx);
  if (event === 'R40') return alarm(ctx, rows);
  return report(ctx, rows, body.find((s) => s.name === 'OBR'));
}

function header(ctx: Context): Pick<Hl7Message, 'controlId' | 'sendingApp' | 'deviceId' | 'messageTime'> {
  const { msh } = ctx;
  const appField = msh.value(3) !== '' ? 3 : 4;
  const deviceId = msh.component(appField, 2) || (appField === 3 ? msh.component(4, 1) : '');
  return {
    controlId: msh.value(10),
    sendingApp: msh.component(appField, 1),
    deviceId: deviceId === '' ? null : deviceId,
    messageTime: parseHl7Time(msh.value(7), offset(ctx)),
  };
}

const offset = (ctx: Context): number => ctx.opts.assumeUtcOffsetMin ?? 0;

function alarm(ctx: Context, rows: ObxRow[]): Hl7ParseResult {
  const fields = readAlarm(rows);
  if (!fields) return error(ctx, 'HL7_NO_OBSERVATIONS', 'ORU^R40 without an alarm event row');
  return success(ctx, { kind: 'alarm', ...header(ctx), ...fields });
}

function report(ctx: Context, rows: ObxRow[], obr: Segment | undefined): Hl7ParseResult {
  const live = rows.filter((r) => !isContainmentRow(r));
  const demo = rows.some(isDemoRow);
  if (live.some((r) => r.valueType === 'NA')) return waveform(ctx, live, obr, demo);
  const { observations, ignored } = readVitalRows(live, offset(ctx));
  if (observations.length === 0 && ignored.length === 0) {
    return error(ctx, 'HL7_NO_OBSERVATIONS', 'no OBX row carries a value');
  }
  return success(ctx, { kind: 'vitals', ...header(ctx), demo, observations, ignored });
}

function waveform(ctx: Context, rows: ObxRow[], obr: Segment | undefined, demo: boolean): Hl7ParseResult {
  const from = obr ? parseHl7Time(obr.value(7), offset(ctx)) : null;
  const to = obr ? parseHl7Time(obr.value(8), offset(ctx)) : null;
  const windowSec = from && to ? (Date.parse(to) - Date.parse(from)) / 1000 : null;
  const pending: Pending[] = [];
  const observations: Hl7Observation[] = [];
  const ignored: Hl7Ignored[] = [];
  let current: Pending | null = null;
  let inWaveform = false;
  let t0: string | null = from;
  for (const row of rows) {
    if (row.valueType === 'NA') {
      const started = startChannel(row);
      inWaveform = true;
      current = isPending(started) ? started : null;
      if (isPending(started)) pending.push(started);
      else ignored.push(started);
      t0 ??= row.time ? parseHl7Time(row.time, offset(ctx)) : null;
      continue;
    }
    const attr = attributeKind(row);
    if (attr !== null && inWaveform) {
      if (current) applyAttribute(current, attr, row);
      continue;
    }
    const r = readVitalRow(row, offset(ctx));
    if (r.kind === 'observation') observations.push(r.observation);
    else ignored.push(r.ignored);
  }
  const channels = [];
  for (const p of pending) {
    const done = finishChannel(p, windowSec);
    if (isChannel(done)) channels.push(done);
    else ignored.push(done);
  }
  return success(ctx, { kind: 'waveform', ...header(ctx), t0, demo, channels, observations, ignored });
}

function success(ctx: Context, message: Hl7Message): Hl7ParseResult {
  const { msh } = ctx;
  const ack = wantsAck(msh.value(15), msh.value(16), true) ? buildHl7Ack(ctx.mshText, 'AA', undefined, ackOpts(ctx)) : null;
  return { ok: true, message, ack };
}

const ackOpts = (ctx: Context): { time?: Date } => (ctx.opts.now ? { time: ctx.opts.now() } : {});

function fail(code: Hl7ErrorCode, detail: string): Hl7ParseResult {
  return { ok: false, code, detail, ack: null };
}

function error(ctx: Context, code: Hl7ErrorCode, detail: string): Hl7ParseResult {
  return { ok: false, code, detail, ack: errorAck(ctx.mshText, code, detail, ctx.opts) };
}

/** The AE/AR ACK for an error, when the MSH is readable and asks for one; else null. */
export function errorAck(mshText: string | null, code: Hl7ErrorCode, detail: string, opts: Hl7ParseOptions = {}): string | null {
  if (mshText === null) return null;
  const sep = readSeparators(mshText);
  if (!sep) return null;
  const msh = new Segment(mshText, sep);
  if (msh.component(9, 1).toUpperCase() === 'ACK') return null;
  if (!wantsAck(msh.value(15), msh.value(16), false)) return null;
  return buildHl7Ack(mshText, ACK_FOR_ERROR[code], detail, opts.now ? { time: opts.now() } : {});
}
