// Shared by the telemetry benches: ambulances carrying a patient to a receiving hospital, set up
// through the public REST API the way the dispatch centre and the crews do it, so the core streams
// their vitals and ECG to that hospital's ER screens (logins `er-<hospitalId>`).
import { setTimeout as sleep } from 'node:timers/promises';
import { apiOk, login } from './core.mjs';

// Bench ambulances (bench-001…, FEIJIU_DEMO_EXTRA_VEHICLES) get a gateway login but no crew login.
const BENCH_VEHICLE_PREFIX = 'bench-';
const INBOUND_TIMEOUT_MS = 30_000;

/** The county's receiving hospitals, in the API's order (demo county: lead, tcm, mch, gh2). */
export async function receivingHospitals(core, token) {
  return (await apiOk(core, '/api/v1/hospitals', { token })).filter((f) => f.kind === 'hospital').map((f) => f.id);
}

/**
 * Vehicle `i` of `vehicleIds` carries a patient to `hospitalIds[i % length]`. Per vehicle, as in
 * production: the dispatcher creates an incident ~500 m from the ambulance (its last fix, else its
 * station) and offers it; the crew accepts, reports en route and on scene, picks the destination
 * and reports transporting. The crew is `crew-<vehicleId>`; where that login does not exist (the
 * bench fleet: one refused login tells for all of it, failed logins are rate-limited per address)
 * the dispatcher does the crew's steps on its behalf, which the API allows (@Roles dispatcher).
 * Resolves with `byVehicle` (vehicleId → hospitalId) and how many vehicles each actor drove.
 */
export async function bindToHospitals(core, { dispatcherToken, vehicleIds, hospitalIds, concurrency = 8 }) {
  const vehicles = new Map((await apiOk(core, '/api/v1/vehicles', { token: dispatcherToken })).map((v) => [v.id, v]));
  const facilities = new Map((await apiOk(core, '/api/v1/hospitals', { token: dispatcherToken })).map((f) => [f.id, f]));
  const crewTokenOf = crewLogins(core);
  const byVehicle = new Map();
  const actedBy = { crew: 0, dispatcher: 0 };
  const post = (path, token, body = {}) => apiOk(core, path, { token, method: 'POST', body });

  const bindOne = async (i) => {
    const vehicleId = vehicleIds[i];
    const hospitalId = hospitalIds[i % hospitalIds.length];
    const vehicle = vehicles.get(vehicleId);
    if (!vehicle) throw new Error(`vehicle ${vehicleId} is not in the fleet`);
    const near = vehicle.position ?? facilities.get(vehicle.stationId);
    const angle = (i * 2.4) % (2 * Math.PI);
    const incident = await post('/api/v1/incidents', dispatcherToken, {
      location: { lat: near.lat + 0.0045 * Math.sin(angle), lon: near.lon + 0.0052 * Math.cos(angle) },
      address: `bench village ${i + 1}`,
      callerPhone: '13812345678',
      complaint: 'chest pain',
      priority: 'critical',
    });
    const assignment = await post(`/api/v1/incidents/${incident.id}/assignments`, dispatcherToken, { vehicleId });
    const crewToken = await crewTokenOf(vehicleId);
    const crew = crewToken ?? dispatcherToken;
    actedBy[crewToken ? 'crew' : 'dispatcher']++;
    await post(`/api/v1/assignments/${assignment.id}/accept`, crew);
    await post(`/api/v1/vehicles/${vehicleId}/status`, crew, { status: 'en_route' });
    await post(`/api/v1/vehicles/${vehicleId}/status`, crew, { status: 'on_scene' });
    await post(`/api/v1/incidents/${incident.id}/destination`, crew, { hospitalId });
    await post(`/api/v1/vehicles/${vehicleId}/status`, crew, { status: 'transporting' });
    byVehicle.set(vehicleId, hospitalId);
  };

  let next = 0;
  const worker = async () => {
    while (next < vehicleIds.length) await bindOne(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, vehicleIds.length) }, worker));
  return { byVehicle, actedBy };
}

/** `crew-<vehicleId>`'s token, or null when there is no such login (probed once for the bench fleet). */
function crewLogins(core) {
  const tokens = new Map(); // vehicleId → Promise<token | null>
  let benchFleetHasCrews = null; // Promise<boolean>, from the first bench vehicle's login
  const tryLogin = (vehicleId) =>
    login(core, `crew-${vehicleId}`).catch((err) => {
      if (/: 401 /.test(err.message)) return null;
      throw err;
    });
  return async (vehicleId) => {
    if (vehicleId.startsWith(BENCH_VEHICLE_PREFIX)) {
      if (!benchFleetHasCrews) {
        const first = tryLogin(vehicleId);
        tokens.set(vehicleId, first);
        benchFleetHasCrews = first.then((token) => token !== null);
      }
      if (!(await benchFleetHasCrews)) return null;
    }
    if (!tokens.has(vehicleId)) tokens.set(vehicleId, tryLogin(vehicleId));
    return tokens.get(vehicleId);
  };
}

/**
 * Waits until every hospital's ER (`er-<hospitalId>`) lists exactly its bound vehicles as inbound,
 * each transporting (the incident follows the vehicle's status asynchronously); throws with what
 * differs after `timeoutMs`.
 */
export async function waitUntilInbound(core, hospitalIds, byVehicle, timeoutMs = INBOUND_TIMEOUT_MS) {
  const tokens = new Map();
  for (const hospitalId of hospitalIds) tokens.set(hospitalId, await login(core, `er-${hospitalId}`));
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const differences = [];
    for (const hospitalId of hospitalIds) {
      const want = [...byVehicle].filter(([, h]) => h === hospitalId).map(([v]) => v).sort();
      const rows = await apiOk(core, '/api/v1/er/inbound', { token: tokens.get(hospitalId) });
      const have = rows.map((r) => r.vehicleId).sort();
      const notTransporting = rows.filter((r) => r.vehicleStatus !== 'transporting' || r.incident.status !== 'transporting').length;
      if (have.join() !== want.join() || notTransporting > 0) {
        differences.push(`${hospitalId}: ${have.length} inbound (want ${want.length}), ${notTransporting} not transporting yet`);
      }
    }
    if (differences.length === 0) return;
    if (performance.now() > deadline) throw new Error(`ER inbound lists do not match the bound vehicles: ${differences.join('; ')}`);
    await sleep(200);
  }
}
