// Worker thread of the soak bench: the console clients. Each is a socket.io connection to /live
// logged in as a dispatcher, an ER clinician or a crew (the core puts it in its rooms), counting
// every vitals / waveform / GPS event per (vehicle, kind, seq), and polling the REST API the way
// its screen does. Runs apart from the gateways so parsing thousands of events a second does not
// delay the publish timers.
//
// main → worker: { type: 'start', baseUrl, clients: [{ name, role, token, expected: [vehicleId], gps, restPath }],
//                  restEverySec } → { type: 'started', connected }
//                { type: 'epoch', gpsEpochMs } GPS fix n of every vehicle is measured at epoch + n s (+ < 1 s)
//                { type: 'stats' } → { type: 'stats', events, disconnects, reconnects, connectErrors, http }
//                { type: 'history', baseUrl, path, token } one extra REST read
//                { type: 'finish', published: [[`${kind}:${vehicleId}`, maxSeq]] }
//                  → { type: 'result', clients: [...] }
import { parentPort } from 'node:worker_threads';
import { io } from 'socket.io-client';

const clients = [];
const totals = { events: 0, disconnects: 0, reconnects: 0, connectErrors: 0 };
const http = { ok: 0, client4xx: 0, server5xx: 0, failed: 0, latenciesMs: [] };
const restTimers = [];
let gpsEpochMs = null;

/** Per client: how often each (kind, vehicle, seq) arrived, in one byte per seq. */
class Tally {
  streams = new Map();
  unexpected = 0;

  add(key, seq) {
    let counts = this.streams.get(key);
    if (!counts) {
      counts = new Uint8Array(1024);
      this.streams.set(key, counts);
    }
    if (seq >= counts.length) {
      const grown = new Uint8Array(Math.max(counts.length * 2, seq + 1));
      grown.set(counts);
      this.streams.set(key, grown);
      counts = grown;
    }
    if (counts[seq] < 255) counts[seq]++;
  }
}

function connect(baseUrl, spec) {
  const tally = new Tally();
  const expected = new Set(spec.expected);
  const state = { spec, tally, expected, connected: false, disconnects: 0, reconnects: 0, events: 0, eventsByName: {} };
  const socket = io(`${baseUrl}/live`, {
    auth: { token: spec.token, streams: spec.streams ?? [] },
    transports: ['websocket'],
    reconnection: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 2000,
  });
  state.socket = socket;
  const seen = (vehicleId) => {
    if (!expected.has(vehicleId)) tally.unexpected++;
  };
  socket.on('connect', () => {
    if (state.everConnected) {
      state.reconnects++;
      totals.reconnects++;
    }
    state.everConnected = true;
    state.connected = true;
  });
  socket.on('disconnect', () => {
    state.connected = false;
    state.disconnects++;
    totals.disconnects++;
  });
  socket.on('connect_error', () => totals.connectErrors++);
  socket.onAny((event) => {
    state.events++;
    totals.events++;
    state.eventsByName[event] = (state.eventsByName[event] ?? 0) + 1;
  });
  socket.on('vitals.sampled', (e) => {
    seen(e.vehicleId);
    tally.add(`v:${e.vehicleId}`, e.seq);
  });
  socket.on('waveform.sampled', (e) => {
    seen(e.vehicleId);
    tally.add(`w:${e.vehicleId}`, e.seq);
  });
  socket.on('vehicle.moved', (e) => {
    if (gpsEpochMs === null) return;
    if (!spec.gps || !expected.has(e.vehicleId)) tally.unexpected++;
    tally.add(`g:${e.vehicleId}`, Math.floor((Date.parse(e.measuredAt) - gpsEpochMs) / 1000));
  });
  return state;
}

async function poll(baseUrl, path, token) {
  const started = performance.now();
  try {
    const res = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(30_000) });
    await res.arrayBuffer();
    http.latenciesMs.push(performance.now() - started);
    if (res.status >= 500) http.server5xx++;
    else if (res.status >= 400) http.client4xx++;
    else http.ok++;
  } catch {
    http.failed++;
  }
}

/** Lost / duplicated per client against what was published for the streams it should see. */
function result(published) {
  return clients.map(({ spec, tally, expected, disconnects, reconnects, events, eventsByName }) => {
    const out = { name: spec.name, role: spec.role, expectedVehicles: expected.size, events, eventsByName, disconnects, reconnects, unexpected: tally.unexpected };
    for (const kind of ['v', 'w', 'g']) {
      let want = 0;
      let lost = 0;
      let duplicated = 0;
      for (const vehicleId of expected) {
        if (kind === 'g' && !spec.gps) continue;
        const maxSeq = published.get(`${kind}:${vehicleId}`) ?? 0;
        const counts = tally.streams.get(`${kind}:${vehicleId}`) ?? new Uint8Array(0);
        want += maxSeq;
        for (let seq = 1; seq <= maxSeq; seq++) {
          const c = counts[seq] ?? 0;
          if (c === 0) lost++;
          else if (c > 1) duplicated += c - 1;
        }
      }
      out[kind] = { want, lost, duplicated };
    }
    return out;
  });
}

parentPort.on('message', async (msg) => {
  if (msg.type === 'start') {
    for (const spec of msg.clients) clients.push(connect(msg.baseUrl, spec));
    const deadline = Date.now() + 60_000;
    while (clients.some((c) => !c.connected) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    // each screen refreshes its list on its own beat, phases spread
    msg.clients.forEach((spec, i) => {
      const first = setTimeout(() => {
        void poll(msg.baseUrl, spec.restPath, spec.token);
        restTimers.push(setInterval(() => void poll(msg.baseUrl, spec.restPath, spec.token), msg.restEverySec * 1000));
      }, (i * msg.restEverySec * 1000) / msg.clients.length);
      restTimers.push(first);
    });
    parentPort.postMessage({ type: 'started', connected: clients.filter((c) => c.connected).length });
  } else if (msg.type === 'epoch') {
    gpsEpochMs = msg.gpsEpochMs;
  } else if (msg.type === 'history') {
    await poll(msg.baseUrl, msg.path, msg.token);
  } else if (msg.type === 'stats') {
    const latencies = http.latenciesMs.splice(0).sort((a, b) => a - b);
    parentPort.postMessage({
      type: 'stats',
      ...totals,
      connected: clients.filter((c) => c.connected).length,
      http: { ok: http.ok, client4xx: http.client4xx, server5xx: http.server5xx, failed: http.failed, p99Ms: latencies[Math.floor(latencies.length * 0.99)] ?? null },
    });
  } else if (msg.type === 'stop-rest') {
    for (const t of restTimers) {
      clearTimeout(t);
      clearInterval(t);
    }
  } else if (msg.type === 'finish') {
    parentPort.postMessage({ type: 'result', clients: result(new Map(msg.published)) });
    for (const c of clients) c.socket.close();
  }
});
