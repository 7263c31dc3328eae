import { setTimeout as sleep } from 'node:timers/promises';
import { recordKey, type TelemetryRecord } from './telemetry-records';

export interface BatchStore {
  /** Stores the records atomically; returns the positions of the ones that were new. */
  writeBatch(records: readonly TelemetryRecord[]): Promise<Set<number>>;
}

export interface BatchWriterHooks {
  /** After a commit, in arrival order: `fresh[i]` is false for a resend stored before. */
  committed(records: readonly TelemetryRecord[], fresh: readonly boolean[], durationMs: number): void;
  retrying(err: unknown, attempt: number, batchSize: number): void;
  /** The message can never be stored (the database refuses its data); it is given up. */
  refused(record: TelemetryRecord, err: unknown): void;
}

export interface BatchWriterOptions {
  /** At most one flush starts per interval; a flush after a quiet spell starts at once. */
  flushIntervalMs: number;
  maxBatchMessages: number;
  maxRetryDelayMs: number;
}

interface Entry {
  record: TelemetryRecord;
  resolve: (fresh: boolean) => void;
  reject: (err: unknown) => void;
}

/** Not stored because the core is stopping and the database is unreachable: never settled. */
const GIVE_UP_ATTEMPTS_WHEN_STOPPING = 3;

/**
 * Group commit for telemetry: messages queue up while a batch is being written and go together
 * in the next one, one flush at a time, in arrival order. `enqueue` resolves only after the
 * message's batch committed, so the caller (the MQTT ingress) acknowledges only stored data.
 * A database outage is retried with backoff and the messages stay pending (unacknowledged); a
 * batch the database refuses for its data (SQLSTATE 22/23/54) is split to find the culprit, and
 * only that message is rejected.
 */
export class TelemetryBatchWriter {
  private pending: Entry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private lastFlushStartMs = Number.NEGATIVE_INFINITY;
  private stopping = false;

  constructor(
    private readonly store: BatchStore,
    private readonly hooks: BatchWriterHooks,
    private readonly options: BatchWriterOptions,
  ) {}

  get pendingCount(): number {
    return this.pending.length;
  }

  /** Resolves true when stored now, false when it was a resend; after the commit either way. */
  enqueue(record: TelemetryRecord): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.pending.push({ record, resolve, reject });
      this.schedule();
    });
  }

  /** Writes what is pending; afterwards enqueue still works (flushing at once). */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.flushing || this.pending.length > 0) await (this.flushing ?? this.flush());
  }

  private schedule(): void {
    if (this.flushing || this.timer) return; // the running flush schedules the next one
    const full = this.pending.length >= this.options.maxBatchMessages;
    const waitMs = full || this.stopping ? 0 : Math.max(0, this.lastFlushStartMs + this.options.flushIntervalMs - performance.now());
    // even "at once" waits for the current tick, so messages parsed from one TCP read go together
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, waitMs);
  }

  private flush(): Promise<void> {
    if (this.flushing || this.pending.length === 0) return this.flushing ?? Promise.resolve();
    this.lastFlushStartMs = performance.now();
    const batch = this.pending.splice(0, this.options.maxBatchMessages);
    this.flushing = this.write(batch).finally(() => {
      this.flushing = null;
      if (this.pending.length > 0) this.schedule();
    });
    return this.flushing;
  }

  private async write(batch: Entry[]): Promise<void> {
    // a resend can land in the same batch as its original: write the first, report the others
    const firstByKey = new Map<string, number>();
    const unique: Entry[] = [];
    const copyOf = batch.map((e) => {
      const key = recordKey(e.record);
      const first = firstByKey.get(key);
      if (first !== undefined) return first;
      firstByKey.set(key, unique.length);
      unique.push(e);
      return -1;
    });

    for (let attempt = 1; ; attempt++) {
      const startedMs = performance.now();
      try {
        const freshIdx = await this.store.writeBatch(unique.map((e) => e.record));
        const fresh = batch.map((_, i) => copyOf[i] === -1 && freshIdx.has(firstByKey.get(recordKey(batch[i]!.record))!));
        this.hooks.committed(
          batch.map((e) => e.record),
          fresh,
          performance.now() - startedMs,
        );
        batch.forEach((e, i) => e.resolve(fresh[i]!));
        return;
      } catch (err) {
        if (isRefusedData(err)) {
          await this.isolate(batch, err);
          return;
        }
        if (this.stopping && attempt >= GIVE_UP_ATTEMPTS_WHEN_STOPPING) return; // left unacknowledged
        this.hooks.retrying(err, attempt, batch.length);
        await sleep(Math.min(this.options.maxRetryDelayMs, 50 * 2 ** attempt));
      }
    }
  }

  /** The database refused the batch's data: write one by one so only the culprit is rejected. */
  private async isolate(batch: Entry[], err: unknown): Promise<void> {
    if (batch.length === 1) {
      this.hooks.refused(batch[0]!.record, err);
      batch[0]!.reject(err);
      return;
    }
    for (const entry of batch) {
      try {
        await this.writeOne(entry);
      } catch (oneErr) {
        this.hooks.refused(entry.record, oneErr);
        entry.reject(oneErr);
      }
    }
  }

  private async writeOne(entry: Entry): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const startedMs = performance.now();
      try {
        const fresh = (await this.store.writeBatch([entry.record])).has(0);
        this.hooks.committed([entry.record], [fresh], performance.now() - startedMs);
        entry.resolve(fresh);
        return;
      } catch (err) {
        if (isRefusedData(err)) throw err;
        if (this.stopping && attempt >= GIVE_UP_ATTEMPTS_WHEN_STOPPING) return;
        this.hooks.retrying(err, attempt, 1);
        await sleep(Math.min(this.options.maxRetryDelayMs, 50 * 2 ** attempt));
      }
    }
  }
}

// SQLSTATE classes 22 (data exception), 23 (integrity constraint), 54 (program limit exceeded):
// retrying the same data cannot succeed. Everything else (connection lost, server shutting
// down, out of resources) may pass later.
function isRefusedData(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(22|23|54)/.test(code);
}
