#!/usr/bin/env node
// Soak: the built core under a county's working load for many minutes — does memory grow, does
// the event loop stall, does anything get lost, duplicated or leak to the wrong screen?
//
//   npm run build:server && npm run bench:soak [-- --minutes=10] [--ambulances=200]
//     [--dispatchers=6] [--er=4] [--crews=40] [--bound=8] [--report-sec=30] [--rest-sec=15]
//     [--drain-sec=60] [--json] [--keep]
//
// A fresh data dir (embedded PostgreSQL + broker, demo county, no simulator, bench-001… for the
// ambulances beyond the county's 39). Every ambulance is its own gateway login and publishes at
// QoS 1: vitals 1 Hz (8 observations), 12-lead ECG every 200 ms, GPS 1 Hz (7 messages/s).
// `--bound` ambulances first get an incident (dispatcher creates and assigns, crew accepts and
// sets the destination hospital), so ER screens stream their patients. The console clients
// (dispatchers, ER clinicians, crews; a worker thread) join their rooms and count every event
// per (vehicle, kind, seq), and refresh their lists over REST every `--rest-sec`.
// Every `--report-sec`: the core's RSS (whole tree and node alone), event-loop delay p99 from
// its /metrics, errors (HTTP 5xx, socket disconnects, error log lines) and messages per second.
// At the end: what the database stored and what each client received against what was
// published, RSS growth, a table. Figures only; nothing asserts (CONVENTIONS.md).
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import {
  apiOk,
  assertRunnable,
  CORE_ENTRY,
  DEMO_VEHICLES,
  login,
  makeBenchRoot,
  metricSum,
  scrapeMetrics,
  startCore,
  stopCore,
  writeBenchJson,
} from '../support/core.mjs';
import { readBenchArgs } from '../support/args.mjs';
import { memoryOf, processTree } from '../support/proc.mjs';
import {
  CHUNK_MS,
  checkStoredTelemetry,
  connectGateways,
  ecgChunks,
  fleetOf,
  fmt,
  formatTable,
  gpsBody,
  TOPIC_OF,
  VITALS_EVERY_CHUNKS,
  vitalsBody,
  waveformBody,
} from '../support/telemetry-load.mjs';

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
const MSGS_PER_AMBULANCE_SEC = 1000 / CHUNK_MS + 2; // ECG chunks + vitals + GPS

function parseArgs(argv) {
  const numeric = {
    minutes: 10,
    ambulances: 200,
    dispatchers: 6,
    er: 4,
    crews: 40,
    bound: 8,
    'report-sec': 30,
    'rest-sec': 15,
    'drain-sec': 60,
  };
  const v = readBenchArgs(
    argv,
    {
      ...Object.fromEntries(Object.entries(numeric).map(([name, value]) => [name, { type: 'string', default: String(value) }])),
      json: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      entry: { type: 'string', default: CORE_ENTRY },
    },
    'usage: node bench/soak/soak.bench.mjs [--minutes=10] [--ambulances=200] [--dispatchers=6] [--er=4] [--crews=40]\n' +
      '         [--bound=8] [--report-sec=30] [--rest-sec=15] [--drain-sec=60] [--json] [--keep]\n',
  );
  const opts = { json: v.json, keep: v.keep, entry: v.entry };
  // --report-sec → reportSec
  for (const name of Object.keys(numeric)) opts[name.replace(/-(\w)/g, (_, c) => c.toUpperCase())] = Number(v[name]);
  const ok =
    opts.minutes > 0 &&
    Number.isInteger(opts.ambulances) &&
    opts.ambulances >= 1 &&
    opts.ambulances <= 2000 &&
    [opts.dispatchers, opts.er, opts.crews, opts.bound].every((n) => Number.isInteger(n) && n >= 0) &&
    opts.bound <= Math.min(opts.ambulances, DEMO_VEHICLES) &&
    opts.reportSec >= 1 &&
    opts.restSec >= 1;
  if (!ok) {
    process.stderr.write('bad option values (minutes > 0, ambulances 1..2000, bound ≤ min(ambulances, 39), counts ≥ 0)\n');
    process.exit(2);
  }
  return opts;
}

// ---- the core's log: error lines --------------------------------------------------------------

function logCounter() {
  const counts = { error: 0, warn: 0, other: 0, lastErrors: [] };
  const onLine = (stream, line) => {
    let level = null;
    try {
      level = JSON.parse(line).level;
    } catch {
      // not a pino line (the ready line, a Node warning)
    }
    if (typeof level === 'number' && level >= 50) {
      counts.error++;
      if (counts.lastErrors.length < 10) counts.lastErrors.push(line.slice(0, 400));
    } else if (level === 40) counts.warn++;
    else if (stream === 'err') counts.other++;
  };
  return { counts, onLine };
}

// ---- the screens' setup: incidents bound to hospitals, then the client list ----------------------

async function bindIncidents(core, dispatcherToken, vehicleIds, hospitalIds) {
  const bound = new Map(); // vehicleId → hospitalId
  for (const [i, vehicleId] of vehicleIds.entries()) {
    const crewToken = await login(core, `crew-${vehicleId}`);
    const incident = await apiOk(core, '/api/v1/incidents', {
      token: dispatcherToken,
      method: 'POST',
      body: {
        location: { lat: 30.02 + i * 0.003, lon: 118.45 },
        address: `soak village ${i + 1}`,
        callerPhone: '13812345678',
        complaint: 'chest pain',
        priority: 'critical',
      },
    });
    const assignment = await apiOk(core, `/api/v1/incidents/${incident.id}/assignments`, { token: dispatcherToken, method: 'POST', body: { vehicleId } });
    await apiOk(core, `/api/v1/assignments/${assignment.id}/accept`, { token: crewToken, method: 'POST', body: {} });
    const hospitalId = hospitalIds[i % hospitalIds.length];
    await apiOk(core, `/api/v1/incidents/${incident.id}/destination`, { token: crewToken, method: 'POST', body: { hospitalId } });
    bound.set(vehicleId, hospitalId);
  }
  return bound;
}

async function consoleClients(core, opts, fleetIds, demoIds, hospitalIds, bound) {
  const tokens = new Map();
  const tokenOf = async (username) => {
    if (!tokens.has(username)) tokens.set(username, await login(core, username));
    return tokens.get(username);
  };
  const clients = [];
  for (let i = 0; i < opts.dispatchers; i++) {
    // the worst case: every dispatcher screen also takes every ambulance's ECG (a console opts in)
    clients.push({ name: `dispatcher#${i + 1}`, role: 'dispatcher', token: await tokenOf('dispatcher'), streams: ['waveform'], expected: fleetIds, gps: true, restPath: '/api/v1/incidents' });
  }
  for (let i = 0; i < opts.er; i++) {
    const hospitalId = hospitalIds[i % hospitalIds.length];
    clients.push({
      name: `er-${hospitalId}#${i + 1}`,
      role: 'er_clinician',
      token: await tokenOf(`er-${hospitalId}`),
      expected: [...bound].filter(([, h]) => h === hospitalId).map(([v]) => v),
      gps: false,
      restPath: '/api/v1/er/inbound',
    });
  }
  for (let i = 0; i < opts.crews; i++) {
    const vehicleId = demoIds[i % demoIds.length];
    clients.push({ name: `crew-${vehicleId}#${i + 1}`, role: 'crew', token: await tokenOf(`crew-${vehicleId}`), expected: [vehicleId], gps: true, restPath: '/api/v1/incidents' });
  }
  return clients;
}

function ask(worker, request, answerType) {
  return new Promise((resolve) => {
    const onMessage = (msg) => {
      if (msg.type !== answerType) return;
      worker.off('message', onMessage);
      resolve(msg);
    };
    worker.on('message', onMessage);
    worker.postMessage(request);
  });
}

// ---- periodic figures -----------------------------------------------------------------------------

function cpuTicks(corePid) {
  const tree = processTree(corePid);
  const node = tree.filter((p) => p.pid === corePid).reduce((a, p) => a + p.cpuTicks, 0);
  const postgres = tree.filter((p) => p.pid !== corePid && /^postgres|^postmaster/.test(p.comm)).reduce((a, p) => a + p.cpuTicks, 0);
  return { node, postgres };
}

async function sampleCore(core) {
  const text = await scrapeMetrics(core);
  return {
    at: performance.now(),
    memory: memoryOf(core.child.pid),
    ticks: cpuTicks(core.child.pid),
    loopP99Ms: metricSum(text, 'feijiu_nodejs_eventloop_lag_p99_seconds') * 1000,
    loopMaxMs: metricSum(text, 'feijiu_nodejs_eventloop_lag_max_seconds') * 1000,
    http5xx: metricSum(text, 'feijiu_http_request_duration_seconds_count', { status: /^5/ }) || 0,
    stored: metricSum(text, 'feijiu_telemetry_messages_total', { result: 'stored' }) || 0,
    failed: metricSum(text, 'feijiu_telemetry_messages_total', { result: 'failed' }) || 0,
    gps: metricSum(text, 'feijiu_mqtt_messages_total', { kind: 'gps' }) || 0,
    heapMb: metricSum(text, 'feijiu_nodejs_heap_size_used_bytes') / 1048576,
    load: loadavg(),
  };
}

function slopeMbPerMin(points) {
  // least squares over (minutes, MB)
  if (points.length < 2) return null;
  const n = points.length;
  const mx = points.reduce((a, p) => a + p[0], 0) / n;
  const my = points.reduce((a, p) => a + p[1], 0) / n;
  const num = points.reduce((a, p) => a + (p[0] - mx) * (p[1] - my), 0);
  const den = points.reduce((a, p) => a + (p[0] - mx) ** 2, 0);
  return den === 0 ? null : num / den;
}

async function databaseSize(pgUrl) {
  const db = new pg.Client({ connectionString: pgUrl });
  await db.connect();
  try {
    const size = async (table) =>
      Number((await db.query(`SELECT coalesce(sum(pg_total_relation_size(relid)), 0) AS b FROM pg_partition_tree($1::regclass)`, [table])).rows[0].b);
    return {
      databaseMb: Number((await db.query('SELECT pg_database_size(current_database()) AS b')).rows[0].b) / 1048576,
      vitalsMb: (await size('vitals_samples')) / 1048576,
      waveformMb: (await size('waveform_chunks')) / 1048576,
      receiptsMb: (await size('telemetry_receipts')) / 1048576,
      positionsMb: Number((await db.query(`SELECT pg_total_relation_size('vehicle_positions') AS b`)).rows[0].b) / 1048576,
    };
  } finally {
    await db.end();
  }
}

// ---- the run ------------------------------------------------------------------------------------------

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  assertRunnable(opts.entry);
  const root = makeBenchRoot('soak');
  const dataDir = join(root, 'data');
  mkdirSync(dataDir, { mode: 0o755 });
  const logs = logCounter();
  const out = (line) => process.stdout.write(`${line}\n`);
  out(`soak bench: ${opts.ambulances} ambulances, ${opts.dispatchers + opts.er + opts.crews} console clients, ${opts.minutes} min; data dir ${dataDir}`);

  let core = null;
  let worker = null;
  let pids = [];
  const gateways = [];
  const timers = [];
  const result = { opts, loadAtStart: loadavg(), node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, memTotalMb: totalmem() / 1048576, startedAt: new Date().toISOString() };
  try {
    core = await startCore({ dataDir, entry: opts.entry, env: { FEIJIU_DEMO_EXTRA_VEHICLES: Math.max(0, opts.ambulances - DEMO_VEHICLES) }, onLine: logs.onLine });
    const dispatcherToken = await login(core, 'dispatcher');
    const fleet = await fleetOf(core, dispatcherToken, opts.ambulances);
    if (fleet.ids.length < opts.ambulances) throw new Error(`only ${fleet.ids.length} vehicles available`);
    const demoIds = fleet.ids.filter((id) => !id.startsWith('bench-'));
    const hospitalIds = (await apiOk(core, '/api/v1/hospitals', { token: dispatcherToken })).filter((f) => f.kind === 'hospital').map((f) => f.id);
    const erHospitals = hospitalIds.slice(0, Math.max(1, Math.min(opts.er, hospitalIds.length)));
    const bound = await bindIncidents(core, dispatcherToken, demoIds.slice(0, opts.bound), erHospitals);
    out(`  ${bound.size} ambulances carry a patient to ${[...new Set(bound.values())].join(', ')}`);

    // the console clients connect first, so they see every message from the first one on
    worker = new Worker(new URL('./console-clients.mjs', import.meta.url));
    worker.on('error', (err) => out(`console clients worker failed: ${err.stack ?? err}`));
    const clientSpecs = await consoleClients(core, opts, fleet.ids, demoIds, erHospitals, bound);
    const started = await ask(worker, { type: 'start', baseUrl: core.baseUrl, clients: clientSpecs, restEverySec: opts.restSec }, 'started');
    out(`  ${started.connected} of ${clientSpecs.length} console clients connected`);

    gateways.push(...(await connectGateways(core.mqttUrl, fleet.ids)));
    let mqttCloses = 0;
    for (const gw of gateways) gw.client.on('close', () => mqttCloses++);
    out(`  ${gateways.length} gateways connected; streaming (core pid ${core.child.pid})`);

    const chunks = ecgChunks(25);
    const maxSeq = new Map(); // `${kind}:${vehicleId}` → highest seq published
    let published = 0;
    let publishErrors = 0;
    const publish = (gw, kind, seq, body) => {
      maxSeq.set(`${kind}:${gw.id}`, seq);
      published++;
      gw.client.publish(`feijiu/v1/vehicles/${gw.id}/${TOPIC_OF[kind]}`, body, { qos: 1 }, (err) => {
        if (err) publishErrors++;
      });
    };
    const gpsEpochMs = Date.now();
    worker.postMessage({ type: 'epoch', gpsEpochMs });
    const step = (gw, phaseMs) => {
      const ts = new Date().toISOString();
      const w = ++gw.seq.w;
      publish(gw, 'w', w, waveformBody(w, ts, chunks[w % chunks.length]));
      if (gw.tick++ % VITALS_EVERY_CHUNKS === 0) {
        const v = ++gw.seq.v;
        publish(gw, 'v', v, vitalsBody(v, ts));
        const g = ++gw.seq.g;
        // fix n is measured at epoch + n s (+ the vehicle's phase): the clients map it back to n
        publish(gw, 'g', g, gpsBody(g, new Date(gpsEpochMs + g * 1000 + phaseMs).toISOString(), gw.index));
      }
    };
    gateways.forEach((gw, i) => {
      const phaseMs = (i * CHUNK_MS) / gateways.length;
      const t = { start: null, interval: null };
      t.start = setTimeout(() => {
        step(gw, phaseMs);
        t.interval = setInterval(() => step(gw, phaseMs), CHUNK_MS);
      }, phaseMs);
      timers.push(t);
    });

    // ---- every report-sec: a line; the samples go into the final table
    const samples = [];
    const t0 = performance.now();
    let prev = { ...(await sampleCore(core)), published: 0, events: 0, bench: process.cpuUsage() };
    const first = prev;
    out('\n  errors: HTTP 5xx core/clients, socket disconnects, MQTT closes, core error log lines; PSS: RSS with shared pages split');
    const errorsHeader = 'errors 5xx/disc/mqtt/log';
    out(`  time   RSS tree node   pg  PSS heap | loop p99 max ms | msgs/s pub stored sockets | ${errorsHeader} | CPU % core pg bench | load 1/5/15`);
    const endAt = t0 + opts.minutes * 60_000;
    let historyTurn = 0;
    while (performance.now() < endAt) {
      await sleep(Math.min(opts.reportSec * 1000, Math.max(0, endAt - performance.now())));
      const boundIds = [...bound.keys()];
      if (boundIds.length) {
        // an ER opening a card loads the last minute of vitals
        const vehicleId = boundIds[historyTurn++ % boundIds.length];
        worker.postMessage({ type: 'history', baseUrl: core.baseUrl, path: `/api/v1/vehicles/${vehicleId}/vitals?since=${new Date(Date.now() - 60_000).toISOString()}`, token: dispatcherToken });
      }
      const s = await sampleCore(core);
      const st = await ask(worker, { type: 'stats' }, 'stats');
      const bench = process.cpuUsage();
      const dt = (s.at - prev.at) / 1000;
      const row = {
        atSec: (s.at - t0) / 1000,
        memory: s.memory,
        loopP99Ms: s.loopP99Ms,
        loopMaxMs: s.loopMaxMs,
        pubPerSec: (published - prev.published) / dt,
        storedPerSec: (s.stored + s.gps - prev.stored - prev.gps) / dt,
        socketEventsPerSec: (st.events - prev.events) / dt,
        http5xxCore: s.http5xx,
        http5xxClients: st.http.server5xx,
        httpFailed: st.http.failed,
        httpP99Ms: st.http.p99Ms,
        disconnects: st.disconnects,
        connected: st.connected,
        mqttCloses,
        errorLines: logs.counts.error,
        coreCpuPct: ((s.ticks.node - prev.ticks.node) / CLK_TCK / dt) * 100,
        pgCpuPct: ((s.ticks.postgres - prev.ticks.postgres) / CLK_TCK / dt) * 100,
        benchCpuPct: ((bench.user - prev.bench.user + bench.system - prev.bench.system) / 1e6 / dt) * 100,
        heapMb: s.heapMb,
        load: s.load,
      };
      samples.push(row);
      pids = [...new Set([...pids, ...s.memory.pids])];
      prev = { ...s, published, events: st.events, bench };
      const mm = Math.floor(row.atSec / 60);
      const ss = Math.round(row.atSec % 60);
      out(
        `  ${String(mm).padStart(2)}:${String(ss).padStart(2, '0')}  ${fmt(row.memory.totalMb).padStart(5)} MB ${fmt(row.memory.nodeMb).padStart(4)} ${fmt(row.memory.postgresMb).padStart(4)} ${fmt(row.memory.pssTotalMb).padStart(4)} ${fmt(row.heapMb).padStart(4)} |` +
          ` ${fmt(row.loopP99Ms, 1).padStart(6)} ${fmt(row.loopMaxMs).padStart(4)}        |` +
          ` ${fmt(row.pubPerSec).padStart(5)} ${fmt(row.storedPerSec).padStart(5)} ${fmt(row.socketEventsPerSec).padStart(6)} |` +
          ` ${row.http5xxCore}/${row.http5xxClients}${row.httpFailed ? `+${row.httpFailed}f` : ''} ${row.disconnects} ${row.mqttCloses} ${row.errorLines}`.padEnd(errorsHeader.length + 1) +
          ` | ${fmt(row.coreCpuPct).padStart(3)} ${fmt(row.pgCpuPct).padStart(3)} ${fmt(row.benchCpuPct).padStart(3)} | ${row.load.map((l) => l.toFixed(2)).join(' ')}`,
      );
    }

    // ---- stop publishing, let the core and the clients catch up
    for (const t of timers) {
      clearTimeout(t.start);
      clearInterval(t.interval);
    }
    worker.postMessage({ type: 'stop-rest' });
    const totalPublished = published;
    const publishedForSec = (performance.now() - t0) / 1000;
    const drainUntil = performance.now() + opts.drainSec * 1000;
    for (;;) {
      const text = await scrapeMetrics(core);
      const handled =
        (metricSum(text, 'feijiu_telemetry_messages_total') || 0) + (metricSum(text, 'feijiu_mqtt_messages_total', { kind: 'gps' }) || 0);
      if (handled >= totalPublished || performance.now() > drainUntil) break;
      await sleep(500);
    }
    await sleep(2000); // the last socket events after the last commit
    const end = await sampleCore(core);
    const db = await checkStoredTelemetry(core.pgUrl, fleet.ids, maxSeq);
    const sizes = await databaseSize(core.pgUrl);
    const st = await ask(worker, { type: 'stats' }, 'stats'); // before finish closes the sockets
    const { clients } = await ask(worker, { type: 'finish', published: [...maxSeq] }, 'result');

    const mins = samples.map((s) => [s.atSec / 60, s.memory.totalMb]);
    const nodeMins = samples.map((s) => [s.atSec / 60, s.memory.nodeMb]);
    const pssMins = samples.map((s) => [s.atSec / 60, s.memory.pssTotalMb ?? NaN]);
    Object.assign(result, {
      durationSec: publishedForSec,
      published: totalPublished,
      publishErrors,
      mqttCloses,
      samples,
      memory: { start: first.memory, firstReport: samples[0]?.memory, end: end.memory, maxTotalMb: Math.max(...samples.map((s) => s.memory.totalMb)) },
      heapUsedMb: { start: first.heapMb, firstReport: samples[0]?.heapMb, end: end.heapMb },
      rssSlopeMbPerMin: { total: slopeMbPerMin(mins), node: slopeMbPerMin(nodeMins) },
      // after the first report, once pools and caches have filled
      rssSlopeAfterFirstReportMbPerMin: { total: slopeMbPerMin(mins.slice(1)), node: slopeMbPerMin(nodeMins.slice(1)), pss: slopeMbPerMin(pssMins.slice(1)) },
      loopP99Ms: { max: Math.max(...samples.map((s) => s.loopP99Ms)), median: [...samples.map((s) => s.loopP99Ms)].sort((a, b) => a - b)[Math.floor(samples.length / 2)] },
      loopMaxMs: Math.max(...samples.map((s) => s.loopMaxMs)),
      http: { core5xx: end.http5xx, ...st.http },
      socket: { disconnects: st.disconnects, reconnects: st.reconnects, connectErrors: st.connectErrors },
      log: logs.counts,
      telemetryFailed: end.failed,
      db,
      sizes,
      clients,
      load: { samples: samples.map((s) => s.load[0]), mean1m: samples.reduce((a, s) => a + s.load[0], 0) / Math.max(1, samples.length) },
    });
    printSummary(result, out);
  } catch (err) {
    result.error = err instanceof Error ? err.message : String(err);
    out(`soak failed: ${result.error}`);
    if (err?.log) out(err.log.slice(-20).join('\n'));
  } finally {
    for (const t of timers) {
      clearTimeout(t.start);
      clearInterval(t.interval);
    }
    await Promise.all(gateways.map((g) => g.client.endAsync().catch(() => undefined)));
    if (worker) await worker.terminate();
    if (core) {
      const left = await stopCore(core, pids);
      if (left.length) out(`processes left after the core exited, stopped: ${left.join(', ')}`);
      writeFileSync(join(root, 'core.log'), `${core.log.join('\n')}\n`);
    }
  }
  if (opts.json) out(`\nwrote ${writeBenchJson('soak', result)}`);
  if (opts.keep || result.error) out(`data dir and core log kept in ${root}`);
  else rmSync(root, { recursive: true, force: true });
  process.exitCode = result.error ? 1 : 0;
}

// ---- the final table ------------------------------------------------------------------------------

function printSummary(r, out) {
  const byRole = (role) => r.clients.filter((c) => c.role === role);
  const sum = (cs, f) => cs.reduce((a, c) => a + f(c), 0);
  const clientCell = (cs) => {
    const want = sum(cs, (c) => c.v.want + c.w.want + c.g.want);
    const lost = sum(cs, (c) => c.v.lost + c.w.lost + c.g.lost);
    const dup = sum(cs, (c) => c.v.duplicated + c.w.duplicated + c.g.duplicated);
    return `${cs.length} clients: ${want} expected, ${lost} lost, ${dup} duplicated, ${sum(cs, (c) => c.unexpected)} not theirs`;
  };
  const m = r.memory;
  const growth = (a, b) => `${fmt(a)} → ${fmt(b)} MB (${b - a >= 0 ? '+' : ''}${fmt(b - a)})`;
  const rows = [
    ['figure', 'value'],
    ['duration', `${fmt(r.durationSec / 60, 1)} min, ${r.opts.ambulances} ambulances, ${r.clients.length} console clients`],
    ['messages published (QoS 1)', `${r.published} (${fmt(r.published / r.durationSec)}/s; nominal ${r.opts.ambulances * MSGS_PER_AMBULANCE_SEC}/s)`],
    ['RSS whole tree start → end', growth(m.start.totalMb, m.end.totalMb)],
    ['  first report → end', growth(m.firstReport?.totalMb, m.end.totalMb)],
    ['  slope after first report', `${fmt(r.rssSlopeAfterFirstReportMbPerMin.total, 2)} MB/min (max ${fmt(m.maxTotalMb)} MB)`],
    ['RSS node alone start → end', growth(m.start.nodeMb, m.end.nodeMb)],
    ['  slope after first report', `${fmt(r.rssSlopeAfterFirstReportMbPerMin.node, 2)} MB/min`],
    ['  V8 heap used start → end', growth(r.heapUsedMb.start, r.heapUsedMb.end)],
    ['RSS postgres start → end', growth(m.start.postgresMb, m.end.postgresMb)],
    ['PSS whole tree start → end', growth(m.start.pssTotalMb, m.end.pssTotalMb)],
    ['  slope after first report', `${fmt(r.rssSlopeAfterFirstReportMbPerMin.pss, 2)} MB/min`],
    ['event-loop delay p99 (per window)', `median ${fmt(r.loopP99Ms.median, 1)} ms, worst ${fmt(r.loopP99Ms.max, 1)} ms; max ${fmt(r.loopMaxMs)} ms`],
    ['HTTP 5xx (core metrics / clients)', `${r.http.core5xx} / ${r.http.server5xx}; ${r.http.ok} client requests ok, ${r.http.client4xx} 4xx, ${r.http.failed} failed`],
    ['socket disconnects / reconnects', `${r.socket.disconnects} / ${r.socket.reconnects}`],
    ['MQTT gateway connections closed', String(r.mqttCloses)],
    ['core log lines error / warn / stderr', `${r.log.error} / ${r.log.warn} / ${r.log.other}`],
    ['database: missing / duplicated', `${r.db.missing} / ${fmt(r.db.duplicated)} (vitals ${r.db.byKind.v.published}, ECG ${r.db.byKind.w.published})`],
    ['  receipts without their rows', String(r.db.rowsMissing)],
    ['  GPS fixes missing / duplicated', `${r.db.byKind.g.missing} / ${r.db.byKind.g.duplicated} of ${r.db.byKind.g.published}`],
    ['  telemetry messages failed', fmt(r.telemetryFailed)],
    ['dispatcher screens', clientCell(byRole('dispatcher'))],
    ['ER screens', clientCell(byRole('er_clinician'))],
    ['crew tablets', clientCell(byRole('crew'))],
    ['database size', `${fmt(r.sizes.databaseMb)} MB (vitals ${fmt(r.sizes.vitalsMb)}, ECG ${fmt(r.sizes.waveformMb)}, receipts ${fmt(r.sizes.receiptsMb)}, GPS ${fmt(r.sizes.positionsMb)})`],
    ['load average (1 min) during the run', `mean ${fmt(r.load.mean1m, 2)}, min ${fmt(Math.min(...r.load.samples), 2)}, max ${fmt(Math.max(...r.load.samples), 2)} on ${r.cpus} CPUs (before: ${r.loadAtStart.map((l) => l.toFixed(2)).join(' ')})`],
  ];
  out(`\nnode ${r.node}, ${r.cpus} × ${r.cpuModel}, ${fmt(r.memTotalMb / 1024, 1)} GB; embedded PostgreSQL + aedes; per ambulance 1 Hz vitals (8 obs) + 12-lead ECG 500 Hz in 200 ms chunks + 1 Hz GPS`);
  out(formatTable(rows));
  if (r.log.lastErrors.length) out(`\nfirst core error lines:\n${r.log.lastErrors.join('\n')}`);
}

await main();
