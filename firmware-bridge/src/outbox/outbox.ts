import { join } from 'node:path';
import type { Logger } from 'pino';
import { LogThrottle } from '../log-throttle';
import { readCursorFile, writeCursorFile } from './cursor-file';
import { DeadLetterStore } from './dead-letter';
import type { OutboxRecord } from './record';
import { type LogMark, SegmentLog, type SegmentRange } from './segment-log';

// The durable store-and-forward queue between the serial side and MQTT: one append-only
// segment log per topic, seq assigned at append (one counter per topic, never reused), an ack
// cursor per topic, and a size bound that thins waveforms and never drops numerics.
//
// Durability: appends go to the OS at once (a kill -9 loses nothing). Clinical records (vitals,
// GPS, alarms: every topic but waveform) are fsynced before append() returns, so a power cut
// loses none that was appended. Waveform chunks (several a second per monitor) are fsynced in
// groups at most `fsyncIntervalMs` later: a power cut may lose that window of ECG. The publisher
// only ever reads fsynced records, so a record lost to a power cut was never sent and its seq
// being handed out again is harmless.

// One log per topic; only waveform is ever thinned (enforceBound), vitals, gps and alarm never.
export const OUTBOX_TOPICS = ['vitals', 'gps', 'waveform', 'alarm'] as const;
export type OutboxTopic = (typeof OUTBOX_TOPICS)[number];

export interface OutboxOptions {
  dir: string;
  maxBytes: number;
  /** Waveform appends are fsynced in groups at most this late; 0 fsyncs every one. Other topics always fsync at once. */
  fsyncIntervalMs: number;
  segmentMaxBytes?: number;
  cursorSaveIntervalMs?: number;
  logger: Logger;
  now?: () => Date;
}

export interface OutboxStats {
  appended: Record<OutboxTopic, number>;
  /** unsent waveform records dropped to stay under the size bound */
  droppedWaveforms: number;
  /** true while numerics alone exceed the bound (they are kept regardless) */
  overBound: boolean;
  /** damaged bytes skipped on reading, and torn tails cut at start */
  corruptBytes: number;
  tornBytesRecovered: number;
  /** records the broker refused for good, kept in dead-letter/<topic>.jsonl (counted from the files at start) */
  deadLetters: number;
}

export interface OutboxRecovery {
  pending: Record<OutboxTopic, number>;
  nextSeq: Record<OutboxTopic, number>;
  tornBytes: number;
}

/** Topics whose appends may wait for a group fsync; every other topic is fsynced before append() returns. */
const GROUP_COMMIT_TOPICS: ReadonlySet<OutboxTopic> = new Set(['waveform']);
const CURSOR_FILE = 'cursors.json';
const DEAD_LETTER_DIR = 'dead-letter';
/** Refused waveform chunks may fill this share of the size bound; past it they are dropped (thinned). */
const DEAD_LETTER_WAVEFORM_SHARE = 1 / 8;
const OVER_BOUND_LOG_INTERVAL_MS = 60_000;
/** A failed group fsync is tried again this late at the earliest: a failing disk is not hammered in a loop. */
const FSYNC_RETRY_MIN_MS = 100;
const MIN_SEGMENT_BYTES = 64 * 1024;
const MAX_SEGMENT_BYTES = 8 * 1024 * 1024;

export class Outbox {
  private readonly logs: Record<OutboxTopic, SegmentLog>;
  private readonly acked = perTopic(() => 0);
  private readonly durable = perTopic(() => 0);
  private readonly unsynced = new Set<OutboxTopic>();
  private readonly listeners = new Set<() => void>();
  private readonly counters: OutboxStats = {
    appended: perTopic(() => 0),
    droppedWaveforms: 0,
    overBound: false,
    corruptBytes: 0,
    tornBytesRecovered: 0,
    deadLetters: 0,
  };
  private syncTimer: NodeJS.Timeout | null = null;
  private cursorTimer: NodeJS.Timeout | null = null;
  private cursorDirty = false;
  private overBoundLoggedAt = -Infinity;
  private totalBytes = 0;
  private open = false;
  private readonly now: () => Date;
  private readonly deadLetterStore: DeadLetterStore;
  private readonly fsyncErrorThrottle = new LogThrottle(10_000);

  constructor(private readonly options: OutboxOptions) {
    this.now = options.now ?? (() => new Date());
    // whole segments are the unit of thinning, so they stay small next to the bound
    const segmentMaxBytes =
      options.segmentMaxBytes ?? clamp(Math.floor(options.maxBytes / 64), MIN_SEGMENT_BYTES, MAX_SEGMENT_BYTES);
    this.logs = perTopic((topic) => new SegmentLog({ dir: join(options.dir, topic), segmentMaxBytes }));
    this.deadLetterStore = new DeadLetterStore(join(options.dir, DEAD_LETTER_DIR));
  }

  start(): OutboxRecovery {
    const saved = this.readSavedCursors();
    let tornBytes = 0;
    for (const topic of OUTBOX_TOPICS) {
      this.acked[topic] = saved[topic] ?? 0;
      const log = this.logs[topic];
      const report = log.open(this.acked[topic] + 1);
      tornBytes += report.tornBytes;
      this.counters.corruptBytes += report.corruptBytes;
      // what survived a kill -9 may still be only in the page cache: make it durable before sending
      log.sync();
      this.durable[topic] = log.lastSeq;
    }
    this.counters.tornBytesRecovered = tornBytes;
    this.counters.deadLetters = this.deadLetterStore.open();
    this.open = true;
    this.recountBytes();
    for (const topic of OUTBOX_TOPICS) this.deleteAckedSegments(topic);
    this.enforceBound();
    this.cursorTimer = setInterval(() => this.saveCursorsIfDirty(), this.options.cursorSaveIntervalMs ?? 1000);
    this.cursorTimer.unref();
    return {
      pending: perTopic((topic) => this.pendingOf(topic)),
      nextSeq: perTopic((topic) => this.logs[topic].nextSeq),
      tornBytes,
    };
  }

  /**
   * Appends one record. `encode` receives the record's seq and returns its payload; if it throws,
   * nothing is written and the seq is not used. Returns the seq. Throws when the record could not
   * be written or, for a topic fsynced at once, made durable: it is then not in the outbox (the
   * caller answers the monitor AE, and its resend gets the same seq).
   */
  append(topic: OutboxTopic, encode: (seq: number) => Buffer): number {
    this.assertOpen();
    const log = this.logs[topic];
    const seq = log.nextSeq;
    const payload = encode(seq);
    const mark = log.mark();
    const before = log.totalBytes;
    log.append(seq, payload);
    this.totalBytes += log.totalBytes - before;
    if (this.options.fsyncIntervalMs === 0 || !GROUP_COMMIT_TOPICS.has(topic)) {
      this.syncAtOnce(topic, mark);
    } else {
      this.unsynced.add(topic);
      this.syncTimer ??= setTimeout(() => this.syncNow(), this.options.fsyncIntervalMs);
    }
    this.counters.appended[topic]++;
    if (this.totalBytes > this.options.maxBytes) {
      try {
        this.enforceBound();
      } catch (err) {
        // the record is written; a failed thinning step is retried on the next append
        this.options.logger.error({ err }, 'outbox: thinning failed');
      }
    }
    return seq;
  }

  /** Fsynced records with seq ≥ fromSeq, oldest first. */
  read(topic: OutboxTopic, fromSeq: number, maxRecords: number): OutboxRecord[] {
    this.assertOpen();
    const result = this.logs[topic].read(fromSeq, { maxRecords, maxSeq: this.durable[topic] });
    if (result.corruptBytes > 0) {
      this.counters.corruptBytes += result.corruptBytes;
      this.options.logger.error({ topic, fromSeq, corruptBytes: result.corruptBytes }, 'outbox: damaged bytes skipped');
    }
    return result.records;
  }

  /** Everything up to and including `seq` was delivered; an older seq is ignored. */
  ack(topic: OutboxTopic, seq: number): void {
    this.assertOpen();
    if (seq <= this.acked[topic]) return;
    this.acked[topic] = seq;
    this.cursorDirty = true;
    this.deleteAckedSegments(topic);
  }

  /**
   * A record the broker refused for good: written to `dead-letter/<topic>.jsonl` (fsynced), after
   * which the caller acks it; once only (a record sent again after a crash and refused again is in
   * the file already). A waveform chunk past the dead-letter share of the size bound is dropped
   * instead (waveforms are thinned first; numerics and alarms are always kept). Throws when the
   * disk refuses: the record then stays in its log.
   */
  deadLetter(topic: OutboxTopic, record: OutboxRecord, reason: { code: number; text: string }): 'kept' | 'dropped' {
    this.assertOpen();
    if (topic === 'waveform' && this.deadLetterStore.bytesOf(topic) + record.payload.length > this.options.maxBytes * DEAD_LETTER_WAVEFORM_SHARE) {
      this.counters.droppedWaveforms++;
      return 'dropped';
    }
    this.deadLetterStore.add({ topic, seq: record.seq, reasonCode: reason.code, reason: reason.text, at: this.now(), payload: record.payload });
    this.counters.deadLetters = this.deadLetterStore.count;
    return 'kept';
  }

  ackedSeq(topic: OutboxTopic): number {
    return this.acked[topic];
  }

  durableSeq(topic: OutboxTopic): number {
    return this.durable[topic];
  }

  /** Records appended and not yet acknowledged, over all topics. */
  depth(): number {
    return OUTBOX_TOPICS.reduce((sum, topic) => sum + this.pendingOf(topic), 0);
  }

  pendingOf(topic: OutboxTopic): number {
    return this.logs[topic].ranges().reduce((sum, range) => sum + unackedIn(range, this.acked[topic]), 0);
  }

  get bytes(): number {
    return this.totalBytes;
  }

  get stats(): OutboxStats {
    return { ...this.counters, appended: { ...this.counters.appended } };
  }

  /** Called after each group fsync (new records became readable). */
  onDurable(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Fsyncs whatever was appended and saves the ack cursors now. */
  flush(): void {
    if (!this.open) return;
    this.syncNow();
    this.saveCursors();
  }

  /** Clean stop: fsync and save cursors. `hard` drops everything on the floor, as kill -9 would. */
  stop(options: { hard?: boolean } = {}): void {
    if (!this.open) return;
    if (!options.hard) this.flush();
    if (this.syncTimer) clearTimeout(this.syncTimer);
    if (this.cursorTimer) clearInterval(this.cursorTimer);
    this.syncTimer = null;
    this.cursorTimer = null;
    for (const topic of OUTBOX_TOPICS) this.logs[topic].close({ sync: !options.hard });
    this.open = false;
    this.listeners.clear();
  }

  /**
   * Fsyncs one topic before the append returns. If the fsync fails the record is taken back out
   * of the log and the append throws: an AA for it would let the monitor forget a record a power
   * cut may lose, and keeping it beside the monitor's resend would store it twice.
   */
  private syncAtOnce(topic: OutboxTopic, mark: LogMark): void {
    const log = this.logs[topic];
    try {
      log.sync();
    } catch (err) {
      const before = log.totalBytes;
      log.truncateTo(mark);
      this.totalBytes += log.totalBytes - before;
      const message = (err as Error).message;
      this.fsyncErrorThrottle.hit(`at-once:${topic}`, (suppressed) =>
        this.options.logger.error({ code: 'OUTBOX_FSYNC_FAILED', topic, err: message, suppressed }, 'outbox: fsync failed; record not stored'),
      );
      throw new Error(`outbox fsync failed: ${message}`);
    }
    this.durable[topic] = log.lastSeq;
    for (const listener of this.listeners) listener();
  }

  /** The group fsync (waveform chunks). Never throws: a failure is logged and tried again later. */
  private syncNow(): void {
    if (this.syncTimer) clearTimeout(this.syncTimer);
    this.syncTimer = null;
    if (this.unsynced.size === 0) return;
    let progressed = false;
    try {
      for (const topic of this.unsynced) {
        this.logs[topic].sync();
        this.durable[topic] = this.logs[topic].lastSeq;
        this.unsynced.delete(topic);
        progressed = true;
      }
    } catch (err) {
      // the chunks stay written but unsent (the publisher reads only fsynced records) until a retry works
      const retryMs = Math.max(FSYNC_RETRY_MIN_MS, this.options.fsyncIntervalMs);
      this.fsyncErrorThrottle.hit('group', (suppressed) =>
        this.options.logger.error(
          { code: 'OUTBOX_FSYNC_FAILED', topics: [...this.unsynced], err: (err as Error).message, retryInMs: retryMs, suppressed },
          'outbox: group fsync failed; waveform chunks held back, fsync retried',
        ),
      );
      if (this.open) this.syncTimer = setTimeout(() => this.syncNow(), retryMs);
    }
    if (progressed) for (const listener of this.listeners) listener();
  }

  private deleteAckedSegments(topic: OutboxTopic): void {
    const log = this.logs[topic];
    const deletable = log.ranges().filter((r) => !r.active && r.lastSeq <= this.acked[topic]).length;
    if (deletable === 0) return;
    // the cursor goes to disk first: a crash in between leaves a segment that is merely re-deleted
    this.saveCursors();
    for (let i = 0; i < deletable; i++) {
      const range = log.deleteOldest();
      if (range) this.totalBytes -= range.bytes;
    }
  }

  /** Over the bound: drop the oldest waveform segments (unsent or not); numerics and alarms are never dropped. */
  private enforceBound(): void {
    const waveform = this.logs.waveform;
    while (this.totalBytes > this.options.maxBytes) {
      const ranges = waveform.ranges();
      if (ranges.length === 1) {
        if (ranges[0]!.bytes === 0) break;
        // the newest waveform second goes too only when nothing older is left
        waveform.rotate();
        this.durable.waveform = waveform.lastSeq;
        this.unsynced.delete('waveform');
      }
      const dropped = waveform.deleteOldest();
      if (!dropped) break;
      this.totalBytes -= dropped.bytes;
      const unsent = unackedIn(dropped, this.acked.waveform);
      this.counters.droppedWaveforms += unsent;
      if (dropped.lastSeq > this.acked.waveform) this.acked.waveform = dropped.lastSeq;
      this.saveCursors();
      this.options.logger.warn(
        {
          code: 'OUTBOX_WAVEFORMS_THINNED',
          droppedRecords: unsent,
          firstSeq: dropped.firstSeq,
          lastSeq: dropped.lastSeq,
          droppedTotal: this.counters.droppedWaveforms,
          outboxBytes: this.totalBytes,
          maxBytes: this.options.maxBytes,
        },
        'outbox full: oldest unsent waveforms dropped',
      );
    }
    this.noteOverBound(this.totalBytes > this.options.maxBytes);
  }

  private noteOverBound(over: boolean): void {
    const was = this.counters.overBound;
    this.counters.overBound = over;
    const nowMs = this.now().getTime();
    if (over && (!was || nowMs - this.overBoundLoggedAt >= OVER_BOUND_LOG_INTERVAL_MS)) {
      this.overBoundLoggedAt = nowMs;
      this.options.logger.error(
        {
          code: 'OUTBOX_NUMERICS_OVER_BOUND',
          outboxBytes: this.totalBytes,
          maxBytes: this.options.maxBytes,
          pending: perTopic((topic) => this.pendingOf(topic)),
        },
        'OUTBOX OVER ITS SIZE BOUND WITH CLINICAL NUMERICS ONLY: nothing more can be thinned; still writing (numerics are never dropped). Check the broker link and the disk.',
      );
    } else if (!over && was) {
      this.options.logger.info({ outboxBytes: this.totalBytes }, 'outbox back under its size bound');
    }
  }

  /** A damaged cursor file must not stop the bridge for good: resending everything is harmless. */
  private readSavedCursors(): Record<string, number> {
    try {
      return readCursorFile(this.cursorPath()) ?? {};
    } catch (err) {
      this.options.logger.error({ err: (err as Error).message }, 'outbox: ack cursors unreadable; resending from the oldest record');
      return {};
    }
  }

  private recountBytes(): void {
    this.totalBytes = OUTBOX_TOPICS.reduce((sum, topic) => sum + this.logs[topic].totalBytes, 0);
  }

  private saveCursorsIfDirty(): void {
    if (!this.cursorDirty) return;
    try {
      this.saveCursors();
    } catch (err) {
      // a full or failing disk must not stop the bridge; the next save tries again
      this.options.logger.error({ err }, 'outbox: saving the ack cursors failed');
    }
  }

  private saveCursors(): void {
    writeCursorFile(this.cursorPath(), this.acked, this.now());
    this.cursorDirty = false;
  }

  private cursorPath(): string {
    return join(this.options.dir, CURSOR_FILE);
  }

  private assertOpen(): void {
    if (!this.open) throw new Error('outbox is not started');
  }
}

function unackedIn(range: SegmentRange, acked: number): number {
  return Math.max(0, range.lastSeq - Math.max(acked, range.firstSeq - 1));
}

function perTopic<T>(make: (topic: OutboxTopic) => T): Record<OutboxTopic, T> {
  return { vitals: make('vitals'), gps: make('gps'), waveform: make('waveform'), alarm: make('alarm') };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
