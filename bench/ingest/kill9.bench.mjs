#!/usr/bin/env node
// Durability check: gateways stream vitals and ECG through an external Mosquitto to the built
// core, which is killed with SIGKILL mid-stream and started again. Every message the broker
// acknowledged to a gateway must end up in the database exactly once: the core acknowledges a
// message to the broker only after its batch committed, and its persistent session (clean
// session off, stable client id) keeps the rest at the broker while it is down.
//
//   npm run build:server && node bench/ingest/kill9.bench.mjs [--ambulances=20] [--kills=3]
//     [--run-sec=4] [--down-sec=3] [--inflight=0] [--keep]
//
// Needs `mosquitto` (apt-get install mosquitto). Prints counts; exit code 1 when anything the
// broker acknowledged is missing or stored twice.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { embeddedPgPassword } from '../support/core.mjs';
import { freePort } from '../support/proc.mjs';
import mqtt from 'mqtt';
import pg from 'pg';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ENTRY = 'dist/apps/dispatch-core/src/main.js';
const LEADS = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];

function parseArgs(argv) {
  const opts = { ambulances: 20, kills: 3, runSec: 4, downSec: 3, inflight: 0, keep: false };
  for (const arg of argv) {
    const [key, value] = arg.split('=');
    if (key === '--ambulances') opts.ambulances = Number(value);
    else if (key === '--kills') opts.kills = Number(value);
    else if (key === '--run-sec') opts.runSec = Number(value);
    else if (key === '--down-sec') opts.downSec = Number(value);
    else if (key === '--inflight') opts.inflight = Number(value);
    else if (arg === '--keep') opts.keep = true;
    else {
      process.stderr.write(
        'usage: node bench/ingest/kill9.bench.mjs [--ambulances=20] [--kills=3] [--run-sec=4] [--down-sec=3] [--inflight=0] [--keep]\n',
      );
      process.exit(2);
    }
  }
  return opts;
}

function findExecutable(name) {
  for (const dir of [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin']) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

async function startCore(env, log) {
  const child = spawn(process.execPath, [ENTRY], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((r) => child.once('exit', r));
  const ready = new Promise((ok) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      log.push(`[out] ${line}`);
      if (/\bready\b/i.test(line)) ok();
    });
  });
  createInterface({ input: child.stderr }).on('line', (line) => log.push(`[err] ${line}`));
  const outcome = await Promise.race([ready.then(() => 'ready'), exited.then(() => 'exited'), sleep(120_000).then(() => 'timeout')]);
  if (outcome !== 'ready') throw new Error(`core did not start (${outcome}):\n${log.slice(-15).join('\n')}`);
  return { child, exited };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const mosquittoBin = findExecutable('mosquitto');
  if (!mosquittoBin) {
    process.stderr.write('mosquitto is not installed (apt-get install mosquitto)\n');
    process.exit(1);
  }
  if (!existsSync(join(REPO, ENTRY))) {
    process.stderr.write(`${ENTRY} does not exist: run \`npm run build:server\` first.\n`);
    process.exit(1);
  }
  const root = mkdtempSync(join(tmpdir(), 'feijiu-bench-kill9-'));
  chmodSync(root, 0o755);
  const dataDir = join(root, 'data');
  mkdirSync(dataDir, { mode: 0o755 });
  const mqttPort = await freePort();
  // sessions live in the broker's memory, which is all a core restart needs
  writeFileSync(
    join(root, 'mosquitto.conf'),
    [
      `listener ${mqttPort} 127.0.0.1`,
      'allow_anonymous true',
      'persistence false',
      'max_queued_messages 100000',
      `max_inflight_messages ${opts.inflight}`,
      `log_dest file ${join(root, 'mosquitto.log')}`,
    ].join('\n'),
  );
  chmodSync(join(root, 'mosquitto.conf'), 0o644);
  const broker = spawn(mosquittoBin, ['-c', join(root, 'mosquitto.conf')], { stdio: 'ignore' });
  await sleep(300);

  const pgPort = await freePort();
  const env = {
    ...process.env,
    FEIJIU_DATA_DIR: dataDir,
    FEIJIU_PORT: String(await freePort()),
    FEIJIU_HOST: '127.0.0.1',
    FEIJIU_DEMO_PASSWORD: 'bench-pass',
    FEIJIU_SIMULATOR: 'off',
    FEIJIU_LOG_LEVEL: 'warn',
    EMBEDDED_PG_PORT: String(pgPort),
    MQTT_URL: `mqtt://127.0.0.1:${mqttPort}`,
    MQTT_CLIENT_ID: 'feijiu-core-kill9',
  };
  for (const key of ['DATABASE_URL', 'MQTT_USERNAME', 'MQTT_PASSWORD', 'MQTT_SHARED_GROUP', 'REDIS_URL']) delete env[key];
  const log = [];
  let core = await startCore(env, log);

  // the gateways: a broker PUBACK is where a real gateway drops a message from its outbox
  const acked = new Map(); // key → times acked
  let published = 0;
  const ecg = Buffer.alloc(LEADS.length * 100 * 2, 7).toString('base64');
  const gateways = [];
  for (let i = 0; i < opts.ambulances; i++) {
    const id = `kill9-${String(i + 1).padStart(3, '0')}`;
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, { clientId: `gw-${id}`, protocolVersion: 4 });
    gateways.push({ id, client, v: 0, w: 0, tick: 0 });
  }
  const send = (gw, kind, seq, body) => {
    published++;
    gw.client.publish(`feijiu/v1/vehicles/${gw.id}/${kind}`, body, { qos: 1 }, (err) => {
      if (!err) acked.set(`${kind}:${gw.id}:${seq}`, (acked.get(`${kind}:${gw.id}:${seq}`) ?? 0) + 1);
    });
  };
  const timer = setInterval(() => {
    const ts = new Date().toISOString();
    for (const gw of gateways) {
      const w = ++gw.w;
      send(gw, 'waveform', w, JSON.stringify({ seq: w, t0: ts, monitorId: 'm', hz: 500, leads: LEADS, lsbUv: 5, data: ecg }));
      if (gw.tick++ % 5 === 0) {
        const v = ++gw.v;
        send(gw, 'vitals', v, JSON.stringify({ seq: v, ts, monitorId: 'm', obs: [{ code: 'HR', value: 80, unit: '/min' }] }));
      }
    }
  }, 200);

  const kills = [];
  for (let k = 0; k < opts.kills; k++) {
    await sleep(opts.runSec * 1000);
    const at = published;
    core.child.kill('SIGKILL');
    await core.exited;
    kills.push(at);
    process.stdout.write(`kill -9 #${k + 1} after ${at} published; down for ${opts.downSec} s\n`);
    await sleep(opts.downSec * 1000);
    core = await startCore(env, log); // the embedded PostgreSQL it left behind is stopped and restarted
  }
  await sleep(opts.runSec * 1000);
  clearInterval(timer);
  await sleep(1000); // last PUBACKs from the broker

  // the core catches up with what the broker queued while it was down
  const db = new pg.Client({ connectionString: `postgres://feijiu:${encodeURIComponent(embeddedPgPassword(dataDir))}@127.0.0.1:${pgPort}/feijiu` });
  await db.connect();
  const ids = gateways.map((g) => g.id);
  let stored = new Map();
  const started = Date.now();
  for (;;) {
    const rows = (await db.query(`SELECT kind, vehicle_id, seq FROM telemetry_receipts WHERE vehicle_id = ANY($1)`, [ids])).rows;
    stored = new Map();
    for (const r of rows) {
      const key = `${r.kind}:${r.vehicle_id}:${r.seq}`;
      stored.set(key, (stored.get(key) ?? 0) + 1);
    }
    if ([...acked.keys()].every((k) => stored.has(k)) || Date.now() - started > 60_000) break;
    await sleep(500);
  }
  const vitalsRows = Number((await db.query(`SELECT count(*) FROM vitals_samples WHERE vehicle_id = ANY($1)`, [ids])).rows[0].count);
  const vitalsReceipts = [...stored.keys()].filter((k) => k.startsWith('vitals:')).length;
  await db.end();
  const metrics = await (await fetch(`http://127.0.0.1:${env.FEIJIU_PORT}/metrics`)).text().catch(() => '');
  const duplicatesAbsorbed = [...metrics.matchAll(/^feijiu_telemetry_messages_total\{kind="\w+",result="duplicate"\} (\d+)/gm)].reduce(
    (a, m) => a + Number(m[1]),
    0,
  );

  const missing = [...acked.keys()].filter((k) => !stored.has(k));
  const twice = [...stored.values()].filter((n) => n > 1).length + Math.abs(vitalsRows - vitalsReceipts);
  process.stdout.write(
    `\n${opts.ambulances} gateways, ${opts.kills} × kill -9 of the core (down ${opts.downSec} s each), Mosquitto max_inflight_messages ${opts.inflight}\n` +
      `published ${published}, acknowledged by the broker ${acked.size}, stored ${stored.size}\n` +
      `missing (acknowledged but not stored): ${missing.length}\n` +
      `stored twice: ${twice}\n` +
      `resends absorbed by dedupe after the last restart: ${duplicatesAbsorbed}\n` +
      `caught up ${((Date.now() - started) / 1000).toFixed(1)} s after the gateways stopped\n`,
  );
  if (missing.length) process.stdout.write(`first missing: ${missing.slice(0, 5).join(', ')}\n`);

  clearInterval(timer);
  await Promise.all(gateways.map((g) => g.client.endAsync().catch(() => undefined)));
  core.child.kill('SIGINT');
  await Promise.race([core.exited, sleep(30_000)]);
  broker.kill('SIGTERM');
  writeFileSync(join(root, 'core.log'), `${log.join('\n')}\n`);
  if (opts.keep) process.stdout.write(`kept ${root}\n`);
  else rmSync(root, { recursive: true, force: true });
  process.exitCode = missing.length || twice ? 1 : 0;
}

await main();
