import { buildHl7Ack, isAcknowledgementType, wantsAck, type AckCode } from './ack';
import { readAlarm } from './alarm';
import { readSeparators, Segment, splitSegments } from './er7';
import { isContainmentRow, isDemoRow, readObx, type ObxRow } from './obx';
import { hasHl7TimeOffset, hl7TimeOffsetMin, parseHl7Time, utcOffsetInZone, utcOffsetInZoneAt } from './time';
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
  /** applied to every time of this message that carries no offset */
  offsetMin: number;
  /** some time of this message (MSH-7, OBR-7/8, OBX-14) carries no offset */
  offsetMissing: boolean;
}

/**
 * Parses one ER7 message (CR, LF or CRLF segment ends). Never throws: anything unusable comes back
 * as `{ ok: false, code }`. `ack` is the ACK text to send when MSH-15/16 ask for one. Segments
 * after a second MSH belong to another message: use parseHl7Messages for text that may hold several.
 */
export function parseHl7Message(text: string, opts: Hl7ParseOptions = {}): Hl7ParseResult {
  try {
    return parse(String(text), opts);
  } catch (e) {
    // last line of defence: a bug here must not take the gateway down
    return { ok: false, code: 'HL7_NOT_HL7', detail: `parser fault: ${String(e)}`, ack: null };
  }
}

/**
 * Parses text that may hold several messages back to back (a sender that batches them into one
 * MLLP block): one result per MSH, in order, each with its own ACK. Never throws.
 */
export function parseHl7Messages(text: string, opts: Hl7ParseOptions = {}): Hl7ParseResult[] {
  return splitHl7Messages(String(text)).map((one) => parseHl7Message(one, opts));
}

// where a segment that starts a message begins: "MSH" and a field separator at the start of a
// line, after blanks or control bytes that parse() strips too (never after a CR or LF)
const MESSAGE_START = /(?:^|\r\n|\r|\n)(?=(?:(?![\r\n])[\s\x00-\x1f])*MSH[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e])/g;

/** Cuts text before every MSH segment but the first; whatever precedes the first MSH stays with it. */
export function splitHl7Messages(text: string): string[] {
  const cuts = [...text.matchAll(MESSAGE_START)].map((m) => m.index + m[0].length).slice(1);
  const parts: string[] = [];
  let from = 0;
  for (const at of cuts) {
    parts.push(text.slice(from, at));
    from = at;
  }
  parts.push(text.slice(from));
  return parts;
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
  const ctx: Context = { mshText, msh, opts, ...offsetForTimesWithout(msh, body, opts) };

  const [type = '', trigger = '', structure = ''] = msh.rawComponents(9).map((c) => c.trim().toUpperCase());
  if (type === '') {
    const cut = body.length === 0 && !/[\r\n]$/.test(text);
    return cut ? fail('HL7_TRUNCATED', 'message ends inside MSH') : error(ctx, 'HL7_UNSUPPORTED_TYPE', 'MSH-9 is empty');
  }
  if (isAcknowledgementType(type)) return fail('HL7_UNSUPPORTED_TYPE', `${type} received; acknowledgements are not acknowledged`);
  if (type !== 'ORU') return error(ctx, 'HL7_UNSUPPORTED_TYPE', `message type ${type}^${trigger} is not supported`);
  const event = trigger || structure.replace(/^ORU_/, '');
  const rows = body.filter((s) => s.name === 'OBX').map(readObx);
  if (event === 'R40') return alarm(ctx, rows);
  return report(ctx, rows, body.find((s) => s.name === 'OBR'));
}

function header(ctx: Context): Pick<Hl7Message, 'controlId' | 'sendingApp' | 'deviceId' | 'messageTime' | 'assumedUtcOffsetMin'> {
  const { msh } = ctx;
  const appField = msh.value(3) !== '' ? 3 : 4;
  const deviceId = msh.component(appField, 2) || (appField === 3 ? msh.component(4, 1) : '');
  return {
    controlId: msh.value(10),
    sendingApp: msh.component(appField, 1),
    deviceId: deviceId === '' ? null : deviceId,
    messageTime: parseHl7Time(msh.value(7), offset(ctx)),
    assumedUtcOffsetMin: ctx.offsetMissing ? ctx.offsetMin : null,
  };
}

const offset = (ctx: Context): number => ctx.offsetMin;

/**
 * The offset for this message's times without one: the configured fixed one; else MSH-7's own
 * offset (HL7 reads an offset-less time as the sender's local time, and MSH-7 says what that is);
 * else the time zone's at the message's wall-clock time (MSH-7's digits; the clock's now when
 * MSH-7 is unreadable); else 0 (UTC). `offsetMissing` says whether that was a guess.
 */
function offsetForTimesWithout(msh: Segment, body: readonly Segment[], opts: Hl7ParseOptions): Pick<Context, 'offsetMin' | 'offsetMissing'> {
  const mshTime = msh.value(7);
  if (opts.assumeUtcOffsetMin !== undefined) return { offsetMin: opts.assumeUtcOffsetMin, offsetMissing: lacksOffset(msh, body) };
  const senderOffset = hl7TimeOffsetMin(mshTime);
  if (senderOffset !== null) return { offsetMin: senderOffset, offsetMissing: false };
  return { offsetMin: zoneOffsetMin(mshTime, opts), offsetMissing: lacksOffset(msh, body) };
}

function zoneOffsetMin(mshTime: string, opts: Hl7ParseOptions): number {
  if (opts.assumeTimeZone === undefined) return 0;
  // MSH-7 has no offset here: its digits are the sender's wall clock
  const wallClock = parseHl7Time(mshTime, 0);
  if (wallClock !== null) return utcOffsetInZone(opts.assumeTimeZone, Date.parse(wallClock));
  return utcOffsetInZoneAt(opts.assumeTimeZone, opts.now?.() ?? new Date());
}

function lacksOffset(msh: Segment, body: readonly Segment[]): boolean {
  const times = [msh.value(7)];
  for (const s of body) {
    if (s.name === 'OBR') times.push(s.value(7), s.value(8));
    else if (s.name === 'OBX') times.push(s.value(14));
  }
  return times.some((t) => hasHl7TimeOffset(t) === false);
}

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
  const observations: Hl7Observation[] = [];
  const ignored: Hl7Ignored[] = [];
  // every NA row opens a channel; an untracked one stays as a null slot so that its attribute
  // rows are not given to another channel
  const slots = new Map<ObxRow, Pending | null>();
  const waveRows = rows.filter((r) => r.valueType === 'NA');
  for (const row of waveRows) {
    const started = startChannel(row);
    slots.set(row, isPending(started) ? started : null);
    if (!isPending(started)) ignored.push(started);
  }
  let t0: string | null = from;
  for (const [index, row] of rows.entries()) {
    if (row.valueType === 'NA') {
      t0 ??= row.time ? parseHl7Time(row.time, offset(ctx)) : null;
      continue;
    }
    const owner = attributeOwner(row, index, rows, waveRows);
    const attr = owner === null ? null : attributeKind(row, { facet: owner.byPath });
    if (owner !== null && attr !== null) {
      const channel = slots.get(owner.row);
      if (channel) applyAttribute(channel, attr, row);
      continue;
    }
    const r = readVitalRow(row, offset(ctx));
    if (r.kind === 'observation') observations.push(r.observation);
    else ignored.push(r.ignored);
  }
  const channels = [];
  for (const p of slots.values()) {
    if (p === null) continue;
    const done = finishChannel(p, windowSec);
    if (isChannel(done)) channels.push(done);
    else ignored.push(done);
  }
  return success(ctx, { kind: 'waveform', ...header(ctx), t0, demo, channels, observations, ignored });
}

/**
 * The NA row an attribute row (sample rate, resolution, INOP) belongs to. IHE PCD-01 ties them by
 * OBX-4: the attribute's sub-id is the waveform's plus a facet (1.7.6.131329 → 1.7.6.131329.1), in
 * any order. Without such a path the nearest NA row before it is taken, else the next one after.
 */
function attributeOwner(row: ObxRow, index: number, rows: readonly ObxRow[], waveRows: readonly ObxRow[]): { row: ObxRow; byPath: boolean } | null {
  let best: ObxRow | null = null;
  for (const wave of waveRows) {
    if (wave.path !== '' && row.path.startsWith(`${wave.path}.`) && (best === null || wave.path.length > best.path.length)) best = wave;
  }
  if (best) return { row: best, byPath: true };
  if (!isOrderedAttribute(row)) return null;
  for (let i = index - 1; i >= 0; i--) if (rows[i]!.valueType === 'NA') return { row: rows[i]!, byPath: false };
  for (let i = index + 1; i < rows.length; i++) if (rows[i]!.valueType === 'NA') return { row: rows[i]!, byPath: false };
  return null;
}

const isOrderedAttribute = (row: ObxRow): boolean => attributeKind(row, { facet: false }) !== null;

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
  if (isAcknowledgementType(msh.component(9, 1))) return null;
  if (!wantsAck(msh.value(15), msh.value(16), false)) return null;
  return buildHl7Ack(mshText, ACK_FOR_ERROR[code], detail, opts.now ? { time: opts.now() } : {});
}
