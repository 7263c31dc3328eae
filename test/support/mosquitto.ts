import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

// A real Mosquitto 2 on loopback with the deploy config, password file and ACL
// (deploy/mosquitto); for tests that prove the production broker path.
const DEPLOY = resolve(__dirname, '../../deploy/mosquitto');

export function findExecutable(name: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin', '/usr/bin', '/sbin'];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

export const hasMosquitto = (): boolean => findExecutable('mosquitto') !== null && findExecutable('mosquitto_passwd') !== null;

/** The deploy config with the container paths pointed at `dir` and one loopback listener. */
export function renderMosquittoConfig(dir: string, port: number): string {
  return readFileSync(join(DEPLOY, 'mosquitto.conf'), 'utf8')
    .split('\n')
    .map((line) => {
      if (/^listener\s/.test(line)) return `listener ${port} 127.0.0.1`;
      if (/^persistence\s/.test(line)) return 'persistence false';
      if (/^persistence_location\s/.test(line)) return '';
      if (/^log_dest\s/.test(line)) return `log_dest file ${join(dir, 'mosquitto.log')}`;
      return line.replaceAll('/mosquitto/config/', `${dir}/`);
    })
    .join('\n');
}

export interface MosquittoHandle {
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts Mosquitto with these users (username → password) and the deploy ACL. */
export function startMosquitto(port: number, users: Record<string, string>): MosquittoHandle {
  const dir = mkdtempSync(join(tmpdir(), 'feijiu-mosquitto-'));
  chmodSync(dir, 0o755); // as root, mosquitto drops to its own user before reading its files
  const passwd = join(dir, 'passwd');
  Object.entries(users).forEach(([user, password], i) => {
    execFileSync(findExecutable('mosquitto_passwd')!, [...(i === 0 ? ['-c'] : []), '-b', passwd, user, password]);
  });
  writeFileSync(join(dir, 'acl'), readFileSync(join(DEPLOY, 'acl')));
  writeFileSync(join(dir, 'mosquitto.conf'), renderMosquittoConfig(dir, port));
  for (const f of ['passwd', 'acl', 'mosquitto.conf']) chmodSync(join(dir, f), 0o644);
  const child: ChildProcess = spawn(findExecutable('mosquitto')!, ['-c', join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
  return {
    url: `mqtt://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}
