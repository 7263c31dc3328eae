import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../../..');
const MAIN = join(REPO_ROOT, 'dist/apps/dispatch-core/src/main.js');

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

/** A fresh data dir the `postgres` OS user can traverse (embedded PostgreSQL as root). */
export function makeDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'feijiu-system-'));
  chmodSync(dir, 0o755);
  return join(dir, 'data');
}

export interface CoreProcess {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  readonly readyLine: string;
  output(): string;
  /** Sends SIGINT and resolves with the exit code. */
  interrupt(): Promise<number | null>;
}

export interface CoreEnv {
  dataDir: string;
  httpPort: number;
  pgPort: number;
  mqttPort: number;
  extra?: Record<string, string>;
  /**
   * Run it as a terminal does: in its own process group, and interrupt() signals the whole group
   * (the core, its simulator and PostgreSQL all get the SIGINT at once, as on a Ctrl-C).
   */
  terminal?: boolean;
  /** Run it as this OS user (the test runs as root). */
  user?: { uid: number; gid: number };
}

/** Starts the built core exactly as `npm start` does (`node dist/.../main.js`) and waits for its ready line. */
export async function startCoreProcess(env: CoreEnv, timeoutMs = 90_000): Promise<CoreProcess> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
  const child = spawn(process.execPath, [MAIN], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      FEIJIU_DATA_DIR: env.dataDir,
      FEIJIU_PORT: String(env.httpPort),
      EMBEDDED_PG_PORT: String(env.pgPort),
      EMBEDDED_MQTT_PORT: String(env.mqttPort),
      FEIJIU_LOG_LEVEL: 'warn',
      ...env.extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: env.terminal ?? false,
    ...env.user,
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));

  const readyLine = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no ready line after ${timeoutMs} ms:\n${out.slice(-3000)}`)), timeoutMs);
    const check = () => {
      const line = out.split('\n').find((l) => l.startsWith('Feijiu ready'));
      if (line) {
        clearTimeout(timer);
        ok(line);
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`core exited with ${code} before ready:\n${out.slice(-3000)}`));
    });
  });
  return {
    child,
    baseUrl: `http://127.0.0.1:${env.httpPort}`,
    readyLine,
    output: () => out,
    interrupt: async () => {
      if (env.terminal && child.pid) process.kill(-child.pid, 'SIGINT');
      else child.kill('SIGINT');
      return exited;
    },
  };
}

export function readDemoPassword(readyLine: string): string {
  const m = /password: (\S+)/.exec(readyLine);
  if (!m) throw new Error(`no demo password in: ${readyLine}`);
  return m[1]!;
}

export async function login(baseUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
