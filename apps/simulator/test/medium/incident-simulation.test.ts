import { buildAllVehiclesFilter, parseVehicleTopic, type VitalsMessage, VitalsMessageSchema } from '@feijiu/contracts';
import { DEMO_COUNTY } from '@feijiu/geo';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type CountySimulation, startCountySimulation } from '../../src/county-simulation';
import { classifyComplaint } from '../../src/dispatch/call-generator';
import { type IncidentSimulation, type IncidentSimulationOptions, startIncidentSimulation } from '../../src/dispatch/incident-simulation';
import { seededRandom } from '../../src/random';
import { type FakeCore, startFakeCore } from './support/fake-core';
import { GATEWAY_PASSWORD, startTestBroker, type TestBroker } from './support/test-broker';

// The simulated dispatcher and crews against a stand-in for the core's dispatch API (REST +
// socket.io), driving the county's vehicles over a real MQTT broker: calls become incidents,
// crews answer offers and work them through every status, monitors stream while the patient is
// aboard, and the incident is closed. The human crew's lh-01 is never touched.

const VEHICLES = ['lh-01', 'tcm-02', 'lh-02'];
const SPEEDUP = 300;

describe('incident simulation', () => {
  let broker: TestBroker;
  let core: FakeCore;
  let stateDir: string;
  let vitals: Array<{ vehicleId: string; message: VitalsMessage }> = [];
  const running: Array<CountySimulation | IncidentSimulation> = [];

  const start = (overrides: Partial<IncidentSimulationOptions> = {}) => {
    const fleet = startCountySimulation({
      mqttUrl: broker.url,
      password: GATEWAY_PASSWORD,
      stateDir,
      vehicleIds: VEHICLES,
      autonomousCalls: false,
      speedup: SPEEDUP,
      gpsIntervalMs: 50,
      random: seededRandom(3),
    });
    const incidents = startIncidentSimulation({
      apiUrl: core.url,
      password: GATEWAY_PASSWORD,
      county: DEMO_COUNTY,
      fleet,
      callIntervalS: 1,
      speedup: SPEEDUP,
      logger: pino({ level: 'silent' }),
      random: seededRandom(11),
      tickMs: 100,
      startStaggerMs: 0,
      offerResponseMs: [100, 300],
      retryMs: 500,
      declineShare: 0,
      ignoreShare: 0,
      // the fake core has no geofence: the crew taps the arrival after this
      geofenceWaitMs: 500,
      acknowledgeMs: [100, 300],
      ...overrides,
    });
    running.push(incidents, fleet);
    return incidents;
  };
  const closedIncidents = () => [...core.incidents.values()].filter((i) => i.status === 'closed');
  const statusPosts = (vehicleId: string) =>
    core.requests
      .filter((r) => r.path === `/api/v1/vehicles/${vehicleId}/status` && r.status === 200)
      .map((r) => (r.body as { status: string }).status);

  beforeAll(async () => {
    broker = await startTestBroker();
    broker.observer.on('message', (topic, payload) => {
      const parsed = parseVehicleTopic(topic);
      if (parsed?.kind === 'vitals') vitals.push({ vehicleId: parsed.vehicleId, message: VitalsMessageSchema.parse(JSON.parse(payload.toString('utf8'))) });
    });
    await broker.observer.subscribeAsync(buildAllVehiclesFilter('vitals'), { qos: 1 });
  });

  beforeEach(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'feijiu-sim-inc-'));
    core = await startFakeCore({ password: GATEWAY_PASSWORD, vehicleIds: VEHICLES, offerTimeoutMs: 3000 });
    vitals = [];
  });

  afterEach(async () => {
    for (const r of running.splice(0)) await r.stop();
    await core.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  afterAll(async () => {
    await broker?.close();
  });

  it('should take a call from incident to closed, in order, with the monitor on while the patient is aboard and lh-01 left alone', { timeout: 90_000 }, async () => {
    start();
    await vi.waitFor(() => expect(closedIncidents().length).toBeGreaterThanOrEqual(1), { timeout: 60_000, interval: 200 });

    const incident = closedIncidents()[0];
    const assignment = core.requests.find(
      (r) => r.path === `/api/v1/incidents/${incident.id}/assignments` && r.status === 200,
    )!.body as { vehicleId: string };
    const vehicleId = assignment.vehicleId;
    expect(['tcm-02', 'lh-02']).toContain(vehicleId);
    // closed at hand-over; the crew then drives home, back at the station unless the next call came on the way
    await vi.waitFor(() => expect(statusPosts(vehicleId).length).toBeGreaterThanOrEqual(6), { timeout: 30_000 });
    expect(statusPosts(vehicleId).slice(0, 5)).toEqual(['en_route', 'on_scene', 'transporting', 'at_hospital', 'returning']);
    expect(['available', 'en_route']).toContain(statusPosts(vehicleId)[5]);

    const { pathway } = classifyComplaint(incident.complaint);
    if (pathway !== 'other') expect(incident.destinationHospitalId).toBe('lead');
    else expect(DEMO_COUNTY.facilities.find((f) => f.id === incident.destinationHospitalId)?.kind).toBe('hospital');
    // the crew recorded its assessment first, then pre-notified a green-channel patient's hospital, whose ER acknowledged
    const calls = core.requests.filter((r) => r.status === 200 && r.path.includes(incident.id)).map((r) => `${r.user} ${r.path.split('/').pop()}`);
    expect(calls).toContain(`crew-${vehicleId} assessments`);
    if (pathway !== 'other') {
      expect(calls.indexOf(`crew-${vehicleId} prenotice`)).toBeGreaterThan(calls.indexOf(`crew-${vehicleId} assessments`));
      await vi.waitFor(() => expect(core.requests.some((r) => r.user === 'er-lead' && r.path.endsWith('/acknowledge') && r.status === 200)).toBe(true), { timeout: 10_000 });
    }

    const fromVehicle = vitals.filter((v) => v.vehicleId === vehicleId);
    expect(fromVehicle.length).toBeGreaterThanOrEqual(1);
    for (const v of fromVehicle) for (const o of v.message.obs) expect(o.flags).toEqual(['demo']);

    // lh-01 is a person's: never logged in as, acted for or assigned, though ranked first
    expect(core.requests.filter((r) => r.user === 'crew' || r.user === 'crew-lh-01')).toEqual([]);
    const logins = core.requests.filter((r) => r.path === '/api/v1/auth/login').map((r) => (r.body as { username: string }).username);
    expect(logins).not.toContain('crew');
    expect(logins).not.toContain('crew-lh-01');
    expect(core.requests.filter((r) => r.path.endsWith('/assignments') && (r.body as { vehicleId: string }).vehicleId === 'lh-01')).toEqual([]);
    expect(core.vehicles.get('lh-01')).toBe('available');
    expect(vitals.filter((v) => v.vehicleId === 'lh-01')).toEqual([]);
  });

  it('should offer the call to the next crew when the first leaves it to time out', { timeout: 60_000 }, async () => {
    start({ ignoreShare: 1, callIntervalS: 5 });
    const assignedTo = (incidentId: string) =>
      core.requests
        .filter((r) => r.path === `/api/v1/incidents/${incidentId}/assignments` && r.status === 200)
        .map((r) => (r.body as { vehicleId: string }).vehicleId);
    await vi.waitFor(
      () => expect([...core.incidents.keys()].some((id) => new Set(assignedTo(id)).size >= 2)).toBe(true),
      { timeout: 50_000, interval: 200 },
    );
    // nobody answered: no crew accepted, declined or moved
    expect(core.requests.filter((r) => /\/(accept|decline)$/.test(r.path))).toEqual([]);
    expect(core.requests.filter((r) => r.path.endsWith('/status') && r.path.startsWith('/api/v1/vehicles'))).toEqual([]);
  });

  it('should get through when the core fails now and then', { timeout: 90_000 }, async () => {
    start();
    core.failNext(12);
    await vi.waitFor(() => expect(closedIncidents().length).toBeGreaterThanOrEqual(1), { timeout: 80_000, interval: 200 });
    expect(core.requests.filter((r) => r.status === 503).length).toBe(12);
  });

  it('should stop talking to the core when stopped', async () => {
    const incidents = start();
    await vi.waitFor(() => expect(core.requests.length).toBeGreaterThan(5), { timeout: 20_000 });
    await incidents.stop();
    // a request already on the wire may still land
    await new Promise((resolve) => setTimeout(resolve, 300));
    const count = core.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(core.requests.length).toBe(count);
  });
});
