#!/usr/bin/env node
// Ingest benchmark: simulated ambulances stream vitals and 12-lead ECG through the embedded
// broker into the built core, which stores them and streams them to dispatcher sockets.
//
//   npm run build:server && node bench/ingest/ingest.bench.mjs [--ambulances=40,100,200]
//     [--duration-sec=30] [--warmup-sec=5] [--sockets=2] [--json] [--keep]
//
// Per level (a fresh core and data dir each): every ambulance is its own gateway login and
// publishes 1 Hz vitals (8 observations) and a 200 ms ECG chunk (12 leads × 100 samples at
// 500 Hz, int16 base64) at QoS 1. Dispatcher sockets receive everything. Reported: sustained
// messages/s and samples/s, publish → socket latency (same process, same clock), CPU of the core
// (node) and of its PostgreSQL from /proc, RSS, and loss/duplicates both at each socket (every
// published seq must arrive exactly once) and in the database (exactly one receipt and the right
// number of rows). Figures only; nothing asserts a time (CONVENTIONS.md).
import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort, processTree } from '../support/proc.mjs';
import { hash } from '@node-rs/argon2';
import mqtt from 'mqtt';
import pg from 'pg';
import { io } from 'socket.io-client';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PASSWORD = 'bench-pass';
const DEMO_VEHICLES = 39;
const READY_TIMEOUT_MS = 180_000;
const EXIT_TIMEOUT_MS = 30_000;
const LEADS = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];
const ECG_HZ = 500;
const CHUNK_MS = 200;
const SAMPLES_PER_LEAD = (ECG_HZ * CHUNK_MS) / 1000;
const VITALS_EVERY_CHUNKS = 5; // 1 Hz
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

function parseArgs(argv) {
  const opts = {
    ambulances: [40, 100, 200],
    durationSec: 30,
    warmupSec: 5,
    drainSec: 30,
    sockets: 2,
    json: false,
    keep: false,
    entry: 'dist/apps/dispatch-core/src/main.js',
  };
  for (const arg of argv) {
    const [key, value] = arg.split('=');
    if (key === '--ambulances') opts.ambulances = value.split(',').map(Number);
    else if (key === '--duration-sec') opts.durationSec = Number(value);
    else if (key === '--warmup-sec') opts.warmupSec = Number(value);
    else if (key === '--drain-sec') opts.drainSec = Number(value);
    else if (key === '--sockets') opts.sockets = Number(value);
    else if (key === '--entry') opts.entry = value;
    else if (arg === '--json') opts.json = true;
    else if (arg === '--keep') opts.keep = true;
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(
        'usage: node bench/ingest/ingest.bench.mjs [--ambulances=40,100,200] [--duration-sec=30] [--warmup-sec=5]\n' +
          '         [--drain-sec=30] [--sockets=2] [--json] [--keep]\n',
      );
      process.exit(0);
    } else {
      process.stderr.write(`unknown option ${arg} (try --help)\n`);
      process.exit(2);
    }
  }
  const bad = opts.ambulances.some((n) => !Number.isInteger(n) || n < 1 || n > 2000);
  if (bad || !(opts.durationSec > 0) || !(opts.warmupSec >= 0) || !(opts.sockets >= 1)) {
    process.stderr.write('bad option values (ambulances 1..2000, duration > 0, sockets ≥ 1)\n');
    process.exit(2);
  }
  return opts;
}

// ---- /proc ------------------------------------------------------------------------------------

/** CPU ticks and RSS of the core (node) and of its PostgreSQL (postmaster + backends). */
function sampleCore(corePid) {
  const tree = processTree(corePid);
  const node = tree.filter((p) => p.pid === corePid);
  const postgres = tree.filter((p) => p.pid !== corePid && /^postgres|^postmaster/.test(p.comm));
  const sum = (ps, k) => ps.reduce((a, p) => a + p[k], 0);
  return {
    at: performance.now(),
    nodeTicks: sum(node, 'cpuTicks'),
    pgTicks: sum(postgres, 'cpuTicks'),
    nodeRssMb: sum(node, 'rssKb') / 1024,
    pgRssMb: sum(postgres, 'rssKb') / 1024,
    pids: tree.map((p) => p.pid),
  };
}

// ---- the core ---------------------------------------------------------------------------------

async function startCore(dataDir, opts, extraVehicles) {
  const port = await freePort();
  const pgPort = await freePort();
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    FEIJIU_DATA_DIR: dataDir,
    FEIJIU_PORT: String(port),
    FEIJIU_HOST: '127.0.0.1',
    FEIJIU_DEMO_PASSWORD: PASSWORD,
    FEIJIU_SIMULATOR: 'off',
    FEIJIU_LOG_LEVEL: 'warn',
    // asks the demo seeder for bench-001…; seeded by this script when the core does not (yet)
    FEIJIU_DEMO_EXTRA_VEHICLES: String(extraVehicles),
    EMBEDDED_PG_PORT: String(pgPort),
    EMBEDDED_MQTT_PORT: String(await freePort()),
  };
  for (const key of ['DATABASE_URL', 'MQTT_URL', 'MQTT_USERNAME', 'MQTT_PASSWORD', 'REDIS_URL', 'FEIJIU_DEMO']) delete env[key];
  const log = [];
  const child = spawn(process.execPath, [opts.entry], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
  let mqttUrl = null;
  const ready = new Promise((resolveReady) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      log.push(`[out] ${line}`);
      const m = /MQTT (mqtt:\/\/\S+)/.exec(line);
      if (m && /\bready\b/i.test(line)) {
        mqttUrl = m[1];
        resolveReady();
      }
    });
  });
  createInterface({ input: child.stderr }).on('line', (line) => log.push(`[err] ${line}`));
  const outcome = await Promise.race([ready.then(() => 'ready'), exited.then(() => 'exited'), sleep(READY_TIMEOUT_MS).then(() => 'timeout')]);
  if (outcome !== 'ready') throw Object.assign(new Error(`core did not get ready (${outcome})`), { log });
  return {
    child,
    exited,
    log,
    baseUrl: `http://127.0.0.1:${port}`,
    mqttUrl,
    pgUrl: `postgres://feijiu:feijiu@127.0.0.1:${pgPort}/feijiu`,
  };
}

async function stopCore(core, knownPids) {
  if (core.child.exitCode === null && core.child.signalCode === null) {
    core.child.kill('SIGINT');
    await Promise.race([core.exited, sleep(EXIT_TIMEOUT_MS)]);
  }
  const alive = (pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (const pid of knownPids.filter((p) => p !== process.pid && alive(p))) {
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      // gone meanwhile
    }
  }
}

async function login(core, username) {
  const res = await fetch(`${core.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  return (await res.json()).accessToken;
}

/**
 * The vehicle ids to drive: the demo county's, plus bench-001… beyond 39. When the core has not
 * seeded those (FEIJIU_DEMO_EXTRA_VEHICLES not wired yet), this script adds them — vehicles and
 * argon2 gateway credentials, the same rows the demo seeder writes — as a stopgap.
 */
async function fleetOf(core, token, n) {
  const listed = async () => (await (await fetch(`${core.baseUrl}/api/v1/vehicles`, { headers: { authorization: `Bearer ${token}` } })).json()).map((v) => v.id);
  let ids = await listed();
  const wanted = Array.from({ length: Math.max(0, n - DEMO_VEHICLES) }, (_, i) => `bench-${String(i + 1).padStart(3, '0')}`);
  const missing = wanted.filter((id) => !ids.includes(id));
  let stopgap = false;
  if (missing.length > 0) {
    stopgap = true;
    const db = new pg.Client({ connectionString: core.pgUrl });
    await db.connect();
    try {
      const stations = (await db.query(`SELECT id FROM facilities WHERE kind <> 'command_centre' ORDER BY id`)).rows.map((r) => r.id);
      const passwordHash = await hash(PASSWORD);
      for (const [i, id] of missing.entries()) {
        const n3 = id.slice('bench-'.length);
        await db.query(
          `INSERT INTO vehicles (id, call_sign, plate, type, status, station_id) VALUES ($1, $2, $2, 'ALS', 'available', $3) ON CONFLICT DO NOTHING`,
          [id, `BENCH-${n3}`, stations[i % stations.length]],
        );
        await db.query(`INSERT INTO gateway_credentials (vehicle_id, password_hash) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [id, passwordHash]);
      }
    } finally {
      await db.end();
    }
    ids = await listed();
  }
  const demo = ids.filter((id) => !id.startsWith('bench-')).sort();
  return { ids: [...demo, ...wanted].slice(0, n), stopgap };
}

// ---- the load ---------------------------------------------------------------------------------

/** A few seconds of synthetic 12-lead ECG, pre-encoded, so the bench spends no CPU on it. */
function ecgChunks(count) {
  const chunks = [];
  for (let c = 0; c < count; c++) {
    const samples = new Int16Array(LEADS.length * SAMPLES_PER_LEAD);
    for (let l = 0; l < LEADS.length; l++) {
      for (let s = 0; s < SAMPLES_PER_LEAD; s++) {
        const t = (c * SAMPLES_PER_LEAD + s) / ECG_HZ;
        const beat = (t % 0.8) / 0.8;
        const qrs = Math.exp(-(((beat - 0.3) / 0.012) ** 2)) * 1000;
        samples[l * SAMPLES_PER_LEAD + s] = Math.round(qrs * (1 - l / 24) + Math.sin(2 * Math.PI * t) * 60);
      }
    }
    chunks.push(Buffer.from(samples.buffer).toString('base64'));
  }
  return chunks;
}

function vitalsBody(seq, ts) {
  return JSON.stringify({
    seq,
    ts,
    monitorId: 'bench-mon',
    obs: [
      { code: 'HR', value: 70 + (seq % 30), unit: '/min' },
      { code: 'PR', value: 70 + (seq % 30), unit: '/min' },
      { code: 'SPO2', value: 96, unit: '%' },
      { code: 'RR', value: 16, unit: '/min' },
      { code: 'NIBP_SYS', value: 128, unit: 'mm[Hg]' },
      { code: 'NIBP_DIA', value: 82, unit: 'mm[Hg]' },
      { code: 'TEMP', value: 36.8, unit: 'Cel' },
      { code: 'ETCO2', value: 36, unit: 'mm[Hg]' },
    ],
  });
}
const OBS_PER_VITALS = 8;

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function runLevel(n, opts, root) {
  const dataDir = join(root, `data-${n}`);
  mkdirSync(dataDir, { mode: 0o755 });
  const result = { ambulances: n };
  let core = null;
  let pids = [];
  const gateways = [];
  const sockets = [];
  try {
    core = await startCore(dataDir, opts, Math.max(0, n - DEMO_VEHICLES));
    const token = await login(core, 'dispatcher');
    const fleet = await fleetOf(core, token, n);
    result.stopgapSeeding = fleet.stopgap;
    if (fleet.ids.length < n) throw new Error(`only ${fleet.ids.length} vehicles available`);

    // published[key] = { at, inWindow }, key = kind:vehicle:seq
    const published = new Map();
    const arrivals = Array.from({ length: opts.sockets }, () => new Map());
    const latencies = [];
    const toCore = [];
    const coreToSocket = [];
    let windowOpen = false;
    let windowDelivered = 0;
    for (let s = 0; s < opts.sockets; s++) {
      const socket = io(`${core.baseUrl}/live`, { auth: { token }, transports: ['websocket'], reconnection: false });
      sockets.push(socket);
      const onEvent = (kind) => (e) => {
        const now = performance.now();
        const key = `${kind}:${e.vehicleId}:${e.seq}`;
        const seen = arrivals[s];
        seen.set(key, (seen.get(key) ?? 0) + 1);
        const pub = published.get(key);
        if (pub?.inWindow) {
          latencies.push(now - pub.at);
          if (s === 0) windowDelivered++;
          // vitals carry the core's arrival time: split the path at the core (ms resolution)
          if (kind === 'v' && s === 0) {
            const receivedAt = Date.parse(e.receivedAt);
            toCore.push(receivedAt - pub.wall);
            coreToSocket.push(Date.now() - receivedAt);
          }
        }
      };
      socket.on('vitals.sampled', onEvent('v'));
      socket.on('waveform.sampled', onEvent('w'));
      await new Promise((ok, fail) => {
        socket.once('connect', ok);
        socket.once('connect_error', fail);
      });
    }

    // one gateway login per ambulance, a few at a time (each login is an argon2 verify)
    for (let i = 0; i < fleet.ids.length; i += 10) {
      const batch = await Promise.all(
        fleet.ids.slice(i, i + 10).map((id) =>
          mqtt.connectAsync(core.mqttUrl, { username: id, password: PASSWORD, protocolVersion: 4, clientId: `bench-gw-${id}`, reconnectPeriod: 0 }),
        ),
      );
      batch.forEach((client, j) => gateways.push({ id: fleet.ids[i + j], client, vSeq: 0, wSeq: 0, tick: 0 }));
    }

    const chunks = ecgChunks(25);
    let publishErrors = 0;
    let publishedInWindow = 0;
    const publish = (gw, kind, seq, body) => {
      const key = `${kind}:${gw.id}:${seq}`;
      published.set(key, { at: performance.now(), wall: Date.now(), inWindow: windowOpen });
      if (windowOpen) publishedInWindow++;
      gw.client.publish(`feijiu/v1/vehicles/${gw.id}/${kind === 'v' ? 'vitals' : 'waveform'}`, body, { qos: 1 }, (err) => {
        if (err) publishErrors++;
      });
    };
    const step = (gw) => {
      const ts = new Date().toISOString();
      const wSeq = ++gw.wSeq;
      publish(gw, 'w', wSeq, JSON.stringify({ seq: wSeq, t0: ts, monitorId: 'bench-mon', hz: ECG_HZ, leads: LEADS, lsbUv: 4.88, data: chunks[wSeq % chunks.length] }));
      if (gw.tick++ % VITALS_EVERY_CHUNKS === 0) {
        const vSeq = ++gw.vSeq;
        publish(gw, 'v', vSeq, vitalsBody(vSeq, ts));
      }
    };
    // each gateway on its own 200 ms beat, phases spread evenly
    const timers = gateways.map((gw, i) => {
      const t = { interval: null };
      t.start = setTimeout(() => {
        step(gw);
        t.interval = setInterval(() => step(gw), CHUNK_MS);
      }, (i * CHUNK_MS) / gateways.length);
      return t;
    });

    await sleep(opts.warmupSec * 1000);
    windowOpen = true;
    process.stdout.write(`  ${gateways.length} gateways streaming; measuring ${opts.durationSec} s (core pid ${core.child.pid})…\n`);
    const before = sampleCore(core.child.pid);
    const benchCpuBefore = process.cpuUsage();
    await sleep(opts.durationSec * 1000);
    windowOpen = false;
    const after = sampleCore(core.child.pid);
    const benchCpu = process.cpuUsage(benchCpuBefore);
    pids = after.pids;
    for (const t of timers) {
      clearTimeout(t.start);
      clearInterval(t.interval);
    }
    const windowSec = (after.at - before.at) / 1000;

    // drain: every published message at every socket, or the deadline
    const deadline = performance.now() + opts.drainSec * 1000;
    while (performance.now() < deadline && arrivals.some((seen) => seen.size < published.size)) await sleep(100);

    let lost = 0;
    let duplicated = 0;
    for (const seen of arrivals) {
      for (const key of published.keys()) if (!seen.has(key)) lost++;
      for (const count of seen.values()) if (count > 1) duplicated += count - 1;
    }

    const db = new pg.Client({ connectionString: core.pgUrl });
    await db.connect();
    let dbCheck;
    try {
      const ids = fleet.ids;
      const receipts = (await db.query(`SELECT kind, vehicle_id, seq FROM telemetry_receipts WHERE vehicle_id = ANY($1)`, [ids])).rows;
      const stored = new Map();
      for (const r of receipts) {
        const key = `${r.kind === 'vitals' ? 'v' : 'w'}:${r.vehicle_id}:${r.seq}`;
        stored.set(key, (stored.get(key) ?? 0) + 1);
      }
      const vRows = Number((await db.query(`SELECT count(*) FROM vitals_samples WHERE vehicle_id = ANY($1)`, [ids])).rows[0].count);
      const wRows = Number((await db.query(`SELECT count(*) FROM waveform_chunks WHERE vehicle_id = ANY($1)`, [ids])).rows[0].count);
      const storedV = [...stored.keys()].filter((k) => k.startsWith('v:')).length;
      const storedW = stored.size - storedV;
      dbCheck = {
        missing: [...published.keys()].filter((k) => !stored.has(k)).length,
        // a receipt twice, or sample rows beyond what the receipts account for
        duplicated:
          [...stored.values()].reduce((a, c) => a + (c - 1), 0) +
          Math.max(0, vRows - storedV * OBS_PER_VITALS) / OBS_PER_VITALS +
          Math.max(0, wRows - storedW),
        // a receipt whose sample rows are not all there (the batch was not atomic)
        rowsMissing: Math.max(0, storedV * OBS_PER_VITALS - vRows) + Math.max(0, storedW - wRows),
        vitalsRows: vRows,
        waveformRows: wRows,
      };
    } finally {
      await db.end();
    }

    const metrics = await (await fetch(`${core.baseUrl}/metrics`)).text();
    const metric = (name) => Number(new RegExp(`^${name} ([0-9.e+-]+)$`, 'm').exec(metrics)?.[1] ?? NaN);
    latencies.sort((a, b) => a - b);
    toCore.sort((a, b) => a - b);
    coreToSocket.sort((a, b) => a - b);
    const perSec = (count) => count / windowSec;
    const msgsPerAmbulancePerSec = 1 + 1000 / CHUNK_MS / 1; // 1 vitals + 5 chunks
    Object.assign(result, {
      windowSec,
      offeredMsgsPerSec: perSec(publishedInWindow),
      deliveredMsgsPerSec: perSec(windowDelivered),
      nominalMsgsPerSec: n * msgsPerAmbulancePerSec,
      vitalObsPerSec: perSec(windowDelivered) * 0, // filled below
      ecgSamplesPerSec: 0,
      latencyMs: {
        p50: percentile(latencies, 50),
        p90: percentile(latencies, 90),
        p99: percentile(latencies, 99),
        max: latencies.at(-1) ?? null,
        n: latencies.length,
      },
      vitalsToCoreMs: { p50: percentile(toCore, 50), p99: percentile(toCore, 99) },
      vitalsCoreToSocketMs: { p50: percentile(coreToSocket, 50), p99: percentile(coreToSocket, 99) },
      coreCpuPct: ((after.nodeTicks - before.nodeTicks) / CLK_TCK / windowSec) * 100,
      postgresCpuPct: ((after.pgTicks - before.pgTicks) / CLK_TCK / windowSec) * 100,
      benchCpuPct: ((benchCpu.user + benchCpu.system) / 1e6 / windowSec) * 100,
      coreRssMb: after.nodeRssMb,
      postgresRssMb: after.pgRssMb,
      published: published.size,
      socketLost: lost,
      socketDuplicated: duplicated,
      db: dbCheck,
      publishErrors,
      meanBatchMessages: metric('feijiu_telemetry_batch_messages_sum') / metric('feijiu_telemetry_batch_messages_count'),
      meanBatchCommitMs: (metric('feijiu_telemetry_batch_duration_seconds_sum') / metric('feijiu_telemetry_batch_duration_seconds_count')) * 1000,
      batchRetries: metric('feijiu_telemetry_batch_retries_total'),
      coreLoopLagP99Ms: metric('feijiu_nodejs_eventloop_lag_p99_seconds') * 1000,
      coreLoopLagMaxMs: metric('feijiu_nodejs_eventloop_lag_max_seconds') * 1000,
    });
    // in the window, per delivered message mix (1 vitals : 5 chunks per ambulance-second)
    const vShare = 1 / msgsPerAmbulancePerSec;
    result.vitalObsPerSec = result.deliveredMsgsPerSec * vShare * OBS_PER_VITALS;
    result.ecgSamplesPerSec = result.deliveredMsgsPerSec * (1 - vShare) * LEADS.length * SAMPLES_PER_LEAD;
  } catch (err) {
    result.error = err instanceof Error ? err.message : String(err);
    if (err?.log) result.logTail = err.log.slice(-20);
  } finally {
    for (const s of sockets) s.close();
    await Promise.all(gateways.map((g) => g.client.endAsync().catch(() => undefined)));
    if (core) {
      await stopCore(core, pids);
      writeFileSync(join(root, `core-${n}.log`), `${core.log.join('\n')}\n`);
    }
  }
  return result;
}

// ---- report -----------------------------------------------------------------------------------

function printTable(results) {
  const f = (v, d = 0) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(d) : '–');
  const rows = [
    ['ambulances', ...results.map((r) => String(r.ambulances))],
    ['messages/s offered (nominal)', ...results.map((r) => `${f(r.offeredMsgsPerSec)} (${f(r.nominalMsgsPerSec)})`)],
    ['messages/s delivered to a socket', ...results.map((r) => f(r.deliveredMsgsPerSec))],
    ['vital observations/s', ...results.map((r) => f(r.vitalObsPerSec))],
    ['ECG samples/s', ...results.map((r) => f(r.ecgSamplesPerSec))],
    ['publish → socket p50 (ms)', ...results.map((r) => f(r.latencyMs?.p50, 1))],
    ['publish → socket p90 (ms)', ...results.map((r) => f(r.latencyMs?.p90, 1))],
    ['publish → socket p99 (ms)', ...results.map((r) => f(r.latencyMs?.p99, 1))],
    ['publish → socket max (ms)', ...results.map((r) => f(r.latencyMs?.max, 1))],
    ['  vitals publish → core p50/p99', ...results.map((r) => `${f(r.vitalsToCoreMs?.p50)}/${f(r.vitalsToCoreMs?.p99)}`)],
    ['  vitals core → socket p50/p99', ...results.map((r) => `${f(r.vitalsCoreToSocketMs?.p50)}/${f(r.vitalsCoreToSocketMs?.p99)}`)],
    ['core CPU (% of one core)', ...results.map((r) => f(r.coreCpuPct))],
    ['postgres CPU (% of one core)', ...results.map((r) => f(r.postgresCpuPct))],
    ['bench CPU (% of one core)', ...results.map((r) => f(r.benchCpuPct))],
    ['core event-loop lag p99/max (ms)', ...results.map((r) => `${f(r.coreLoopLagP99Ms)}/${f(r.coreLoopLagMaxMs)}`)],
    ['core RSS (MB)', ...results.map((r) => f(r.coreRssMb))],
    ['postgres RSS (MB)', ...results.map((r) => f(r.postgresRssMb))],
    ['mean batch (messages)', ...results.map((r) => f(r.meanBatchMessages, 1))],
    ['mean batch commit (ms)', ...results.map((r) => f(r.meanBatchCommitMs, 1))],
    ['published messages', ...results.map((r) => f(r.published))],
    ['lost at sockets', ...results.map((r) => f(r.socketLost))],
    ['duplicated at sockets', ...results.map((r) => f(r.socketDuplicated))],
    ['missing in database', ...results.map((r) => f(r.db?.missing))],
    ['duplicated in database', ...results.map((r) => f(r.db?.duplicated))],
    ['receipts without their rows', ...results.map((r) => f(r.db?.rowsMissing))],
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => String(row[c]).length)));
  for (const row of rows) {
    process.stdout.write(`${row.map((cell, c) => (c === 0 ? String(cell).padEnd(widths[0]) : String(cell).padStart(widths[c]))).join('  ')}\n`);
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!existsSync(resolve(REPO, opts.entry))) {
    process.stderr.write(`${opts.entry} does not exist: run \`npm run build:server\` first.\n`);
    process.exit(1);
  }
  if (process.platform !== 'linux') {
    process.stderr.write('this benchmark reads /proc and runs on Linux only\n');
    process.exit(1);
  }
  const root = mkdtempSync(join(tmpdir(), 'feijiu-bench-ingest-'));
  chmodSync(root, 0o755); // embedded PostgreSQL runs as `postgres` and must traverse it
  const results = [];
  for (const n of opts.ambulances) {
    process.stdout.write(`ingest bench: ${n} ambulances, ${opts.warmupSec} s warm-up + ${opts.durationSec} s measured…\n`);
    const r = await runLevel(n, opts, root);
    results.push(r);
    if (r.error) process.stderr.write(`${n}: ${r.error}\n${(r.logTail ?? []).join('\n')}\n`);
    if (r.stopgapSeeding) process.stdout.write(`  (bench-001… seeded by the bench: the core does not honour FEIJIU_DEMO_EXTRA_VEHICLES yet)\n`);
  }
  process.stdout.write(`\nnode ${process.version}, ${opts.sockets} dispatcher sockets, embedded PostgreSQL + aedes, 1 Hz vitals (8 obs) + 12-lead ECG 500 Hz in 200 ms chunks per ambulance\n`);
  printTable(results);
  if (opts.json) {
    const outDir = join(REPO, 'bench/out');
    mkdirSync(outDir, { recursive: true });
    const file = join(outDir, `ingest-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify({ node: process.version, opts, results }, null, 2)}\n`);
    process.stdout.write(`\nwrote ${file}\n`);
  }
  if (opts.keep) process.stdout.write(`data dirs and core logs kept in ${root}\n`);
  else rmSync(root, { recursive: true, force: true });
  process.exitCode = results.some((r) => r.error) ? 1 : 0;
}

await main();
