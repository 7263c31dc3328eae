import { closeSync, existsSync, fdatasyncSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readdirSync, readSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

// Records the broker refused for good (MQTT 5 PUBACK 0x95 packet too large, 0x99 payload format
// invalid): sending them again can never work, and keeping them at the head of their topic would
// hold back everything behind it. They leave the topic's log only after they are written here,
// never silently: one JSON line per record in `<outbox>/dead-letter/<topic>.jsonl` (fsynced),
// counted (the count is rebuilt from the files at start, and goes out in the retained `state`).

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

export class DeadLetterStore {
  private total = 0;
  private readonly bytesByTopic = new Map<string, number>();

  constructor(private readonly dir: string) {}

  /**
   * Counts what earlier runs left; returns that count. A line torn by a power cut is cut off: its
   * record was not acknowledged yet, so it is still in its topic's log and comes back here.
   */
  open(): number {
    this.total = 0;
    this.bytesByTopic.clear();
    if (!existsSync(this.dir)) return 0;
    for (const name of readdirSync(this.dir).filter((n) => n.endsWith(SUFFIX))) {
      const { lines, bytes } = recoverLines(join(this.dir, name));
      this.total += lines;
      this.bytesByTopic.set(name.slice(0, -SUFFIX.length), bytes);
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

  /** Appends one record and fsyncs it; throws when the disk refuses (the caller keeps the record). */
  add(letter: DeadLetter): void {
    const dirIsNew = !existsSync(this.dir);
    mkdirSync(this.dir, { recursive: true });
    const path = join(this.dir, `${letter.topic}${SUFFIX}`);
    const fileIsNew = !existsSync(path);
    const fd = openSync(path, 'a+');
    try {
      const size = fstatSync(fd).size;
      // a line torn by a power cut must not swallow this one
      const line = `${size > 0 && lastByte(fd, size) !== 0x0a ? '\n' : ''}${encodeLine(letter)}\n`;
      const buf = Buffer.from(line, 'utf8');
      let written = 0;
      while (written < buf.length) written += writeSync(fd, buf, written, buf.length - written);
      fdatasyncSync(fd);
      this.bytesByTopic.set(letter.topic, size + buf.length);
    } finally {
      closeSync(fd);
    }
    // a new file (or folder) name is durable only once its directory is fsynced
    if (fileIsNew) syncDir(this.dir);
    if (dirIsNew) syncDir(dirname(this.dir));
    this.total++;
  }
}

/** One JSON line; the payload inline as JSON when it is JSON (it always is from this bridge), else base64. */
function encodeLine(letter: DeadLetter): string {
  const head = JSON.stringify({
    at: letter.at.toISOString(),
    topic: letter.topic,
    seq: letter.seq,
    reasonCode: letter.reasonCode,
    reason: letter.reason,
  }).slice(0, -1);
  const text = letter.payload.toString('utf8');
  try {
    // re-serialised so that the line holds no raw newline
    return `${head},"payload":${JSON.stringify(JSON.parse(text))}}`;
  } catch {
    return `${head},"payloadBase64":${JSON.stringify(letter.payload.toString('base64'))}}`;
  }
}

/** Counts the whole, non-empty lines and cuts a torn last line. */
function recoverLines(path: string): { lines: number; bytes: number } {
  const fd = openSync(path, 'r+');
  try {
    const size = fstatSync(fd).size;
    const buf = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    let lines = 0;
    let wholeBytes = 0;
    let previous = 0x0a;
    for (let pos = 0; pos < size; ) {
      const n = readSync(fd, buf, 0, Math.min(READ_CHUNK_BYTES, size - pos), pos);
      if (n === 0) break;
      for (let i = 0; i < n; i++) {
        if (buf[i] === 0x0a) {
          if (previous !== 0x0a) lines++;
          wholeBytes = pos + i + 1;
        }
        previous = buf[i]!;
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
