#!/usr/bin/env node
// Ingest benchmark: simulated ambulances stream vitals and 12-lead ECG through the embedded
// broker into the built core, which stores them and streams them to the ER screens of the
// hospitals they are bound for (or, with --audience=dispatch, to dispatcher sockets).
//
//   npm run build:server && node bench/ingest/ingest.bench.mjs [--ambulances=40,100,200]
//     [--duration-sec=30] [--warmup-sec=5] [--drain-sec=30] [--audience=er|dispatch]
//     [--sockets=N] [--json] [--keep]
//
// Per level (a fresh core and data dir each): every ambulance is its own gateway login and
// publishes 1 Hz vitals (8 observations) and a 200 ms ECG chunk (12 leads × 100 samples at
// 500 Hz, int16 base64) at QoS 1. ER audience (the default): before any of it, every ambulance
// is bound to a receiving hospital through the REST API (incident, assignment, accept, en route,
// on scene, destination, transporting: support/er-binding.mjs) and `--sockets` (1) ER sockets per
// hospital connect as `er-<hospitalId>`, each with its own token; each must get exactly its
// hospital's inbound patients. Dispatch audience: `--sockets` (2) dispatcher sockets receive
// everything. Reported: sustained messages/s and samples/s, publish → socket latency (same
// process, same clock), CPU of the core (node) and of its PostgreSQL from /proc, RSS, and
// loss/duplicates at each socket (every message it should get, exactly once), samples of another
// hospital's patient at an ER socket (leaks), and in the database (exactly one receipt and the
// right number of rows). Figures only; nothing asserts a time (CONVENTIONS.md).
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { assertRunnable, CORE_ENTRY, DEMO_VEHICLES, login, makeBenchRoot, metricSum, scrapeMetrics, startCore, stopCore, writeBenchJson } from '../support/core.mjs';
import { readBenchArgs } from '../support/args.mjs';
import { bindToHospitals, receivingHospitals, waitUntilInbound } from '../support/er-binding.mjs';
import { processTree } from '../support/proc.mjs';
import {
  CHUNK_MS,
  checkStoredTelemetry,
  connectGateways,
  ecgChunks,
  fleetOf,
  fmt,
  formatTable,
  LEADS,
  OBS_PER_VITALS,
  percentile,
  SAMPLES_PER_LEAD,
  VITALS_EVERY_CHUNKS,
  vitalsBody,
  waveformBody,
} from '../support/telemetry-load.mjs';
import { io } from 'socket.io-client';

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

function parseArgs(argv) {
  const v = readBenchArgs(
    argv,
    {
      ambulances: { type: 'string', default: '40,100,200' },
      'duration-sec': { type: 'string', default: '30' },
      'warmup-sec': { type: 'string', default: '5' },
      'drain-sec': { type: 'string', default: '30' },
      audience: { type: 'string', default: 'er' },
      // per hospital for the ER audience (default 1), in all for the dispatch audience (default 2)
      sockets: { type: 'string' },
      json: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      // for testing this script against a stand-in for the core
      entry: { type: 'string', default: CORE_ENTRY },
    },
    'usage: node bench/ingest/ingest.bench.mjs [--ambulances=40,100,200] [--duration-sec=30] [--warmup-sec=5]\n' +
      '         [--drain-sec=30] [--audience=er|dispatch] [--sockets=N] [--json] [--keep]\n' +
      '  --audience=er        (default) every ambulance bound to a hospital; --sockets ER sockets per hospital (1)\n' +
      '  --audience=dispatch  --sockets dispatcher sockets (2) that receive every ambulance\n',
  );
  const opts = {
    ambulances: v.ambulances.split(',').map(Number),
    durationSec: Number(v['duration-sec']),
    warmupSec: Number(v['warmup-sec']),
    drainSec: Number(v['drain-sec']),
    audience: v.audience,
    sockets: Number(v.sockets ?? (v.audience === 'dispatch' ? 2 : 1)),
    json: v.json,
    keep: v.keep,
    entry: v.entry,
  };
  const bad = opts.ambulances.some((n) => !Number.isInteger(n) || n < 1 || n > 2000);
  const badAudience = !['er', 'dispatch'].includes(opts.audience);
  if (bad || badAudience || !(opts.durationSec > 0) || !(opts.warmupSec >= 0) || !(opts.drainSec >= 0) || !Number.isInteger(opts.sockets) || opts.sockets < 1) {
    process.stderr.write('bad option values (ambulances 1..2000, duration > 0, audience er | dispatch, sockets ≥ 1)\n');
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

// ---- who watches -------------------------------------------------------------------------------

/** A socket to come: whose samples it should get (null: everyone's) and what it counted. */
function newWatcher(name, token, expected, primary, streams = []) {
  return { name, token, streams, expected, primary, seen: new Map(), got: 0, want: 0, leaked: 0 };
}

/** Dispatcher sockets asking for ECG too: each gets every ambulance's stream. */
function dispatchAudience(token, count) {
  return { watchers: Array.from({ length: count }, (_, s) => newWatcher(`dispatcher#${s + 1}`, token, null, s === 0, ['waveform'])) };
}

/**
 * Every ambulance transporting a patient to a receiving hospital (round robin), then `perHospital`
 * ER sockets per hospital, each its own `er-<hospitalId>` login, expecting that hospital's
 * ambulances only. The first socket of each hospital is the one the delivered rate counts.
 */
async function erAudience(core, dispatcherToken, vehicleIds, perHospital) {
  const hospitalIds = await receivingHospitals(core, dispatcherToken);
  if (hospitalIds.length === 0) throw new Error('no receiving hospital in the county');
  const startedAt = performance.now();
  const { byVehicle, actedBy } = await bindToHospitals(core, { dispatcherToken, vehicleIds, hospitalIds });
  await waitUntilInbound(core, hospitalIds, byVehicle);
  const sec = (performance.now() - startedAt) / 1000;
  const watchers = [];
  const counts = {};
  for (const hospitalId of hospitalIds) {
    const expected = new Set([...byVehicle].filter(([, h]) => h === hospitalId).map(([v]) => v));
    counts[hospitalId] = expected.size;
    for (let k = 0; k < perHospital; k++) watchers.push(newWatcher(`er-${hospitalId}#${k + 1}`, await login(core, `er-${hospitalId}`), expected, k === 0));
  }
  return { watchers, binding: { sec, actedBy, perHospital: counts } };
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
    core = await startCore({
      dataDir,
      entry: opts.entry,
      // asks the demo seeder for bench-001…; fleetOf seeds them when the core does not
      env: { FEIJIU_DEMO_EXTRA_VEHICLES: Math.max(0, n - DEMO_VEHICLES) },
    });
    const token = await login(core, 'dispatcher');
    const fleet = await fleetOf(core, token, n);
    result.stopgapSeeding = fleet.stopgap;
    if (fleet.ids.length < n) throw new Error(`only ${fleet.ids.length} vehicles available`);

    // who watches: ER screens of the hospitals the ambulances are bound for, or the dispatch room
    const audience = opts.audience === 'er' ? await erAudience(core, token, fleet.ids, opts.sockets) : dispatchAudience(token, opts.sockets);
    if (audience.binding) {
      result.binding = audience.binding;
      const perHospital = Object.entries(audience.binding.perHospital).map(([h, k]) => `${h} ${k}`).join(', ');
      const by = audience.binding.actedBy;
      process.stdout.write(
        `  ${fleet.ids.length} ambulances transporting to ${perHospital} (bound in ${fmt(audience.binding.sec, 1)} s; crew steps by crew-<vehicle> ${by.crew}, by the dispatcher ${by.dispatcher}); ER inbound lists match\n`,
      );
    }

    // published[key] = { at, wall, inWindow, vehicleId }, key = kind:vehicle:seq
    const published = new Map();
    const latencies = [];
    const toCore = [];
    const coreToSocket = [];
    let windowOpen = false;
    let windowDelivered = 0;
    for (const watcher of audience.watchers) {
      const socket = io(`${core.baseUrl}/live`, { auth: { token: watcher.token, streams: watcher.streams }, transports: ['websocket'], reconnection: false });
      sockets.push(socket);
      const onEvent = (kind) => (e) => {
        const now = performance.now();
        // a sample of a patient bound for another hospital
        if (watcher.expected && !watcher.expected.has(e.vehicleId)) {
          watcher.leaked++;
          return;
        }
        const key = `${kind}:${e.vehicleId}:${e.seq}`;
        const count = (watcher.seen.get(key) ?? 0) + 1;
        watcher.seen.set(key, count);
        if (count > 1) return; // a duplicate, counted at the end
        watcher.got++;
        const pub = published.get(key);
        if (pub?.inWindow) {
          latencies.push(now - pub.at);
          if (watcher.primary) windowDelivered++;
          // vitals carry the core's arrival time: split the path at the core (ms resolution)
          if (kind === 'v' && watcher.primary) {
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

    gateways.push(...(await connectGateways(core.mqttUrl, fleet.ids)));

    const chunks = ecgChunks(25);
    let publishErrors = 0;
    let publishedInWindow = 0;
    const maxSeq = new Map(); // `${kind}:${vehicleId}` → highest seq published
    const publish = (gw, kind, seq, body) => {
      const key = `${kind}:${gw.id}:${seq}`;
      published.set(key, { at: performance.now(), wall: Date.now(), inWindow: windowOpen, vehicleId: gw.id });
      if (windowOpen) publishedInWindow++;
      if (seq > (maxSeq.get(`${kind}:${gw.id}`) ?? 0)) maxSeq.set(`${kind}:${gw.id}`, seq);
      gw.client.publish(`feijiu/v1/vehicles/${gw.id}/${kind === 'v' ? 'vitals' : 'waveform'}`, body, { qos: 1 }, (err) => {
        if (err) publishErrors++;
      });
    };
    const step = (gw) => {
      const ts = new Date().toISOString();
      const wSeq = ++gw.seq.w;
      publish(gw, 'w', wSeq, waveformBody(wSeq, ts, chunks[wSeq % chunks.length]));
      if (gw.tick++ % VITALS_EVERY_CHUNKS === 0) {
        const vSeq = ++gw.seq.v;
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

    // drain: every socket has every message it should get, or the deadline
    const publishedOf = new Map(gateways.map((gw) => [gw.id, gw.seq.v + gw.seq.w]));
    for (const watcher of audience.watchers) {
      watcher.want = watcher.expected ? [...watcher.expected].reduce((sum, id) => sum + (publishedOf.get(id) ?? 0), 0) : published.size;
    }
    const deadline = performance.now() + opts.drainSec * 1000;
    while (performance.now() < deadline && audience.watchers.some((w) => w.got < w.want)) await sleep(100);

    const perSocket = audience.watchers.map((w) => {
      let lost = 0;
      let duplicated = 0;
      for (const [key, pub] of published) if ((!w.expected || w.expected.has(pub.vehicleId)) && !w.seen.has(key)) lost++;
      for (const count of w.seen.values()) if (count > 1) duplicated += count - 1;
      return { name: w.name, vehicles: w.expected ? w.expected.size : fleet.ids.length, want: w.want, lost, duplicated, leaked: w.expected ? w.leaked : null };
    });
    const sumOf = (k) => perSocket.reduce((a, w) => a + w[k], 0);

    const dbCheck = await checkStoredTelemetry(core.pgUrl, fleet.ids, maxSeq);

    const metrics = await scrapeMetrics(core);
    const metric = (name) => metricSum(metrics, name);
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
      socketLost: sumOf('lost'),
      socketDuplicated: sumOf('duplicated'),
      socketLeaked: opts.audience === 'er' ? sumOf('leaked') : null,
      perSocket,
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

function printTable(results, opts) {
  const f = fmt;
  const er = opts.audience === 'er';
  const rows = [
    ['ambulances', ...results.map((r) => String(r.ambulances))],
    ['messages/s offered (nominal)', ...results.map((r) => `${f(r.offeredMsgsPerSec)} (${f(r.nominalMsgsPerSec)})`)],
    [er ? 'messages/s delivered to their ER' : 'messages/s delivered to a socket', ...results.map((r) => f(r.deliveredMsgsPerSec))],
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
    ...(er ? [["another hospital's samples at an ER", ...results.map((r) => f(r.socketLeaked))]] : []),
    ['missing in database', ...results.map((r) => f(r.db?.missing))],
    ['duplicated in database', ...results.map((r) => f(r.db?.duplicated))],
    ['receipts without their rows', ...results.map((r) => f(r.db?.rowsMissing))],
  ];
  process.stdout.write(`${formatTable(rows)}\n`);
  // per socket: ambulances it should see, messages it should get, lost / duplicated (/ leaked)
  process.stdout.write(`\nper socket: ambulances, messages expected, lost/duplicated${er ? '/leaked' : ''}\n`);
  for (const r of results.filter((x) => x.perSocket)) {
    const cells = r.perSocket.map((w) => `${w.name} ${w.vehicles} ${w.want} ${w.lost}/${w.duplicated}${er ? `/${w.leaked}` : ''}`);
    process.stdout.write(`  ${r.ambulances}: ${cells.join(', ')}\n`);
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  assertRunnable(opts.entry);
  const root = makeBenchRoot('ingest');
  const results = [];
  for (const n of opts.ambulances) {
    process.stdout.write(`ingest bench: ${n} ambulances, ${opts.audience} audience, ${opts.warmupSec} s warm-up + ${opts.durationSec} s measured…\n`);
    const r = await runLevel(n, opts, root);
    results.push(r);
    if (r.error) process.stderr.write(`${n}: ${r.error}\n${(r.logTail ?? []).join('\n')}\n`);
    if (r.stopgapSeeding) process.stdout.write(`  (bench-001… seeded by the bench: the core does not honour FEIJIU_DEMO_EXTRA_VEHICLES yet)\n`);
  }
  const watchers =
    opts.audience === 'er'
      ? `${opts.sockets} ER socket${opts.sockets > 1 ? 's' : ''} per receiving hospital, every ambulance transporting to one`
      : `${opts.sockets} dispatcher sockets`;
  process.stdout.write(`\nnode ${process.version}, ${watchers}, embedded PostgreSQL + aedes, 1 Hz vitals (8 obs) + 12-lead ECG 500 Hz in 200 ms chunks per ambulance\n`);
  printTable(results, opts);
  if (opts.json) {
    const file = writeBenchJson('ingest', { node: process.version, opts, results });
    process.stdout.write(`\nwrote ${file}\n`);
  }
  if (opts.keep) process.stdout.write(`data dirs and core logs kept in ${root}\n`);
  else rmSync(root, { recursive: true, force: true });
  process.exitCode = results.some((r) => r.error) ? 1 : 0;
}

await main();
