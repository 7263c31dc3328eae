import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

// A virtual serial cable: socat joins two ptys. `link=` gives each end a stable path, so a
// "replug" (socat killed and started again) reappears under the same name, as a USB adapter
// with a by-id path does.

export function hasSocat(): boolean {
  return spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;
}

export interface SocatPair {
  /** the end the bridge opens */
  readonly bridgePath: string;
  /** the end the simulated device writes to */
  readonly devicePath: string;
  /** the /dev/pts names socat printed */
  readonly ptys: readonly string[];
  /** Kills socat (the cable is pulled: both links disappear). */
  stop(): Promise<void>;
}

export async function startSocatPair(dir: string, name: string): Promise<SocatPair> {
  const bridgePath = join(dir, name);
  const devicePath = join(dir, `${name}-device`);
  const proc = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${bridgePath}`, `pty,raw,echo=0,link=${devicePath}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const ptys = await new Promise<string[]>((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`socat did not start: ${stderr}`)), 10_000);
    proc.once('error', reject);
    proc.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const found = [...stderr.matchAll(/PTY is (\/dev\/pts\/\d+)/g)].map((m) => m[1]!);
      if (found.length >= 2 && stderr.includes('starting data transfer loop')) {
        clearTimeout(timer);
        resolve(found);
      }
    });
  });
  return { bridgePath, devicePath, ptys, stop: () => stopProcess(proc) };
}

async function stopProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    proc.once('exit', () => resolve());
    proc.kill('SIGTERM');
  });
}
