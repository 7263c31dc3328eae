import type { VehicleTopicKind } from '@feijiu/contracts';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';

// `seq` rises by one per vehicle per topic and survives restarts (ARCHITECTURE.md), so the
// last seq used is kept on disk: written every few seconds and on stop, atomically (temp file,
// fsync, rename). After a crash the file may be a few seconds behind what was already sent;
// reusing those numbers would make the core drop new data as duplicates, so an unclean start
// skips ahead instead, which shows up as an honest gap.

export interface SeqStoreOptions {
  dir: string;
  flushIntervalMs?: number;
  /** How far to jump every counter when the last run did not stop cleanly. */
  uncleanSkip?: number;
  onError?: (err: unknown) => void;
}

interface SeqFile {
  version: 1;
  clean: boolean;
  savedAt: string;
  /** vehicle id → topic kind → last seq used */
  seq: Record<string, Partial<Record<VehicleTopicKind, number>>>;
}

export const SEQ_FILE_NAME = 'seq.json';

export class SeqStore {
  private seq: SeqFile['seq'] = {};
  private dirty = false;
  private unsavedBase = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly file: string;

  constructor(private readonly options: SeqStoreOptions) {
    this.file = join(options.dir, SEQ_FILE_NAME);
  }

  /** Reads the last run's counters and marks the file as in use (unclean until stop). */
  start(): { recoveredFromUncleanStop: boolean } {
    mkdirSync(this.options.dir, { recursive: true });
    const saved = this.read();
    const unclean = saved !== null && !saved.clean;
    this.seq = saved?.seq ?? {};
    if (unclean) {
      const skip = this.options.uncleanSkip ?? 1000;
      for (const byKind of Object.values(this.seq)) {
        for (const kind of Object.keys(byKind) as VehicleTopicKind[]) byKind[kind] = byKind[kind]! + skip;
      }
      // a counter the crashed run never saved may still have been used
      this.unsavedBase = skip;
    }
    this.write(false);
    this.timer = setInterval(() => {
      if (this.dirty) this.flush();
    }, this.options.flushIntervalMs ?? 3000);
    this.timer.unref();
    return { recoveredFromUncleanStop: unclean };
  }

  /** The next seq for a vehicle's topic (1 for the very first message). */
  next(vehicleId: string, kind: VehicleTopicKind): number {
    const byKind = (this.seq[vehicleId] ??= {});
    const value = (byKind[kind] ?? this.unsavedBase) + 1;
    byKind[kind] = value;
    this.dirty = true;
    return value;
  }

  /** The last seq handed out (next() returns one more). */
  last(vehicleId: string, kind: VehicleTopicKind): number {
    return this.seq[vehicleId]?.[kind] ?? this.unsavedBase;
  }

  /** Writes the exact counters and marks a clean stop. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.write(true);
  }

  private read(): SeqFile | null {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    try {
      const parsed = JSON.parse(text) as Partial<SeqFile>;
      if (parsed.version === 1 && typeof parsed.seq === 'object' && parsed.seq !== null) {
        return { version: 1, clean: parsed.clean === true, savedAt: String(parsed.savedAt), seq: parsed.seq };
      }
    } catch {
      // fall through: treated like a crash below
    }
    // unreadable: the numbers used before are unknown, so count as after a crash (skip ahead)
    this.options.onError?.(new Error(`${this.file} is unreadable; seq counters start past the skip margin`));
    return { version: 1, clean: false, savedAt: '', seq: {} };
  }

  /** Saves the counters now, still marked as in use (the periodic save). */
  flush(): void {
    try {
      this.write(false);
    } catch (err) {
      // a full disk must not stop the county; the next flush tries again
      this.options.onError?.(err);
    }
  }

  private write(clean: boolean): void {
    const body: SeqFile = { version: 1, clean, savedAt: new Date().toISOString(), seq: this.seq };
    const tmp = `${this.file}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, JSON.stringify(body));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
    this.dirty = false;
  }
}
