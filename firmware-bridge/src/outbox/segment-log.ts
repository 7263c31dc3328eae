import {
  closeSync,
  fdatasyncSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import {
  decodeRecord,
  encodeRecord,
  findNextMagic,
  MAX_RECORD_PAYLOAD_BYTES,
  type OutboxRecord,
  RECORD_HEADER_BYTES,
  RECORD_MAGIC,
} from './record';

// One topic's append-only log: numbered segment files `<firstSeq>.seg` in one folder. Records
// inside a segment carry consecutive seqs and a new segment is named after the next seq, so a
// closed segment's last seq is the next segment's first seq minus one; only the active (last)
// segment is scanned at open. Whole segments are the unit of deletion (after ack, or thinning).

export interface SegmentLogOptions {
  dir: string;
  /** A segment is closed and a new one started once it would grow past this. */
  segmentMaxBytes: number;
}

export interface SegmentRange {
  firstSeq: number;
  /** firstSeq - 1 for an empty segment */
  lastSeq: number;
  bytes: number;
  active: boolean;
}

export interface SegmentLogRecovery {
  segments: number;
  /** records found whole in the active segment */
  activeRecords: number;
  /** bytes cut from the end of the active segment (a torn or zero-filled tail) */
  tornBytes: number;
  /** bytes inside the active segment skipped as damaged */
  corruptBytes: number;
}

export interface ReadOptions {
  maxRecords: number;
  /** nothing after this seq is returned (the publisher reads only what is fsynced) */
  maxSeq: number;
}

export interface ReadResult {
  records: OutboxRecord[];
  corruptBytes: number;
}

interface Segment {
  firstSeq: number;
  path: string;
  bytes: number;
}

/** Where the log ended at some point; appends after it can be taken back with truncateTo(). */
export interface LogMark {
  segmentFirstSeq: number;
  bytes: number;
  lastSeq: number;
}

interface ReadHint {
  firstSeq: number;
  offset: number;
  seq: number;
}

const SEGMENT_SUFFIX = '.seg';
const READ_CHUNK_BYTES = 256 * 1024;

export class SegmentLog {
  private segments: Segment[] = [];
  private activeFd: number | null = null;
  private activeLastSeq = 0;
  private hint: ReadHint | null = null;

  constructor(private readonly options: SegmentLogOptions) {}

  /** Opens the log, truncating a torn tail; `minNextSeq` applies only when the log is new or behind. */
  open(minNextSeq: number): SegmentLogRecovery {
    mkdirSync(this.options.dir, { recursive: true });
    this.segments = readdirSync(this.options.dir)
      .filter((name) => /^\d{16}\.seg$/.test(name))
      .map((name) => ({ firstSeq: Number(name.slice(0, 16)), path: join(this.options.dir, name), bytes: 0 }))
      .sort((a, b) => a.firstSeq - b.firstSeq);
    for (const segment of this.segments.slice(0, -1)) segment.bytes = fileSize(segment.path);
    const report: SegmentLogRecovery = { segments: this.segments.length, activeRecords: 0, tornBytes: 0, corruptBytes: 0 };
    const last = this.segments.at(-1);
    if (!last) {
      this.createSegment(Math.max(1, minNextSeq));
      return report;
    }
    const scan = scanActive(last.path, last.firstSeq);
    report.activeRecords = scan.records;
    report.tornBytes = scan.tornBytes;
    report.corruptBytes = scan.corruptBytes;
    this.activeFd = openSync(last.path, 'r+');
    if (scan.tornBytes > 0) {
      ftruncateSync(this.activeFd, scan.validBytes);
      fsyncSync(this.activeFd);
    }
    last.bytes = scan.validBytes;
    this.activeLastSeq = scan.lastSeq;
    // a seq handed out before must never come back (the core would drop the new sample as a duplicate)
    if (this.nextSeq < minNextSeq) this.rotate(minNextSeq);
    return report;
  }

  /** The seq the next append must carry. */
  get nextSeq(): number {
    return this.activeLastSeq + 1;
  }

  /** The last seq written, or nextSeq - 1 when none is on disk. */
  get lastSeq(): number {
    return this.activeLastSeq;
  }

  get totalBytes(): number {
    return this.segments.reduce((sum, s) => sum + s.bytes, 0);
  }

  /** Appends one record (written to the OS; durable after sync()). Returns the bytes written. */
  append(seq: number, payload: Buffer): number {
    if (seq !== this.nextSeq) throw new Error(`append out of order: seq ${seq}, expected ${this.nextSeq}`);
    const buf = encodeRecord(seq, payload);
    const active = this.active();
    if (active.bytes > 0 && active.bytes + buf.length > this.options.segmentMaxBytes) {
      this.rotate(seq);
    }
    const segment = this.active();
    const fd = this.activeFd!;
    try {
      writeAll(fd, buf, segment.bytes);
    } catch (err) {
      // a half-written record (disk full) must not stay in front of the next one
      try {
        ftruncateSync(fd, segment.bytes);
      } catch {
        // the recovery scan at the next start cuts it instead
      }
      throw err;
    }
    segment.bytes += buf.length;
    this.activeLastSeq = seq;
    return buf.length;
  }

  mark(): LogMark {
    const active = this.active();
    return { segmentFirstSeq: active.firstSeq, bytes: active.bytes, lastSeq: this.activeLastSeq };
  }

  /**
   * Takes back what was appended after `mark` and never made durable (its fsync failed): the
   * file is cut back and those seqs are handed out again. They were never readable (the outbox
   * reads only fsynced records), so nobody saw them.
   */
  truncateTo(mark: LogMark): void {
    const active = this.active();
    // rotated since the mark: the new segment holds only records after it
    const sameSegment = active.firstSeq === mark.segmentFirstSeq;
    const keepBytes = sameSegment ? mark.bytes : 0;
    active.bytes = keepBytes;
    this.activeLastSeq = sameSegment ? mark.lastSeq : active.firstSeq - 1;
    if (this.hint?.firstSeq === active.firstSeq && this.hint.offset > keepBytes) this.hint = null;
    try {
      ftruncateSync(this.activeFd!, keepBytes);
    } catch {
      // the next append overwrites from keepBytes; a stale tail left at a stop is cut by the start-up scan
    }
  }

  /** fdatasync of the active segment: everything appended so far survives a power cut. */
  sync(): void {
    if (this.activeFd !== null) fdatasyncSync(this.activeFd);
  }

  /** Closes the active segment and starts a new one whose first seq is `nextSeq`. */
  rotate(nextSeq = this.nextSeq): void {
    if (nextSeq < this.nextSeq) throw new Error(`cannot rotate back to seq ${nextSeq}`);
    if (this.activeFd !== null) {
      fsyncSync(this.activeFd);
      closeSync(this.activeFd);
      this.activeFd = null;
    }
    const active = this.segments.at(-1);
    // an empty active segment would claim seqs it never held; replace it instead
    if (active && active.bytes === 0) {
      unlinkSync(active.path);
      this.segments.pop();
    }
    this.createSegment(nextSeq);
  }

  ranges(): SegmentRange[] {
    return this.segments.map((segment, i) => {
      const next = this.segments[i + 1];
      const active = next === undefined;
      return {
        firstSeq: segment.firstSeq,
        lastSeq: active ? this.activeLastSeq : next.firstSeq - 1,
        bytes: segment.bytes,
        active,
      };
    });
  }

  /** Deletes the oldest closed segment; null when only the active one is left. */
  deleteOldest(): SegmentRange | null {
    if (this.segments.length < 2) return null;
    const range = this.ranges()[0]!;
    const segment = this.segments.shift()!;
    unlinkSync(segment.path);
    if (this.hint?.firstSeq === segment.firstSeq) this.hint = null;
    return range;
  }

  /** Records with fromSeq ≤ seq ≤ maxSeq, in order; damaged bytes are skipped and counted. */
  read(fromSeq: number, options: ReadOptions): ReadResult {
    const result: ReadResult = { records: [], corruptBytes: 0 };
    let index = this.findSegmentIndex(fromSeq);
    while (index < this.segments.length && result.records.length < options.maxRecords) {
      const segment = this.segments[index]!;
      const done = this.readSegment(segment, fromSeq, options, result);
      if (done) break;
      index++;
    }
    return result;
  }

  close(options: { sync: boolean }): void {
    if (this.activeFd === null) return;
    if (options.sync) fsyncSync(this.activeFd);
    closeSync(this.activeFd);
    this.activeFd = null;
  }

  private findSegmentIndex(seq: number): number {
    let found = 0;
    for (let i = 0; i < this.segments.length; i++) {
      if (this.segments[i]!.firstSeq <= seq) found = i;
      else break;
    }
    return found;
  }

  /** Reads one segment into result; true when the caller should stop (limits reached). */
  private readSegment(segment: Segment, fromSeq: number, options: ReadOptions, result: ReadResult): boolean {
    const hint = this.hint;
    let offset = hint && hint.firstSeq === segment.firstSeq && hint.seq <= fromSeq ? hint.offset : 0;
    const fd = openSync(segment.path, 'r');
    try {
      while (offset < segment.bytes) {
        const chunk = readRecordChunk(fd, offset, segment.bytes);
        const reachesEnd = offset + chunk.length >= segment.bytes;
        let pos = 0;
        while (pos < chunk.length) {
          const decoded = decodeRecord(chunk, pos);
          // the rest of this record comes with the next chunk
          if (decoded.kind === 'short' && pos > 0 && !reachesEnd) break;
          if (decoded.kind !== 'record') {
            const next = findNextMagic(chunk, pos + 1);
            const skipTo = next !== -1 ? next : reachesEnd ? chunk.length : Math.max(pos + 1, chunk.length - 3);
            result.corruptBytes += skipTo - pos;
            pos = skipTo;
            continue;
          }
          const { record } = decoded;
          if (record.seq > options.maxSeq) return true;
          pos += decoded.bytes;
          if (record.seq >= fromSeq) {
            result.records.push(record);
            this.hint = { firstSeq: segment.firstSeq, offset: offset + pos, seq: record.seq + 1 };
            if (result.records.length >= options.maxRecords) return true;
          }
        }
        offset += pos;
      }
      return false;
    } finally {
      closeSync(fd);
    }
  }

  private active(): Segment {
    const segment = this.segments.at(-1);
    if (!segment || this.activeFd === null) throw new Error('segment log is not open');
    return segment;
  }

  private createSegment(firstSeq: number): void {
    const path = join(this.options.dir, `${String(firstSeq).padStart(16, '0')}${SEGMENT_SUFFIX}`);
    this.activeFd = openSync(path, 'w+');
    fsyncSync(this.activeFd);
    syncDir(this.options.dir);
    this.segments.push({ firstSeq, path, bytes: 0 });
    this.activeLastSeq = firstSeq - 1;
  }
}

interface ActiveScan {
  validBytes: number;
  lastSeq: number;
  records: number;
  tornBytes: number;
  corruptBytes: number;
}

/** Walks the active segment: keeps whole records with rising seqs, skips damage, finds the torn tail. */
function scanActive(path: string, firstSeq: number): ActiveScan {
  const fd = openSync(path, 'r');
  try {
    const buf = readChunk(fd, 0, fstatSync(fd).size);
    const scan: ActiveScan = { validBytes: 0, lastSeq: firstSeq - 1, records: 0, tornBytes: 0, corruptBytes: 0 };
    let wholeBytes = 0;
    let pos = 0;
    while (pos < buf.length) {
      const decoded = decodeRecord(buf, pos);
      if (decoded.kind === 'record' && decoded.record.seq > scan.lastSeq) {
        scan.lastSeq = decoded.record.seq;
        scan.records++;
        pos += decoded.bytes;
        wholeBytes += decoded.bytes;
        scan.validBytes = pos;
        continue;
      }
      const next = findNextMagic(buf, pos + 1);
      if (next === -1) break;
      pos = next;
    }
    // damage between whole records stays in the file (the reader skips it); only the tail is cut
    scan.tornBytes = buf.length - scan.validBytes;
    scan.corruptBytes = scan.validBytes - wholeBytes;
    return scan;
  } finally {
    closeSync(fd);
  }
}

/** A read chunk starting at a record; stretched to hold the whole record when it is bigger. */
function readRecordChunk(fd: number, offset: number, end: number): Buffer {
  const chunk = readChunk(fd, offset, Math.min(READ_CHUNK_BYTES, end - offset));
  if (chunk.length < RECORD_HEADER_BYTES || !chunk.subarray(0, RECORD_MAGIC.length).equals(RECORD_MAGIC)) return chunk;
  const claimed = RECORD_HEADER_BYTES + chunk.readUInt32LE(4);
  if (claimed <= chunk.length || offset + claimed > end || claimed > RECORD_HEADER_BYTES + MAX_RECORD_PAYLOAD_BYTES) {
    return chunk;
  }
  return readChunk(fd, offset, claimed);
}

function readChunk(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const n = readSync(fd, buf, filled, length - filled, position + filled);
    if (n === 0) break;
    filled += n;
  }
  return filled === length ? buf : buf.subarray(0, filled);
}

function writeAll(fd: number, buf: Buffer, position: number): void {
  let written = 0;
  while (written < buf.length) {
    written += writeSync(fd, buf, written, buf.length - written, position + written);
  }
}

function fileSize(path: string): number {
  const fd = openSync(path, 'r');
  try {
    return fstatSync(fd).size;
  } finally {
    closeSync(fd);
  }
}

/** A new or deleted file name is durable only once its directory is fsynced. */
function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
