import { Buffer } from 'node:buffer';
import { DEFAULT_MAX_MESSAGE_BYTES, MLLP_END, MLLP_START } from './constants';
import { encodeHl7, isLineEnd, leadingMsh, matchMshAt, type Hl7Framing } from './frame';
import { errorAck, parseHl7Message, splitHl7Messages } from './message';
import type { Hl7AckRequest, Hl7ErrorCode, Hl7Event, Hl7ParseOptions } from './types';

export interface Hl7StreamParserOptions extends Hl7ParseOptions {
  /** Largest message accepted, in bytes; default 1 MiB. */
  maxMessageBytes?: number;
}

type Mode = 'idle' | 'mllp' | 'bare' | 'skip-mllp' | 'skip-bare';

const EMPTY = Buffer.alloc(0);

/**
 * HL7 v2 byte stream → messages. Accepts MLLP blocks and bare messages (a bare message ends at the
 * next "MSH" segment, an MLLP start, or flush()). Resyncs on 0x0B or "MSH", caps its buffer and
 * never throws.
 */
export class Hl7StreamParser {
  readonly stats = { messages: 0, errors: 0, discardedBytes: 0 };
  private readonly maxBytes: number;
  private buf: Buffer = EMPTY;
  private store: Buffer | null = null;
  private mode: Mode = 'idle';
  private scanFrom = 0;
  private skipFs = 0;
  private skipAtLineStart = false;
  private noiseBytes = 0;
  private noiseReported = false;

  constructor(private readonly opts: Hl7StreamParserOptions = {}) {
    const max = Math.floor(opts.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES);
    this.maxBytes = Number.isFinite(max) && max >= 16 ? max : DEFAULT_MAX_MESSAGE_BYTES;
  }

  push(chunk: Buffer): Hl7Event[] {
    const out: Hl7Event[] = [];
    if (!chunk || chunk.length === 0) return out;
    this.append(chunk);
    while (this.step(out));
    return out;
  }

  /** End of stream or idle timeout: a bare message still buffered is emitted, a partial one reported. */
  flush(): Hl7Event[] {
    const out: Hl7Event[] = [];
    const buf = this.buf;
    switch (this.mode) {
      case 'idle':
        this.dropNoise(buf, out);
        break;
      case 'mllp':
        this.discard(buf.length);
        if (hasContent(buf.subarray(1))) this.streamError(out, 'HL7_TRUNCATED', `stream ended inside an MLLP block after ${buf.length} bytes`, buf.subarray(1), 'mllp');
        break;
      case 'bare': {
        // a terminator followed by the start of "MSH" is the end of this message
        const end = this.scanFrom < buf.length && isLineEnd(buf[this.scanFrom]) ? this.scanFrom + 1 : buf.length;
        const message = buf.subarray(0, end);
        this.dropNoise(buf.subarray(end), out);
        if (message.length > this.maxBytes) this.oversize(out, message, 'bare', message.length);
        else if (isLineEnd(message[message.length - 1])) this.emitMessage(out, message, 'bare');
        else {
          this.discard(message.length);
          this.streamError(out, 'HL7_TRUNCATED', `stream ended inside a segment after ${message.length} bytes`, message, 'bare');
        }
        break;
      }
      case 'skip-mllp':
        this.discard(buf.length);
        break;
      case 'skip-bare':
        // what is left is the start of an "MSH" that never completed: noise, as in idle
        this.dropNoise(buf, out);
        break;
      default:
        break;
    }
    this.endNoise(out);
    this.reset(EMPTY, 'idle');
    return out;
  }

  /**
   * Appends into a private, growing store so that a large message arriving in small serial chunks
   * is not copied again on every push. No event ever holds a view of the store.
   */
  private append(chunk: Buffer): void {
    const view = this.buf;
    const store = this.store;
    const end = view.byteOffset + view.length;
    if (store !== null && view.buffer === store.buffer && end + chunk.length <= store.byteOffset + store.length) {
      chunk.copy(store, end - store.byteOffset);
      this.buf = store.subarray(view.byteOffset - store.byteOffset, end - store.byteOffset + chunk.length);
      return;
    }
    // not pooled: the bytes after the view must belong to this parser alone
    const grown = Buffer.allocUnsafeSlow(Math.max(4096, 2 * (view.length + chunk.length)));
    view.copy(grown, 0);
    chunk.copy(grown, view.length);
    this.store = grown;
    this.buf = grown.subarray(0, view.length + chunk.length);
  }

  private step(out: Hl7Event[]): boolean {
    switch (this.mode) {
      case 'idle':
        return this.stepIdle(out);
      case 'mllp':
        return this.stepMllp(out);
      case 'bare':
        return this.stepBare(out);
      case 'skip-mllp':
        return this.stepSkipMllp();
      case 'skip-bare':
        return this.stepSkipBare();
      default:
        return false;
    }
  }

  private stepIdle(out: Hl7Event[]): boolean {
    const buf = this.buf;
    for (let i = 0; i < buf.length; i++) {
      const b = buf[i]!;
      if (b === MLLP_START) return this.begin(out, i, 'mllp');
      if (b !== 0x4d) continue;
      const m = matchMshAt(buf, i);
      if (m === 'yes') return this.begin(out, i, 'bare');
      if (m === 'partial') {
        this.dropNoise(buf.subarray(0, i), out);
        this.reset(buf.subarray(i), 'idle');
        return false;
      }
    }
    this.dropNoise(buf, out);
    this.reset(EMPTY, 'idle');
    return false;
  }

  private begin(out: Hl7Event[], at: number, mode: 'mllp' | 'bare'): boolean {
    this.dropNoise(this.buf.subarray(0, at), out);
    this.endNoise(out);
    this.reset(this.buf.subarray(at), mode);
    this.scanFrom = mode === 'mllp' ? 1 : 4;
    return true;
  }

  private stepMllp(out: Hl7Event[]): boolean {
    const buf = this.buf;
    const end = firstOf(buf, this.scanFrom, MLLP_END, MLLP_START);
    if (end < 0) {
      this.scanFrom = buf.length;
      if (buf.length - 1 > this.maxBytes) {
        this.oversize(out, buf.subarray(1), 'mllp', buf.length);
        this.reset(EMPTY, 'skip-mllp');
      }
      return false;
    }
    const content = buf.subarray(1, end);
    if (buf[end] === MLLP_END) {
      if (content.length > this.maxBytes) this.oversize(out, content, 'mllp', end + 1);
      else this.emitMessage(out, content, 'mllp');
      this.reset(buf.subarray(end + 1), 'idle');
      return true;
    }
    // a new block started before this one ended
    if (content.length > this.maxBytes) this.oversize(out, content, 'mllp', end);
    else {
      this.discard(end);
      if (hasContent(content)) this.streamError(out, 'HL7_TRUNCATED', `MLLP block cut after ${content.length} bytes by a new block`, content, 'mllp');
    }
    this.reset(buf.subarray(end), 'mllp');
    this.scanFrom = 1;
    return true;
  }

  private stepBare(out: Hl7Event[]): boolean {
    const buf = this.buf;
    const fs = buf[3]!;
    for (let k = this.scanFrom; k < buf.length; k++) {
      const b = buf[k]!;
      if (b === MLLP_START || b === MLLP_END) {
        // an MLLP end here means the block's 0x0B was lost: still a whole message
        const message = buf.subarray(0, k);
        const framing: Hl7Framing = b === MLLP_END ? 'mllp' : 'bare';
        const consumed = b === MLLP_END ? k + 1 : k;
        // oversize is judged as bare: the block's end was not known while the bytes were counted
        if (message.length > this.maxBytes) this.oversize(out, message, 'bare', consumed);
        else if (b === MLLP_END || isLineEnd(message[message.length - 1])) this.emitMessage(out, message, framing);
        else {
          this.discard(k);
          this.streamError(out, 'HL7_TRUNCATED', `message cut inside a segment after ${k} bytes by an MLLP block`, message, 'bare');
        }
        this.reset(buf.subarray(consumed), 'idle');
        return true;
      }
      if (!isLineEnd(b)) continue;
      const next = matchMshAt(buf, k + 1, fs);
      if (next === 'yes') {
        const message = buf.subarray(0, k + 1);
        if (message.length > this.maxBytes) this.oversize(out, message, 'bare', k + 1);
        else this.emitMessage(out, message, 'bare');
        this.reset(buf.subarray(k + 1), 'bare');
        this.scanFrom = 4;
        return true;
      }
      if (next === 'partial') {
        // wait for the next bytes; the size check happens once the boundary is known
        this.scanFrom = k;
        return false;
      }
    }
    this.scanFrom = buf.length;
    if (buf.length > this.maxBytes) this.bareOversize(out, buf.length);
    return false;
  }

  private bareOversize(out: Hl7Event[], messageBytes: number): void {
    this.skipFs = this.buf[3]!;
    this.skipAtLineStart = isLineEnd(this.buf[messageBytes - 1]);
    this.oversize(out, this.buf.subarray(0, messageBytes), 'bare', messageBytes);
    this.reset(this.buf.subarray(messageBytes), 'skip-bare');
  }

  private stepSkipMllp(): boolean {
    const end = firstOf(this.buf, 0, MLLP_END, MLLP_START);
    if (end < 0) {
      this.discard(this.buf.length);
      this.reset(EMPTY, 'skip-mllp');
      return false;
    }
    const consumed = this.buf[end] === MLLP_END ? end + 1 : end;
    this.discard(consumed);
    this.reset(this.buf.subarray(consumed), 'idle');
    return true;
  }

  private stepSkipBare(): boolean {
    const buf = this.buf;
    for (let p = 0; p < buf.length; p++) {
      const b = buf[p]!;
      if (b === MLLP_START || b === MLLP_END) {
        const consumed = b === MLLP_END ? p + 1 : p;
        this.discard(consumed);
        this.reset(buf.subarray(consumed), 'idle');
        return true;
      }
      const atLineStart = p === 0 ? this.skipAtLineStart : isLineEnd(buf[p - 1]);
      if (!atLineStart || b !== 0x4d) continue;
      const next = matchMshAt(buf, p, this.skipFs);
      if (next === 'yes') {
        this.discard(p);
        this.reset(buf.subarray(p), 'idle');
        return true;
      }
      if (next === 'partial') {
        this.discard(p);
        this.skipAtLineStart = true;
        this.reset(buf.subarray(p), 'skip-bare');
        return false;
      }
    }
    this.discard(buf.length);
    this.skipAtLineStart = isLineEnd(buf[buf.length - 1]);
    this.reset(EMPTY, 'skip-bare');
    return false;
  }

  /** A block may hold several messages (a sender batching them): each is emitted and answered on its own. */
  private emitMessage(out: Hl7Event[], bytes: Buffer, framing: Hl7Framing): void {
    for (const text of splitHl7Messages(bytes.toString('utf8'))) {
      const r = parseHl7Message(text, this.opts);
      const request = ackRequest(Buffer.from(text, 'utf8'), framing);
      if (r.ok) {
        this.stats.messages++;
        out.push({ type: 'message', message: r.message, ack: r.ack === null ? null : encodeHl7(r.ack, framing), request });
      } else {
        this.stats.errors++;
        out.push({ type: 'error', code: r.code, detail: r.detail, ack: r.ack === null ? null : encodeHl7(r.ack, framing), request });
      }
    }
  }

  private oversize(out: Hl7Event[], head: Buffer, framing: Hl7Framing, discarded: number): void {
    this.discard(discarded);
    this.streamError(out, 'HL7_OVERSIZE', `message larger than ${this.maxBytes} bytes`, head, framing);
  }

  private streamError(out: Hl7Event[], code: Hl7ErrorCode, detail: string, head: Buffer, framing: Hl7Framing): void {
    this.stats.errors++;
    // only the first maxBytes are looked at, so the ACK does not depend on how the bytes were chunked
    const request = ackRequest(head.subarray(0, this.maxBytes), framing);
    const ack = errorAck(request?.msh ?? null, code, detail, this.opts);
    out.push({ type: 'error', code, detail, ack: ack === null ? null : encodeHl7(ack, framing), request });
  }

  /** Bytes outside any message. CR/LF between messages are not noise. */
  private dropNoise(bytes: Buffer, out: Hl7Event[]): void {
    let n = 0;
    for (const b of bytes) if (!isLineEnd(b)) n++;
    this.noiseBytes += n;
    this.stats.discardedBytes += n;
    // a line that never carries HL7 (wrong baud rate, wrong port) is reported without waiting for a start
    if (!this.noiseReported && this.noiseBytes > this.maxBytes) this.reportNoise(out, `more than ${this.maxBytes}`);
  }

  /** A run of noise ended (a message starts, or the stream ends): report it once. */
  private endNoise(out: Hl7Event[]): void {
    if (!this.noiseReported && this.noiseBytes > 0) this.reportNoise(out, String(this.noiseBytes));
    this.noiseBytes = 0;
    this.noiseReported = false;
  }

  private reportNoise(out: Hl7Event[], count: string): void {
    this.noiseReported = true;
    this.stats.errors++;
    out.push({ type: 'error', code: 'HL7_NOT_HL7', detail: `skipped ${count} bytes that are not HL7`, ack: null, request: null });
  }

  private discard(n: number): void {
    this.stats.discardedBytes += n;
  }

  private reset(buf: Buffer, mode: Mode): void {
    this.buf = buf;
    this.mode = mode;
    this.scanFrom = 0;
  }
}

function firstOf(buf: Buffer, from: number, a: number, b: number): number {
  const i = buf.indexOf(a, from);
  const j = buf.indexOf(b, from);
  if (i < 0) return j;
  if (j < 0) return i;
  return Math.min(i, j);
}

/** The message's MSH (after a UTF-8 byte order mark, which the message parser skips too) for a reply. */
function ackRequest(bytes: Buffer, framing: Hl7Framing): Hl7AckRequest | null {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const msh = leadingMsh(bytes.subarray(bom));
  return msh === null ? null : { msh, framing };
}

const hasContent = (bytes: Buffer): boolean => bytes.some((b) => !isLineEnd(b) && b !== 0x20);
