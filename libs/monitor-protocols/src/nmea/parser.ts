import { Buffer } from 'node:buffer';
import { NMEA_MAX_LINE_BYTES, NMEA_MAX_LINE_BYTES_LIMIT, NMEA_START } from './constants';
import { readSentence } from './frame';
import { decodeSentence, type NmeaDateMemory, type NmeaEvent } from './sentence';

export interface NmeaStreamParserOptions {
  /** Longest line accepted, "$" to CR LF inclusive: 82 per NMEA 0183; up to 1024 allowed. */
  maxLineBytes?: number;
}

type Mode = 'idle' | 'line' | 'skip';

const EMPTY = Buffer.alloc(0);
const CR = 0x0d;
const LF = 0x0a;
const isLineEnd = (b: number | undefined): boolean => b === CR || b === LF;

/**
 * NMEA 0183 byte stream → fixes and courses. Resyncs on '$', drops a bad checksum and goes on,
 * caps a line at maxLineBytes and never throws. `stats.errors` counts faults (bad checksum,
 * malformed, oversize); sentences we do not decode (GSV, GSA, TXT…) are reported as
 * NMEA_UNSUPPORTED but are not faults.
 */
export class NmeaStreamParser {
  readonly stats = { sentences: 0, errors: 0, discardedBytes: 0 };
  private readonly maxContent: number;
  private readonly memory: NmeaDateMemory = { lastDateMs: null, lastSecondsOfDay: null };
  private buf: Buffer = EMPTY;
  private mode: Mode = 'idle';
  private scanFrom = 0;

  constructor(opts: NmeaStreamParserOptions = {}) {
    const max = Math.floor(opts.maxLineBytes ?? NMEA_MAX_LINE_BYTES);
    const bounded = Number.isFinite(max) ? Math.min(Math.max(max, 16), NMEA_MAX_LINE_BYTES_LIMIT) : NMEA_MAX_LINE_BYTES;
    this.maxContent = bounded - 2; // the limit includes CR LF
  }

  push(chunk: Buffer): NmeaEvent[] {
    const out: NmeaEvent[] = [];
    if (!chunk || chunk.length === 0) return out;
    this.buf = this.buf.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buf, chunk]);
    while (this.step(out));
    return out;
  }

  /** End of stream: a sentence still buffered without its CR LF is decoded if complete. */
  flush(): NmeaEvent[] {
    const out: NmeaEvent[] = [];
    if (this.mode === 'line') this.line(out, this.buf, true);
    else this.discard(this.buf);
    this.set(EMPTY, 'idle');
    return out;
  }

  private step(out: NmeaEvent[]): boolean {
    switch (this.mode) {
      case 'idle':
        return this.stepIdle();
      case 'line':
        return this.stepLine(out);
      case 'skip':
        return this.stepSkip();
      default:
        return false;
    }
  }

  private stepIdle(): boolean {
    const start = this.buf.indexOf(NMEA_START);
    if (start < 0) {
      this.discard(this.buf);
      this.set(EMPTY, 'idle');
      return false;
    }
    this.discard(this.buf.subarray(0, start));
    this.set(this.buf.subarray(start), 'line');
    this.scanFrom = 1;
    return true;
  }

  private stepLine(out: NmeaEvent[]): boolean {
    const buf = this.buf;
    let end = -1;
    for (let i = this.scanFrom; i < buf.length; i++) {
      const b = buf[i]!;
      if (isLineEnd(b) || b === NMEA_START) {
        end = i;
        break;
      }
    }
    if (end < 0) {
      this.scanFrom = buf.length;
      if (buf.length > this.maxContent) {
        this.oversize(out, buf);
        this.set(EMPTY, 'skip');
      }
      return false;
    }
    const cutByStart = buf[end] === NMEA_START;
    this.line(out, buf.subarray(0, end), cutByStart);
    if (cutByStart) {
      this.set(buf.subarray(end), 'line');
      this.scanFrom = 1;
    } else {
      this.set(buf.subarray(end + 1), 'idle');
    }
    return true;
  }

  private stepSkip(): boolean {
    const buf = this.buf;
    for (let i = 0; i < buf.length; i++) {
      const b = buf[i]!;
      if (isLineEnd(b) || b === NMEA_START) {
        this.discard(buf.subarray(0, i));
        this.set(buf.subarray(i), b === NMEA_START ? 'line' : 'idle');
        this.scanFrom = 1;
        return true;
      }
    }
    this.discard(buf);
    this.set(EMPTY, 'skip');
    return false;
  }

  /** One line from '$' up to (not including) its end. `unterminated`: cut by a new '$' or the stream end. */
  private line(out: NmeaEvent[], bytes: Buffer, unterminated: boolean): void {
    if (bytes.length > this.maxContent) return this.oversize(out, bytes);
    const text = bytes.toString('latin1');
    if (unterminated && !/\*[0-9A-Fa-f]{2}\s*$/.test(text)) {
      return this.fault(out, bytes, { type: 'error', code: 'NMEA_MALFORMED', detail: 'truncated sentence' });
    }
    const read = readSentence(text);
    if (!read.ok) return this.fault(out, bytes, { type: 'error', code: read.code, detail: read.detail });
    this.stats.sentences++;
    const event = decodeSentence(read.fields, this.memory);
    if (event === null) return;
    if (event.type === 'error' && event.code !== 'NMEA_UNSUPPORTED') this.stats.errors++;
    out.push(event);
  }

  private oversize(out: NmeaEvent[], bytes: Buffer): void {
    this.fault(out, bytes, { type: 'error', code: 'NMEA_OVERSIZE', detail: `line longer than ${this.maxContent + 2} bytes` });
  }

  private fault(out: NmeaEvent[], bytes: Buffer, event: NmeaEvent): void {
    this.stats.errors++;
    this.discard(bytes);
    out.push(event);
  }

  /** Counts bytes that belong to no valid sentence; CR/LF are not counted. */
  private discard(bytes: Buffer): void {
    for (const b of bytes) if (!isLineEnd(b)) this.stats.discardedBytes++;
  }

  private set(buf: Buffer, mode: Mode): void {
    this.buf = buf;
    this.mode = mode;
    this.scanFrom = 0;
  }
}
