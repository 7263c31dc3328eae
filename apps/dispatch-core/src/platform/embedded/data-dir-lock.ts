import { existsSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One core per data dir: a second `npm start` on the same `.data/` would take the first one's
 * PostgreSQL for a leftover and stop it under the running core. The lock is `<dataDir>/core.pid`;
 * a pid that is no longer a live node process (a killed run, a reboot) is stale and taken over.
 * Returns the release, which removes the file only while it is still this process's.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'core.pid');
  const holder = existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : 0;
  if (holder && holder !== process.pid && isLiveNode(holder)) {
    throw new Error(`another Feijiu core (pid ${holder}) is running on ${dataDir}: stop it first, or give this one its own FEIJIU_DATA_DIR`);
  }
  writeFileSync(file, `${process.pid}\n`);
  return () => {
    try {
      if (Number(readFileSync(file, 'utf8').trim()) === process.pid) unlinkSync(file);
    } catch {
      // already gone
    }
  };
}

function isLiveNode(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return /(^|\/)node(js)?\0/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return true; // no /proc: alive is all we know
  }
}
