import { closeSync, existsSync, fdatasyncSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readdirSync, readSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

// Records the broker refused for good (MQTT 5 PUBACK 0x95 packet too large, 0x99 payload format
// invalid): sending them again can never work, and keeping them at the head of their topic would
// hold back everything behind it. They leave the topic's log only after they are written here,
// never silently: one JSON line per record in `<outbox>/dead-letter/<topic>.jsonl` (fsynced),
// counted (the count is rebuilt from the files at start, and goes out in the retained `state`).
// A record dead-lettered again (a crash before the ack cursor was saved sends it once more) is
// not written twice: the same topic, seq and payload is one record.

export interface DeadLetter {
  topic: string;
  seq: number;
  reasonCode: number;
  reason: string;
  at: Date;
  /** the exact bytes that were refused (the wire JSON) */
  payload: Buffer;
}

const SUFFIX = '.jsonl';
const READ_CHUNK_BYTES = 64 * 1024;
/** encodeLine() puts the seq in the first bytes of a line: `{"at":"<ISO>","topic":"<topic>","seq":<n>,` */
const LINE_HEAD_BYTES = 256;
const LINE_SEQ = /^\{"at":"[^"]*","topic":"[^"]*","seq":(\d+),/;

/** Where a record's line is in its topic's file. */
interface LineSpan {
  offset: number;
  bytes: number;
}

export class DeadLetterStore {
  private total = 0;
  private readonly bytesByTopic = new Map<string, number>();
  /** per topic: seq → its line(s); a seq can come back only for the same record (or a hand-wiped outbox) */
  private readonly linesByTopic = new Map<string, Map<number, LineSpan[]>>();

  constructor(private readonly dir: string) {}

  /**
   * Counts what earlier runs left; returns that count. A line torn by a power cut is cut off: its
   * record was not acknowledged yet, so it is still in its topic's log and comes back here.
   */
  open(): number {
    this.total = 0;
    this.bytesByTopic.clear();
    this.linesByTopic.clear();
    if (!existsSync(this.dir)) return 0;
    for (const name of readdirSync(this.dir).filter((n) => n.endsWith(SUFFIX))) {
      const topic = name.slice(0, -SUFFIX.length);
      const { lines, bytes } = recoverLines(join(this.dir, name), (seq, span) => this.noteLine(topic, seq, span));
      this.total += lines;
      this.bytesByTopic.set(topic, bytes);
    }
    return this.total;
  }

  /** Records kept in the dead-letter files. */
  get count(): number {
    return this.total;
  }

  bytesOf(topic: string): number {
    return this.bytesByTopic.get(topic) ?? 0;
  }

  /**
   * Appends one record and fsyncs it; false when that record (topic, seq and payload) is in the
   * file already. Throws when the disk refuses (the caller keeps the record).
   */
  add(letter: DeadLetter): boolean {
    const encoded = encodeLine(letter);
    const path = join(this.dir, `${letter.topic}${SUFFIX}`);
    if (this.hasLine(path, letter, encoded)) return false;
    const dirIsNew = !existsSync(this.dir);
    mkdirSync(this.dir, { recursive: true });
    const fileIsNew = !existsSync(path);
    const fd = openSync(path, 'a+');
    try {
      const size = fstatSync(fd).size;
      // a line torn by a power cut must not swallow this one
      const lead = size > 0 && lastByte(fd, size) !== 0x0a ? '\n' : '';
      const buf = Buffer.from(`${lead}${encoded.line}\n`, 'utf8');
      let written = 0;
      while (written < buf.length) written += writeSync(fd, buf, written, buf.length - written);
      fdatasyncSync(fd);
      this.bytesByTopic.set(letter.topic, size + buf.length);
      this.noteLine(letter.topic, letter.seq, { offset: size + lead.length, bytes: buf.length - lead.length });
    } finally {
      closeSync(fd);
    }
    // a new file (or folder) name is durable only once its directory is fsynced
    if (fileIsNew) syncDir(this.dir);
    if (dirIsNew) syncDir(dirname(this.dir));
    this.total++;
    return true;
  }

  private noteLine(topic: string, seq: number, span: LineSpan): void {
    let lines = this.linesByTopic.get(topic);
    if (!lines) this.linesByTopic.set(topic, (lines = new Map<number, LineSpan[]>()));
    const spans = lines.get(seq);
    if (spans) spans.push(span);
    else lines.set(seq, [span]);
  }

  /** Whether a line of the file holds this seq with this payload (read back only when the seq is there). */
  private hasLine(path: string, letter: DeadLetter, encoded: EncodedLine): boolean {
    const spans = this.linesByTopic.get(letter.topic)?.get(letter.seq);
    if (!spans) return false;
    const fd = openSync(path, 'r');
    try {
      return spans.some((span) => {
        const buf = Buffer.alloc(span.bytes);
        readSync(fd, buf, 0, span.bytes, span.offset);
        return buf.toString('utf8').trimEnd().endsWith(encoded.payloadPart);
      });
    } finally {
      closeSync(fd);
    }
  }
}

interface EncodedLine {
  line: string;
  /** the line's end after its head: `,"payload":…}` or `,"payloadBase64":"…"}` */
  payloadPart: string;
}

/** One JSON line; the payload inline as JSON when it is JSON (it always is from this bridge), else base64. */
function encodeLine(letter: DeadLetter): EncodedLine {
  const head = JSON.stringify({
    at: letter.at.toISOString(),
    topic: letter.topic,
    seq: letter.seq,
    reasonCode: letter.reasonCode,
    reason: letter.reason,
  }).slice(0, -1);
  const text = letter.payload.toString('utf8');
  let payloadPart: string;
  try {
    // re-serialised so that the line holds no raw newline
    payloadPart = `,"payload":${JSON.stringify(JSON.parse(text))}}`;
  } catch {
    payloadPart = `,"payloadBase64":${JSON.stringify(letter.payload.toString('base64'))}}`;
  }
  return { line: `${head}${payloadPart}`, payloadPart };
}

/** Counts the whole, non-empty lines (telling `onLine` where each is) and cuts a torn last line. */
function recoverLines(path: string, onLine: (seq: number, span: LineSpan) => void): { lines: number; bytes: number } {
  const fd = openSync(path, 'r+');
  try {
    const size = fstatSync(fd).size;
    const buf = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    const head = Buffer.allocUnsafe(LINE_HEAD_BYTES);
    let headBytes = 0;
    let lineStart = 0;
    let lines = 0;
    let wholeBytes = 0;
    let previous = 0x0a;
    for (let pos = 0; pos < size; ) {
      const n = readSync(fd, buf, 0, Math.min(READ_CHUNK_BYTES, size - pos), pos);
      if (n === 0) break;
      for (let i = 0; i < n; i++) {
        const byte = buf[i]!;
        if (byte === 0x0a) {
          if (previous !== 0x0a) {
            lines++;
            const seq = LINE_SEQ.exec(head.toString('utf8', 0, headBytes))?.[1];
            if (seq !== undefined) onLine(Number(seq), { offset: lineStart, bytes: pos + i - lineStart });
          }
          wholeBytes = pos + i + 1;
          lineStart = wholeBytes;
          headBytes = 0;
        } else if (headBytes < LINE_HEAD_BYTES) {
          head[headBytes++] = byte;
        }
        previous = byte;
      }
      pos += n;
    }
    if (wholeBytes < size) {
      ftruncateSync(fd, wholeBytes);
      fsyncSync(fd);
    }
    return { lines, bytes: wholeBytes };
  } finally {
    closeSync(fd);
  }
}

function lastByte(fd: number, size: number): number {
  const one = Buffer.alloc(1);
  readSync(fd, one, 0, 1, size - 1);
  return one[0]!;
}

function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
