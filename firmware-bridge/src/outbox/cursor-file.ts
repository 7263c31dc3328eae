import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

// The publisher's ack cursor per topic: the last seq the broker PUBACKed with nothing unacked
// before it. Written atomically (temp file, fsync, rename, fsync dir). After a crash it may be
// a little behind, which only means resending records the core already has (it dedupes by
// (vehicle, topic, seq)).

interface CursorFile {
  version: 1;
  savedAt: string;
  acked: Record<string, number>;
}

/** The saved cursors; null when the file does not exist; throws on a damaged file. */
export function readCursorFile(path: string): Record<string, number> | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const parsed = JSON.parse(text) as Partial<CursorFile>;
  if (parsed.version !== 1 || typeof parsed.acked !== 'object' || parsed.acked === null) {
    throw new Error(`${path}: not an outbox cursor file`);
  }
  const acked: Record<string, number> = {};
  for (const [topic, seq] of Object.entries(parsed.acked)) {
    if (Number.isSafeInteger(seq) && seq >= 0) acked[topic] = seq;
  }
  return acked;
}

export function writeCursorFile(path: string, acked: Readonly<Record<string, number>>, now: Date): void {
  const body: CursorFile = { version: 1, savedAt: now.toISOString(), acked: { ...acked } };
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, JSON.stringify(body));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  const dir = openSync(dirname(path), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}
