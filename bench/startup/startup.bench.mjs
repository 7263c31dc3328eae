#!/usr/bin/env node
// Startup benchmark: what `npm start` costs, cold (fresh data dir: initdb, migrations, demo seed)
// and warm (same data dir again): the built core by default, or `npm start` itself with its
// prestart build (--npm-start).
//
//   npm run build && npm run bench:startup [-- --no-simulator] [--idle-sec=5] [--keep] [--json]
//
// For each run: spawn `node dist/apps/dispatch-core/src/main.js` with a private FEIJIU_DATA_DIR
// and free ports, time spawn → the ready line on stdout and spawn → GET /health/ready 200, stay
// idle, sum VmRSS over the process tree (node + embedded PostgreSQL), SIGINT, time the exit.
// Figures only: nothing here asserts a time (CONVENTIONS.md: timing belongs in bench/).
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { readBenchArgs } from '../support/args.mjs';
import { freePort, memoryOf, stopLeftovers } from '../support/proc.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const READY_LINE = /\bready\b/i;
const NOT_READY_LINE = /\b(not|un)[\s-]?ready\b/i;
const READY_TIMEOUT_MS = 180_000;
const HEALTH_TIMEOUT_MS = 60_000;
const EXIT_TIMEOUT_MS = 30_000;

const USAGE =
  'usage: node bench/startup/startup.bench.mjs [--no-simulator|--simulator] [--npm-start] [--idle-sec=5] [--keep] [--json]\n' +
  '  --npm-start  run `npm start` itself (its prestart build included) and stop it with a Ctrl-C to the\n' +
  '               whole process group, as a terminal does; default: the built core, node dist/…/main.js\n';

function parseArgs(argv) {
  const values = readBenchArgs(
    argv,
    {
      'no-simulator': { type: 'boolean' },
      simulator: { type: 'boolean' },
      'npm-start': { type: 'boolean' },
      keep: { type: 'boolean' },
      json: { type: 'boolean' },
      'idle-sec': { type: 'string', default: '5' },
      // for testing this script against a stand-in for the core
      entry: { type: 'string', default: 'dist/apps/dispatch-core/src/main.js' },
    },
    USAGE,
  );
  const opts = {
    simulator: values['no-simulator'] ? 'off' : values.simulator ? 'on' : null,
    npmStart: values['npm-start'] ?? false,
    idleSec: Number(values['idle-sec']),
    keep: values.keep ?? false,
    json: values.json ?? false,
    entry: values.entry,
  };
  if (!Number.isFinite(opts.idleSec) || opts.idleSec < 0) {
    process.stderr.write('--idle-sec must be a number ≥ 0\n');
    process.exit(2);
  }
  return opts;
}

// ---- one run ---------------------------------------------------------------------------------

async function waitForHealth(url, deadline) {
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) throw new Error(`${url} did not answer 200 in time`);
    await sleep(50);
  }
}

async function runOnce(label, dataDir, opts) {
  const port = await freePort();
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    FEIJIU_DATA_DIR: dataDir,
    FEIJIU_PORT: String(port),
    FEIJIU_HOST: '127.0.0.1',
    FEIJIU_DEMO_PASSWORD: 'bench-pass',
    // private ports, so a developer's own `npm start` can keep running
    EMBEDDED_PG_PORT: String(await freePort()),
    EMBEDDED_MQTT_PORT: String(await freePort()),
  };
  // the embedded defaults are what `npm start` measures
  for (const key of ['DATABASE_URL', 'MQTT_URL', 'MQTT_USERNAME', 'MQTT_PASSWORD', 'REDIS_URL']) delete env[key];
  if (opts.simulator) env.FEIJIU_SIMULATOR = opts.simulator;

  const logFile = join(dataDir, `..`, `${label}.log`);
  const log = [];
  const t0 = performance.now();
  // own process group, so leftovers (an orphaned postgres) can be found and stopped
  const [command, args] = opts.npmStart ? ['npm', ['start']] : [process.execPath, [opts.entry]];
  const child = spawn(command, args, { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal, at: performance.now() })));
  let exitInfo = null;
  void exited.then((e) => (exitInfo = e));

  let readyAt = null;
  let readyLine = null;
  const readyPromise = new Promise((resolveReady) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      log.push(`[out] ${line}`);
      if (readyAt === null && READY_LINE.test(line) && !NOT_READY_LINE.test(line)) {
        readyAt = performance.now();
        readyLine = line;
        resolveReady();
      }
    });
  });
  createInterface({ input: child.stderr }).on('line', (line) => log.push(`[err] ${line}`));

  const result = { label, port, dataDir };
  try {
    const outcome = await Promise.race([
      readyPromise.then(() => 'ready'),
      exited.then(() => 'exited'),
      sleep(READY_TIMEOUT_MS).then(() => 'timeout'),
    ]);
    if (outcome !== 'ready') {
      throw new Error(
        outcome === 'exited'
          ? `the core exited (code ${exitInfo?.code}, signal ${exitInfo?.signal}) before printing a ready line`
          : `no ready line within ${READY_TIMEOUT_MS / 1000} s`,
      );
    }
    result.readyLineMs = readyAt - t0;
    result.readyLine = readyLine;

    await waitForHealth(`http://127.0.0.1:${port}/health/ready`, performance.now() + HEALTH_TIMEOUT_MS);
    result.healthReadyMs = performance.now() - t0;

    await sleep(opts.idleSec * 1000);
    if (exitInfo) throw new Error(`the core exited (code ${exitInfo.code}) while idle`);
    result.memory = memoryOf(child.pid);

    const stopAt = performance.now();
    // npm start: Ctrl-C as a terminal sends it, to the whole group (npm, the core, PostgreSQL, the simulator)
    if (opts.npmStart) process.kill(-child.pid, 'SIGINT');
    else child.kill('SIGINT');
    const stop = await Promise.race([exited, sleep(EXIT_TIMEOUT_MS).then(() => null)]);
    if (!stop) throw new Error(`the core did not exit within ${EXIT_TIMEOUT_MS / 1000} s of SIGINT`);
    result.shutdownMs = stop.at - stopAt;
    result.exitCode = stop.code;
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
  } finally {
    result.leftovers = await stopLeftovers(child, exited, result.memory?.pids ?? [], EXIT_TIMEOUT_MS);
    if (result.memory) delete result.memory.pids;
    writeFileSync(logFile, `${log.join('\n')}\n`);
    result.log = logFile;
  }
  return result;
}

// ---- report ----------------------------------------------------------------------------------

function printTable(results) {
  const fmt = (v, digits = 0) => (typeof v === 'number' ? v.toFixed(digits) : '–');
  const rows = [
    ['', ...results.map((r) => r.label)],
    ['spawn → ready line (ms)', ...results.map((r) => fmt(r.readyLineMs))],
    ['spawn → /health/ready 200 (ms)', ...results.map((r) => fmt(r.healthReadyMs))],
    ['RSS total after idle (MB)', ...results.map((r) => fmt(r.memory?.totalMb, 1))],
    ['PSS total after idle (MB)', ...results.map((r) => fmt(r.memory?.pssTotalMb, 1))],
    ['  node (MB)', ...results.map((r) => fmt(r.memory?.nodeMb, 1))],
    ['  postgres (MB)', ...results.map((r) => fmt(r.memory?.postgresMb, 1))],
    ['  other children (MB)', ...results.map((r) => fmt(r.memory?.otherMb, 1))],
    ['processes in tree', ...results.map((r) => fmt(r.memory?.processes))],
    ['SIGINT → exit (ms)', ...results.map((r) => fmt(r.shutdownMs))],
    ['exit code', ...results.map((r) => (r.exitCode ?? '–').toString())],
  ];
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => String(row[col]).length)));
  for (const row of rows) {
    process.stdout.write(`${row.map((cell, col) => String(cell).padStart(col === 0 ? 0 : widths[col]).padEnd(col === 0 ? widths[0] : 0)).join('  ')}\n`);
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const entry = resolve(REPO, opts.entry);
  if (!opts.npmStart && !existsSync(entry)) {
    process.stderr.write(`${opts.entry} does not exist: run \`npm run build\` first.\n`);
    process.exit(1);
  }
  if (process.platform !== 'linux') {
    process.stderr.write('this benchmark reads /proc and runs on Linux only\n');
    process.exit(1);
  }

  const root = mkdtempSync(join(tmpdir(), 'feijiu-bench-startup-'));
  // as root, embedded PostgreSQL runs as the `postgres` user, which must traverse this dir
  // (stack-notes.md #3; mkdtemp makes it 0700)
  chmodSync(root, 0o755);
  const dataDir = join(root, 'data');
  mkdirSync(dataDir, { mode: 0o755 });

  const results = [];
  let failed = false;
  for (const label of ['cold', 'warm']) {
    process.stdout.write(`startup bench: ${label} run (data dir ${dataDir})…\n`);
    const result = await runOnce(label, dataDir, opts);
    results.push(result);
    if (result.error) {
      failed = true;
      process.stderr.write(`${label}: ${result.error}\n`);
      const tail = readFileSync(result.log, 'utf8').trimEnd().split('\n').slice(-20).join('\n');
      process.stderr.write(`last lines of ${result.log}:\n${tail}\n`);
      break;
    }
    if (result.leftovers.length) process.stderr.write(`${label}: processes left after exit, stopped: ${result.leftovers.join(', ')}\n`);
  }

  process.stdout.write(
    `\n${opts.npmStart ? 'npm start (prestart build included)' : 'node dist/…/main.js (built)'}, node ${process.version}, ${opts.simulator ? `FEIJIU_SIMULATOR=${opts.simulator}` : 'simulator as configured'}, idle ${opts.idleSec} s\n`,
  );
  printTable(results);

  if (opts.json) {
    const outDir = join(REPO, 'bench/out');
    mkdirSync(outDir, { recursive: true });
    const file = join(outDir, `startup-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify({ node: process.version, opts, results }, null, 2)}\n`);
    process.stdout.write(`\nwrote ${file}\n`);
  }
  if (opts.keep || failed) process.stdout.write(`data dir and logs kept in ${root}\n`);
  else rmSync(root, { recursive: true, force: true });
  process.exitCode = failed ? 1 : 0;
}

await main();
