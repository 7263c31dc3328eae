import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One core per embedded data dir: a second `npm start` on the same `.data/` would take the first
 * one's PostgreSQL for a leftover and stop it under the running core. The lock is
 * `<dataDir>/core.pid` holding the pid and the process's start time (from /proc), created
 * exclusively, so two starts at once cannot both take it. A lock whose pid is gone, or is now
 * another process (a pid reused after a reboot), is stale and taken over.
 * Returns the release, which removes the file only while it is still this process's.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'core.pid');
  const mine = `${process.pid} ${startTimeOf(process.pid) ?? ''}`.trim();
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o644);
      writeSync(fd, `${mine}\n`);
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw lockError(err, file, dataDir);
      const holder = readHolder(file);
      if (holder && holder.pid !== process.pid && isSameProcess(holder)) {
        throw new Error(`another Feijiu core (pid ${holder.pid}) is running on ${dataDir}: stop it first, or give this one its own FEIJIU_DATA_DIR`);
      }
      unlinkSync(file); // stale: its process is gone, or it is this process's own (an in-process restart)
    }
  }
  return () => {
    try {
      if (readFileSync(file, 'utf8').trim() === mine) unlinkSync(file);
    } catch {
      // already gone
    }
  };
}

function lockError(err: unknown, file: string, dataDir: string): Error {
  const holder = readHolder(file);
  if ((err as NodeJS.ErrnoException).code === 'EEXIST' && holder) {
    return new Error(`another Feijiu core (pid ${holder.pid}) is starting on ${dataDir}: stop it first, or give this one its own FEIJIU_DATA_DIR`);
  }
  return err instanceof Error ? err : new Error(String(err));
}

function readHolder(file: string): { pid: number; startTime: string | null } | null {
  try {
    const [pid, startTime] = readFileSync(file, 'utf8').trim().split(/\s+/);
    return Number(pid) > 0 ? { pid: Number(pid), startTime: startTime ?? null } : null;
  } catch {
    return null;
  }
}

function isSameProcess(holder: { pid: number; startTime: string | null }): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch {
    return false;
  }
  const now = startTimeOf(holder.pid);
  // no /proc (not Linux) or an old lock without a start time: alive is all we know
  return now === null || holder.startTime === null || now === holder.startTime;
}

/** Field 22 of /proc/<pid>/stat: when the process started, in clock ticks since boot. */
function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name (field 2) is in parentheses and may hold spaces
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}
