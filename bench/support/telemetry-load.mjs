// Shared by the telemetry benches (ingest, soak): simulated ambulances as real gateway logins
// publishing at QoS 1 what an in-vehicle bridge publishes — 1 Hz vitals (8 observations), 12-lead
// ECG in 200 ms chunks (500 Hz, int16 LE base64, ≈3.2 KB), optionally 1 Hz GPS — and the check
// of what the core stored against what was published. Every stream (vehicle, kind) publishes
// seq 1, 2, 3 … without gaps, so "published" is one number per stream.
import { hash } from '@node-rs/argon2';
import mqtt from 'mqtt';
import pg from 'pg';
import { apiOk, BENCH_PASSWORD, DEMO_VEHICLES } from './core.mjs';

export const LEADS = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];
export const ECG_HZ = 500;
export const CHUNK_MS = 200;
export const SAMPLES_PER_LEAD = (ECG_HZ * CHUNK_MS) / 1000;
export const VITALS_EVERY_CHUNKS = 5; // 1 Hz
export const OBS_PER_VITALS = 8;
export const TOPIC_OF = { v: 'vitals', w: 'waveform', g: 'gps' };

/** A few seconds of synthetic 12-lead ECG, pre-encoded, so the bench spends no CPU on it. */
export function ecgChunks(count) {
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

export function vitalsBody(seq, ts) {
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

export function waveformBody(seq, t0, data) {
  return JSON.stringify({ seq, t0, monitorId: 'bench-mon', hz: ECG_HZ, leads: LEADS, lsbUv: 4.88, data });
}

/** A fix on a 1 km circle around the county seat, one lap in about 10 minutes, phase by vehicle. */
export function gpsBody(seq, ts, vehicleIndex) {
  const angle = (vehicleIndex * 0.7 + seq / 100) % (2 * Math.PI);
  const lat = 30.02 + (vehicleIndex % 20) * 0.01 + 0.009 * Math.sin(angle);
  const lon = 118.45 + Math.floor(vehicleIndex / 20) * 0.01 + 0.0104 * Math.cos(angle);
  const headingDeg = (((-angle * 180) / Math.PI) % 360 + 360) % 360;
  return JSON.stringify({ seq, ts, lat, lon, speedMps: 10.5, headingDeg: headingDeg >= 360 ? 0 : headingDeg, fix: 'gps', hdop: 0.9 });
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * The vehicle ids to drive: the demo county's, plus bench-001… beyond 39. When the core has not
 * seeded those (an old build without FEIJIU_DEMO_EXTRA_VEHICLES), this adds them — vehicles and
 * argon2 gateway credentials, the rows the demo seeder writes — as a stopgap.
 */
export async function fleetOf(core, token, n) {
  const listed = async () => (await apiOk(core, '/api/v1/vehicles', { token })).map((v) => v.id);
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
      const passwordHash = await hash(BENCH_PASSWORD);
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

/** One gateway login per vehicle, a few at a time (each login is an argon2 verify in the core). */
export async function connectGateways(mqttUrl, ids, extra = {}) {
  const gateways = [];
  for (let i = 0; i < ids.length; i += 10) {
    const batch = await Promise.all(
      ids.slice(i, i + 10).map((id) =>
        mqtt.connectAsync(mqttUrl, { username: id, password: BENCH_PASSWORD, protocolVersion: 4, clientId: `bench-gw-${id}`, reconnectPeriod: 0, ...extra }),
      ),
    );
    batch.forEach((client, j) => gateways.push({ id: ids[i + j], index: i + j, client, seq: { v: 0, w: 0, g: 0 }, tick: 0 }));
  }
  return gateways;
}

/**
 * What the database holds for `vehicleIds` against `published` (Map `${kind}:${vehicleId}` →
 * highest seq, kind v | w | g): a message is missing when its (vehicle, kind, seq) has no row,
 * duplicated when it has more than one; vitals receipts must each carry their 8 rows and
 * waveform receipts their chunk (the batch is atomic). GPS is checked in vehicle_positions.
 */
export async function checkStoredTelemetry(pgUrl, vehicleIds, published) {
  const db = new pg.Client({ connectionString: pgUrl });
  await db.connect();
  try {
    const stored = new Map();
    const receipts = await db.query(
      `SELECT vehicle_id, kind, count(*)::int AS n, count(DISTINCT seq)::int AS distinct_n
         FROM telemetry_receipts WHERE vehicle_id = ANY($1) GROUP BY vehicle_id, kind`,
      [vehicleIds],
    );
    for (const r of receipts.rows) stored.set(`${r.kind === 'vitals' ? 'v' : 'w'}:${r.vehicle_id}`, r);
    const positions = await db.query(
      `SELECT vehicle_id, count(*)::int AS n, count(DISTINCT seq)::int AS distinct_n FROM vehicle_positions WHERE vehicle_id = ANY($1) GROUP BY vehicle_id`,
      [vehicleIds],
    );
    for (const r of positions.rows) stored.set(`g:${r.vehicle_id}`, r);
    const out = { v: { published: 0, missing: 0, duplicated: 0 }, w: { published: 0, missing: 0, duplicated: 0 }, g: { published: 0, missing: 0, duplicated: 0 } };
    let storedV = 0;
    let storedW = 0;
    for (const [key, maxSeq] of published) {
      const kind = key[0];
      const s = stored.get(key) ?? { n: 0, distinct_n: 0 };
      out[kind].published += maxSeq;
      out[kind].missing += Math.max(0, maxSeq - s.distinct_n);
      out[kind].duplicated += s.n - s.distinct_n;
      if (kind === 'v') storedV += s.n;
      if (kind === 'w') storedW += s.n;
    }
    const vitalsRows = Number((await db.query(`SELECT count(*) FROM vitals_samples WHERE vehicle_id = ANY($1)`, [vehicleIds])).rows[0].count);
    const waveformRows = Number((await db.query(`SELECT count(*) FROM waveform_chunks WHERE vehicle_id = ANY($1)`, [vehicleIds])).rows[0].count);
    const missing = out.v.missing + out.w.missing;
    return {
      byKind: out,
      missing,
      // a receipt twice, or sample rows beyond what the receipts account for
      duplicated: out.v.duplicated + out.w.duplicated + Math.max(0, vitalsRows - storedV * OBS_PER_VITALS) / OBS_PER_VITALS + Math.max(0, waveformRows - storedW),
      // a receipt whose sample rows are not all there (the batch was not atomic)
      rowsMissing: Math.max(0, storedV * OBS_PER_VITALS - vitalsRows) + Math.max(0, storedW - waveformRows),
      vitalsRows,
      waveformRows,
    };
  } finally {
    await db.end();
  }
}

/** Rows of cells → aligned text; the first column left-aligned, the others right-aligned. */
export function formatTable(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => String(row[c]).length)));
  return rows.map((row) => row.map((cell, c) => (c === 0 ? String(cell).padEnd(widths[0]) : String(cell).padStart(widths[c]))).join('  ')).join('\n');
}

/** A number with `d` decimals, or – when it is not one. */
export const fmt = (v, d = 0) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(d) : '–');
