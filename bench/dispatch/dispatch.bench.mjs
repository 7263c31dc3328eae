#!/usr/bin/env node
// Dispatch benchmark: recommendation latency (p50/p99) with 40, 1,000 and 10,000 vehicles, and
// the time from `POST …/assignments` to the crew's socket receiving `assignment.offered`.
//
//   npm run build && node bench/dispatch/dispatch.bench.mjs [--requests=200] [--offers=30]
//
// Starts the built core (`node dist/apps/dispatch-core/src/main.js`) on a fresh data dir with the
// demo county and no simulator, then grows the fleet with extra ambulances written straight into
// its embedded PostgreSQL (bench-only: random positions and stations inside the county).
// Prints figures; asserts nothing.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { embeddedPgPassword } from '../support/core.mjs';
import { freePort } from '../support/proc.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(REPO, 'package.json'));
const pg = require('pg');
const { io } = require('socket.io-client');
const { DEMO_COUNTY } = require(join(REPO, 'dist/libs/geo/src/index.js'));

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const REQUESTS = Number(args.requests ?? 200);
const OFFERS = Number(args.offers ?? 30);
const FLEETS = [40, 1000, 10000];

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const fmt = (ms) => `${ms.toFixed(1)} ms`;

async function startCore() {
  const root = mkdtempSync(join(tmpdir(), 'feijiu-bench-dispatch-'));
  chmodSync(root, 0o755);
  const ports = { http: await freePort(), pg: await freePort(), mqtt: await freePort() };
  const child = spawn(process.execPath, [join(REPO, 'dist/apps/dispatch-core/src/main.js')], {
    cwd: REPO,
    env: {
      PATH: process.env.PATH,
      FEIJIU_DATA_DIR: join(root, 'data'),
      FEIJIU_PORT: String(ports.http),
      EMBEDDED_PG_PORT: String(ports.pg),
      EMBEDDED_MQTT_PORT: String(ports.mqtt),
      FEIJIU_SIMULATOR: 'off',
      FEIJIU_DEMO_PASSWORD: 'bench-pass-123',
      FEIJIU_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((ok, fail) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('Feijiu ready')) ok();
    });
    child.once('exit', (code) => fail(new Error(`core exited ${code}`)));
  });
  return {
    base: `http://127.0.0.1:${ports.http}`,
    pgUrl: `postgres://feijiu:${encodeURIComponent(embeddedPgPassword(join(root, 'data')))}@127.0.0.1:${ports.pg}/feijiu`,
    stop: async () => {
      child.kill('SIGINT');
      await new Promise((r) => child.once('exit', r));
      rmSync(root, { recursive: true, force: true });
    },
  };
}

async function api(base, path, token, init = {}) {
  const res = await fetch(`${base}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  const body = await res.json();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}
const login = async (base, username) =>
  (await api(base, '/api/v1/auth/login', null, { method: 'POST', body: JSON.stringify({ username, password: 'bench-pass-123' }) })).accessToken;

// Extra ambulances spread over the county's bounding box, stationed at random facilities.
async function growFleet(db, total, current) {
  const lats = DEMO_COUNTY.facilities.map((f) => f.lat);
  const lons = DEMO_COUNTY.facilities.map((f) => f.lon);
  const [minLat, maxLat, minLon, maxLon] = [Math.min(...lats), Math.max(...lats), Math.min(...lons), Math.max(...lons)];
  const stations = DEMO_COUNTY.facilities.filter((f) => f.kind !== 'command_centre').map((f) => f.id);
  for (let i = current; i < total; i += 500) {
    const rows = [];
    for (let j = i; j < Math.min(total, i + 500); j++) {
      rows.push([`bench-${String(j).padStart(5, '0')}`, stations[j % stations.length], minLat + Math.random() * (maxLat - minLat), minLon + Math.random() * (maxLon - minLon)]);
    }
    const values = rows.map((_, k) => `($${k * 4 + 1}, 'B'||$${k * 4 + 1}, 'bench', 'BLS', 'available', $${k * 4 + 2}, $${k * 4 + 3}, $${k * 4 + 4}, now())`).join(',');
    await db.query(
      `INSERT INTO vehicles (id, call_sign, plate, type, status, station_id, last_lat, last_lon, last_measured_at) VALUES ${values}`,
      rows.flat(),
    );
  }
}

async function main() {
  const core = await startCore();
  const db = new pg.Client({ connectionString: core.pgUrl });
  await db.connect();
  try {
    const dispatcher = await login(core.base, 'dispatcher');
    const incident = await api(core.base, '/api/v1/incidents', dispatcher, {
      method: 'POST',
      body: JSON.stringify({ location: { lat: 30.02, lon: 118.5 }, complaint: 'bench', priority: 'urgent' }),
    });
    console.log(`dispatch bench: ${REQUESTS} recommendation requests per fleet size, ${OFFERS} offers`);
    console.log('fleet   | candidates | p50        | p99        | max');
    let size = DEMO_COUNTY.vehicles.length;
    for (const fleet of FLEETS) {
      if (fleet > size) {
        await growFleet(db, fleet - DEMO_COUNTY.vehicles.length, size - DEMO_COUNTY.vehicles.length);
        size = fleet;
      }
      const times = [];
      let items = 0;
      for (let i = 0; i < REQUESTS + 10; i++) {
        const t0 = performance.now();
        const recs = await api(core.base, `/api/v1/incidents/${incident.id}/recommendations`, dispatcher);
        if (i >= 10) times.push(performance.now() - t0); // first 10 warm up
        items = recs.items.length;
      }
      times.sort((a, b) => a - b);
      console.log(`${String(size).padEnd(7)} | ${String(items).padEnd(10)} | ${fmt(pct(times, 50)).padEnd(10)} | ${fmt(pct(times, 99)).padEnd(10)} | ${fmt(times.at(-1))}`);
    }

    // assignment → crew socket
    const vehicleId = 'tongling-01';
    const crew = await login(core.base, `crew-${vehicleId}`);
    const socket = io(`${core.base}/live`, { auth: { token: crew }, transports: ['websocket'] });
    await new Promise((r) => socket.once('connect', r));
    const lat = [];
    for (let i = 0; i < OFFERS; i++) {
      const got = new Promise((r) => socket.once('assignment.offered', () => r(performance.now())));
      const t0 = performance.now();
      const a = await api(core.base, `/api/v1/incidents/${incident.id}/assignments`, dispatcher, { method: 'POST', body: JSON.stringify({ vehicleId }) });
      lat.push((await got) - t0);
      await api(core.base, `/api/v1/assignments/${a.id}/decline`, crew, { method: 'POST', body: JSON.stringify({ reason: 'bench' }) });
    }
    socket.close();
    lat.sort((a, b) => a - b);
    console.log(`assignment → crew socket offer: p50 ${fmt(pct(lat, 50))}, p99 ${fmt(pct(lat, 99))}, max ${fmt(lat.at(-1))} (n=${lat.length})`);
  } finally {
    await db.end();
    await core.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
