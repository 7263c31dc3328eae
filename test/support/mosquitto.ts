import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
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

/**
 * The deploy config with the container paths pointed at `dir` and one loopback listener; the
 * deploy's persistence is kept (in `dir`/data) only when `persistent`. `settings` replace the
 * deploy's lines with those keys (or are added).
 */
export function renderMosquittoConfig(dir: string, port: number, persistent = false, settings: Readonly<Record<string, string>> = {}): string {
  const rendered = readFileSync(join(DEPLOY, 'mosquitto.conf'), 'utf8')
    .split('\n')
    .map((line) => {
      const key = /^(\w+)\s/.exec(line)?.[1];
      if (key !== undefined && key in settings) return '';
      if (/^listener\s/.test(line)) return `listener ${port} 127.0.0.1`;
      if (/^persistence\s/.test(line)) return persistent ? line : 'persistence false';
      if (/^persistence_location\s/.test(line)) return persistent ? `persistence_location ${join(dir, 'data')}/` : '';
      if (/^log_dest\s/.test(line)) return `log_dest file ${join(dir, 'mosquitto.log')}`;
      return line.replaceAll('/mosquitto/config/', `${dir}/`);
    });
  return [...rendered, ...Object.entries(settings).map(([key, value]) => `${key} ${value}`)].join('\n');
}

export interface MosquittoHandle {
  readonly url: string;
  /** Adds or changes a user in the password file (mosquitto_passwd -b); takes effect on reload(). */
  setPassword(user: string, password: string): void;
  /** Replaces the ACL file; takes effect on reload(). */
  setAcl(acl: string): void;
  /** SIGHUP: Mosquitto rereads the password file and ACL and drops sessions no longer valid. */
  reload(): void;
  stop(): Promise<void>;
  /** Starts it again after stop(): same port, users, ACL and (when persistent) saved sessions. */
  start(): Promise<void>;
}

export interface MosquittoOptions {
  /** Sessions and queued messages are saved (on stop, as deployed) and survive a restart. */
  persistent?: boolean;
  /** ACL text instead of deploy/mosquitto/acl */
  acl?: string;
  /** mosquitto.conf settings that replace the deploy's (e.g. { message_size_limit: '1024' }) */
  settings?: Readonly<Record<string, string>>;
}

/** The deploy ACL (deploy/mosquitto/acl), e.g. to restore it after a test changed it. */
export const deployMosquittoAcl = (): string => readFileSync(join(DEPLOY, 'acl'), 'utf8');

/** Starts Mosquitto with these users (username → password) and the deploy ACL. */
export function startMosquitto(port: number, users: Record<string, string>, options: MosquittoOptions = {}): MosquittoHandle {
  const dir = mkdtempSync(join(tmpdir(), 'feijiu-mosquitto-'));
  chmodSync(dir, 0o755); // as root, mosquitto drops to its own user before reading its files
  const passwd = join(dir, 'passwd');
  Object.entries(users).forEach(([user, password], i) => {
    execFileSync(findExecutable('mosquitto_passwd')!, [...(i === 0 ? ['-c'] : []), '-b', passwd, user, password]);
  });
  writeFileSync(join(dir, 'acl'), options.acl ?? readFileSync(join(DEPLOY, 'acl')));
  writeFileSync(join(dir, 'mosquitto.conf'), renderMosquittoConfig(dir, port, options.persistent, options.settings));
  for (const f of ['passwd', 'acl', 'mosquitto.conf']) chmodSync(join(dir, f), 0o644);
  if (options.persistent) {
    mkdirSync(join(dir, 'data'));
    chmodSync(join(dir, 'data'), 0o777); // written by the mosquitto user
  }
  const spawnBroker = () => spawn(findExecutable('mosquitto')!, ['-c', join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
  let child: ChildProcess = spawnBroker();
  return {
    url: `mqtt://127.0.0.1:${port}`,
    setPassword: (user, password) => {
      execFileSync(findExecutable('mosquitto_passwd')!, ['-b', passwd, user, password]);
      chmodSync(passwd, 0o644); // readable after mosquitto drops to its own user
    },
    setAcl: (acl) => {
      writeFileSync(join(dir, 'acl'), acl);
      chmodSync(join(dir, 'acl'), 0o644);
    },
    reload: () => void child.kill('SIGHUP'),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
    start: async () => {
      if (child.exitCode === null && child.signalCode === null) return;
      child = spawnBroker();
      await waitForListener(port);
    },
  };
}

async function waitForListener(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect({ port, host: '127.0.0.1' }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`mosquitto is not listening on 127.0.0.1:${port}`);
}
