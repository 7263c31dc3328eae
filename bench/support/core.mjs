// Shared by the bench scripts: the built core as a child process, as `npm start` runs it, on a
// private data dir with free ports (embedded PostgreSQL + broker, demo county, no simulator),
// its stdout/stderr kept as a log; logins, REST calls and /metrics.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort, stopLeftovers } from './proc.mjs';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CORE_ENTRY = 'dist/apps/dispatch-core/src/main.js';
export const BENCH_PASSWORD = 'bench-pass';
/** The demo county's ambulances; bench-001… come after them (FEIJIU_DEMO_EXTRA_VEHICLES). */
export const DEMO_VEHICLES = 39;
const READY_TIMEOUT_MS = 180_000;

/** Exits with a message when the core is not built or this is not Linux (the benches read /proc). */
export function assertRunnable(entry = CORE_ENTRY) {
  if (!existsSync(resolve(REPO, entry))) {
    process.stderr.write(`${entry} does not exist: run \`npm run build:server\` first.\n`);
    process.exit(1);
  }
  if (process.platform !== 'linux') {
    process.stderr.write('this benchmark reads /proc and runs on Linux only\n');
    process.exit(1);
  }
}

/** A private temp dir the embedded PostgreSQL (as OS user `postgres` when root) can traverse. */
export function makeBenchRoot(name) {
  const root = mkdtempSync(join(tmpdir(), `feijiu-bench-${name}-`));
  chmodSync(root, 0o755); // mkdtemp makes it 0700 (stack-notes.md #3)
  return root;
}

/**
 * Starts the core on `dataDir` and resolves once it printed its ready line. `env` adds or
 * overrides settings (a value `undefined` removes one); `onLine(stream, line)` sees every log line.
 */
export async function startCore({ dataDir, entry = CORE_ENTRY, env = {}, onLine = () => {}, readyTimeoutMs = READY_TIMEOUT_MS }) {
  const port = await freePort();
  const pgPort = await freePort();
  const merged = {
    ...process.env,
    NODE_ENV: 'production',
    FEIJIU_DATA_DIR: dataDir,
    FEIJIU_PORT: String(port),
    FEIJIU_HOST: '127.0.0.1',
    FEIJIU_DEMO_PASSWORD: BENCH_PASSWORD,
    FEIJIU_SIMULATOR: 'off',
    FEIJIU_LOG_LEVEL: 'warn',
    EMBEDDED_PG_PORT: String(pgPort),
    EMBEDDED_MQTT_PORT: String(await freePort()),
  };
  // the embedded defaults, never a developer's external servers
  for (const key of ['DATABASE_URL', 'MQTT_URL', 'MQTT_USERNAME', 'MQTT_PASSWORD', 'REDIS_URL', 'FEIJIU_DEMO']) delete merged[key];
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete merged[key];
    else merged[key] = String(value);
  }
  const log = [];
  // own process group, so leftovers (an orphaned postgres) can be found and stopped
  const child = spawn(process.execPath, [entry], { cwd: REPO, env: merged, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
  let mqttUrl = null;
  const ready = new Promise((resolveReady) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      log.push(`[out] ${line}`);
      onLine('out', line);
      const m = /MQTT (mqtt:\/\/\S+)/.exec(line);
      if (m && /\bready\b/i.test(line)) {
        mqttUrl = m[1];
        resolveReady();
      }
    });
  });
  createInterface({ input: child.stderr }).on('line', (line) => {
    log.push(`[err] ${line}`);
    onLine('err', line);
  });
  // unref'd: a pending timeout must not keep the bench alive after it is done
  const outcome = await Promise.race([
    ready.then(() => 'ready'),
    exited.then(() => 'exited'),
    sleep(readyTimeoutMs, 'timeout', { ref: false }),
  ]);
  if (outcome !== 'ready') {
    await stopLeftovers(child, exited, []);
    throw Object.assign(new Error(`core did not get ready (${outcome})`), { log });
  }
  return {
    child,
    exited,
    log,
    baseUrl: `http://127.0.0.1:${port}`,
    mqttUrl,
    pgUrl: `postgres://feijiu:${encodeURIComponent(embeddedPgPassword(dataDir))}@127.0.0.1:${pgPort}/feijiu`,
  };
}

/**
 * The embedded PostgreSQL's password: the core generates it into `<dataDir>/secrets/pg-password`
 * (apps/dispatch-core/src/platform/embedded/embedded-postgres.ts); a core from before that used `feijiu`.
 */
export function embeddedPgPassword(dataDir) {
  const file = join(dataDir, 'secrets', 'pg-password');
  return (existsSync(file) && readFileSync(file, 'utf8').trim()) || 'feijiu';
}

/** SIGINT and wait; then stops anything of its tree still alive. Returns what had to be stopped. */
export function stopCore(core, knownPids = []) {
  return stopLeftovers(core.child, core.exited, knownPids);
}

/** A REST call; resolves with status and parsed body (never throws on an HTTP error status). */
export async function api(core, path, { token, method = 'GET', body, timeoutMs = 30_000 } = {}) {
  const res = await fetch(`${core.baseUrl}${path}`, {
    method,
    headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...(token && { authorization: `Bearer ${token}` }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let parsed = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON (metrics, an HTML error page)
  }
  return { status: res.status, body: parsed };
}

/** Like `api`, but a non-2xx status throws with the body. */
export async function apiOk(core, path, init) {
  const res = await api(core, path, init);
  if (res.status < 200 || res.status > 299) throw new Error(`${init?.method ?? 'GET'} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function login(core, username, password = BENCH_PASSWORD) {
  return (await apiOk(core, '/api/v1/auth/login', { method: 'POST', body: { username, password } })).accessToken;
}

/** The core's Prometheus text; each scrape also resets prom-client's event-loop-delay window. */
export async function scrapeMetrics(core) {
  const res = await fetch(`${core.baseUrl}/metrics`, { signal: AbortSignal.timeout(10_000) });
  return res.text();
}

/** Sum of every series of `name` whose labels include all of `labels` (e.g. { status: /^5/ }). */
export function metricSum(text, name, labels = {}) {
  let sum = 0;
  let found = false;
  for (const m of text.matchAll(new RegExp(`^${name}(?:\\{([^}]*)\\})? ([0-9.e+-]+|NaN)$`, 'gm'))) {
    const have = Object.fromEntries([...(m[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    const match = Object.entries(labels).every(([k, v]) => (v instanceof RegExp ? v.test(have[k] ?? '') : have[k] === v));
    if (!match) continue;
    sum += Number(m[2]);
    found = true;
  }
  return found ? sum : NaN;
}

/** Writes `bench/out/<name>-<time>.json` (git-ignored) and returns its path. */
export function writeBenchJson(name, data) {
  const outDir = join(REPO, 'bench/out');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}
