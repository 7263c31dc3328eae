import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { loadConfig } from '../../../src/platform/config/app-config';
import { type RunningCore, startCore } from '../../../src/platform/boot/start-core';

export const DEMO_PASSWORD = 'medium-test-pass';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Polls `probe` every 50 ms until it returns something truthy, and returns that; throws naming
 * `what` after `timeoutMs`.
 */
export async function waitFor<T>(probe: () => T | undefined | null | false, what: string, timeoutMs = 20_000): Promise<T> {
  for (const until = Date.now() + timeoutMs; Date.now() < until; ) {
    const v = probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Resolves once `socket` is connected (at once if it already is); rejects with its connect error. */
export function waitForConnection(socket: Socket): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (socket.connected) return resolve();
    socket.once('connect', () => resolve());
    socket.once('connect_error', (e) => reject(e));
  });
}

export interface Harness {
  core: RunningCore;
  baseUrl: string;
  mqttUrl: string;
  login(username: string, password?: string): Promise<string>;
  api(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
  /** A `/live` socket; `streams: ['waveform']` asks for every ambulance's ECG (dispatch centre). */
  live(token: string | undefined, options?: { streams?: string[] }): Socket;
  stop(): Promise<void>;
}

/**
 * The real core in-process, on the medium tier's embedded PostgreSQL (global setup) and its own
 * embedded MQTT broker, in demo mode without the simulator.
 */
export async function startHarness(extraEnv: Record<string, string> = {}): Promise<Harness> {
  const databaseUrl = process.env.TEST_DATABASE_URL;
  if (!databaseUrl) throw new Error('TEST_DATABASE_URL is not set: run through the medium vitest project');
  const dataDir = mkdtempSync(join(tmpdir(), 'feijiu-core-'));
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    JWT_SECRET: 'medium-test-secret-medium-test-secret-0123',
    FEIJIU_DEMO: 'on',
    FEIJIU_DEMO_PASSWORD: DEMO_PASSWORD,
    FEIJIU_SIMULATOR: 'off',
    FEIJIU_PORT: String(await freePort()),
    EMBEDDED_MQTT_PORT: String(await freePort()),
    FEIJIU_DATA_DIR: dataDir,
    FEIJIU_LOG_LEVEL: 'error',
    // every medium test logs in from 127.0.0.1 into one shared database: failed logins of one file
    // must not lock the next out (login-rate-limit.test.ts sets its own limits)
    FEIJIU_LOGIN_MAX_FAILURES: '1000',
    FEIJIU_LOGIN_MAX_FAILURES_PER_ADDRESS: '100000',
    ...extraEnv,
  });
  const core = await startCore(config);
  const baseUrl = core.baseUrl;
  const api = (path: string, init: RequestInit & { token?: string } = {}) => {
    const { token, headers, ...rest } = init;
    return fetch(`${baseUrl}${path}`, {
      ...rest,
      headers: {
        ...(rest.body ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(headers as Record<string, string> | undefined),
      },
    });
  };
  const sockets: Socket[] = [];
  return {
    core,
    baseUrl,
    mqttUrl: core.mqttUrl,
    api,
    async login(username, password = DEMO_PASSWORD) {
      const res = await api('/api/v1/auth/login', { method: 'POST', body: JSON.stringify({ username, password }) });
      if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status}`);
      return ((await res.json()) as { accessToken: string }).accessToken;
    },
    live(token, options = {}) {
      const s = io(`${baseUrl}/live`, { auth: token ? { token, ...options } : {}, transports: ['websocket'], reconnection: false });
      sockets.push(s);
      return s;
    },
    async stop() {
      sockets.forEach((s) => s.close());
      await core.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A database of the file's own on the test PostgreSQL, for tests that restart the core with
 * settings that would disturb the other files' shared one (demo off, no admin). `drop()` removes it.
 */
export async function createOwnDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const shared = process.env.TEST_DATABASE_URL;
  if (!shared) throw new Error('TEST_DATABASE_URL is not set: run through the medium vitest project');
  const name = `${prefix}_${process.pid}`;
  const server = new pg.Client({ connectionString: shared });
  await server.connect();
  await server.query(`DROP DATABASE IF EXISTS ${name}`);
  await server.query(`CREATE DATABASE ${name}`);
  const url = new URL(shared);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await server.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await server.end();
    },
  };
}
