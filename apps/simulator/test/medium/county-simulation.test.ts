import {
  buildAllVehiclesFilter,
  type GatewayStateMessage,
  GatewayStateMessageSchema,
  type GpsMessage,
  GpsMessageSchema,
  MQTT_TOPIC_ROOT,
  parseVehicleTopic,
} from '@feijiu/contracts';
import { DEMO_COUNTY, distanceToRoadsM } from '@feijiu/geo';
import { Aedes } from 'aedes';
import { connectAsync, type MqttClient } from 'mqtt';
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type CountySimulation, startCountySimulation } from '../../src/county-simulation';

// The simulator against a real MQTT broker (aedes, as embedded in the core), observed the way
// the core observes it: a subscriber on the public topics.

const PASSWORD = 'demo-secret';
const OBSERVER = { username: 'observer', password: 'observer-secret' };
const FLEET_IDS = new Set(DEMO_COUNTY.vehicles.map((v) => v.id));
const VEHICLES = ['lh-01', 'tcm-02', 'shangxi-01'];

type AedesBroker = Awaited<ReturnType<typeof Aedes.createBroker>>;

interface Received<T> {
  vehicleId: string;
  message: T;
}

function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a * 1664525 + 1013904223) >>> 0;
    return a / 2 ** 32;
  };
}

function memoryLogger(lines: { msg?: string; vehicleId?: string }[]) {
  return pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as { msg?: string }) });
}

describe(startCountySimulation.name, () => {
  let broker: AedesBroker;
  let server: Server;
  let url: string;
  let observer: MqttClient;
  let stateDir: string;
  const publishAttempts: string[] = [];
  let gps: Received<GpsMessage>[] = [];
  let states: Received<GatewayStateMessage>[] = [];
  const running: CountySimulation[] = [];

  const start = (overrides: Partial<Parameters<typeof startCountySimulation>[0]> = {}): CountySimulation => {
    const sim = startCountySimulation({
      mqttUrl: url,
      password: PASSWORD,
      stateDir,
      vehicleIds: VEHICLES,
      gpsIntervalMs: 40,
      speedup: 20,
      stationaryReportIntervalMs: 200,
      initialBusyFraction: 2 / 3,
      random: seededRandom(7),
      reconnectPeriodMs: 200,
      ...overrides,
    });
    running.push(sim);
    return sim;
  };
  const gpsOf = (vehicleId: string) => gps.filter((g) => g.vehicleId === vehicleId).map((g) => g.message);

  beforeAll(async () => {
    broker = await Aedes.createBroker({
      authenticate: (_client, username, password, done) => {
        const secret = password?.toString('utf8');
        const ok =
          (username === OBSERVER.username && secret === OBSERVER.password) ||
          (username !== undefined && FLEET_IDS.has(username) && secret === PASSWORD);
        if (ok) return done(null, true);
        done(Object.assign(new Error('bad username or password'), { returnCode: 4 as const }), false);
      },
      // as the core's broker: a gateway publishes only under its own vehicle's prefix
      authorizePublish: (client, packet, done) => {
        publishAttempts.push(`${client?.id ?? '?'} ${packet.topic}`);
        const ownPrefix = `${MQTT_TOPIC_ROOT}/${client?.id.replace(/^sim-/, '')}/`;
        done(packet.topic.startsWith(ownPrefix) ? null : new Error('not authorized'));
      },
    });
    server = createServer(broker.handle);
    await new Promise<void>((resolve) => {
      server.listen(0, '127.0.0.1', resolve);
    });
    url = `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`;

    observer = await connectAsync(url, { protocolVersion: 4, clientId: 'test-observer', ...OBSERVER });
    observer.on('message', (topic, payload) => {
      const parsed = parseVehicleTopic(topic);
      if (!parsed) return;
      const body: unknown = JSON.parse(payload.toString('utf8'));
      if (parsed.kind === 'gps') gps.push({ vehicleId: parsed.vehicleId, message: GpsMessageSchema.parse(body) });
      if (parsed.kind === 'state') states.push({ vehicleId: parsed.vehicleId, message: GatewayStateMessageSchema.parse(body) });
    });
    await observer.subscribeAsync([buildAllVehiclesFilter('gps'), buildAllVehiclesFilter('state')], { qos: 1 });
  });

  beforeEach(() => {
    stateDir = mkdtempSync(join(tmpdir(), 'feijiu-sim-'));
    gps = [];
    states = [];
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.stop()));
    rmSync(stateDir, { recursive: true, force: true });
  });

  afterAll(async () => {
    await observer?.endAsync();
    await new Promise<void>((resolve) => {
      broker?.close(() => resolve());
    });
    await new Promise<void>((resolve) => {
      server?.close(() => resolve());
    });
  });

  it('should publish contract-valid GPS with seq rising by exactly one per vehicle when the county runs', async () => {
    start();
    await vi.waitFor(() => VEHICLES.forEach((id) => expect(gpsOf(id).length).toBeGreaterThanOrEqual(15)), {
      timeout: 15_000,
      interval: 50,
    });

    for (const id of VEHICLES) {
      const seqs = gpsOf(id).map((m) => m.seq);
      expect(seqs[0], id).toBe(1);
      seqs.slice(1).forEach((seq, i) => expect(seq, `${id} after ${seqs[i]}`).toBe(seqs[i] + 1));
      for (const m of gpsOf(id)) expect(m).toMatchObject({ fix: 'gps' });
    }
    // a third of the fleet is parked, and a parked vehicle still reports where it stands
    expect(VEHICLES.some((id) => gpsOf(id).every((m) => m.speedMps === 0))).toBe(true);
  });

  it('should move the vehicles on a call along the roads when they drive', async () => {
    start({ initialBusyFraction: 1 });
    await vi.waitFor(
      () => {
        const moving = VEHICLES.filter((id) => gpsOf(id).filter((m) => (m.speedMps ?? 0) > 0).length >= 20);
        expect(moving.length).toBeGreaterThanOrEqual(2);
      },
      { timeout: 15_000, interval: 50 },
    );

    for (const id of VEHICLES) {
      const fixes = gpsOf(id);
      if (!fixes.some((m) => (m.speedMps ?? 0) > 0)) continue;
      const positions = new Set(fixes.map((m) => `${m.lat.toFixed(5)},${m.lon.toFixed(5)}`));
      expect(positions.size, `${id} distinct positions`).toBeGreaterThan(10);
      for (const m of fixes) expect(distanceToRoadsM(m, DEMO_COUNTY.roads), `${id} seq ${m.seq}`).toBeLessThan(300);
    }
  });

  it('should announce each gateway online and say offline when stopped', async () => {
    const sim = start();
    await vi.waitFor(() => VEHICLES.forEach((id) => expect(states.some((s) => s.vehicleId === id && s.message.online)).toBe(true)), {
      timeout: 10_000,
    });
    await sim.stop();
    await vi.waitFor(() => VEHICLES.forEach((id) => expect(states.filter((s) => s.vehicleId === id).at(-1)?.message.online).toBe(false)), {
      timeout: 10_000,
    });
  });

  it('should carry seq on from where it stopped when the simulator restarts', async () => {
    const first = start();
    await vi.waitFor(() => VEHICLES.forEach((id) => expect(gpsOf(id).length).toBeGreaterThanOrEqual(5)), { timeout: 10_000 });
    await first.stop();
    // QoS 1 deliveries still in flight to the observer land before we read the last seq
    await new Promise((resolve) => {
      setTimeout(resolve, 200);
    });
    const lastBefore = Object.fromEntries(VEHICLES.map((id) => [id, Math.max(...gpsOf(id).map((m) => m.seq))]));
    gps = [];

    start({ random: seededRandom(99) });
    await vi.waitFor(() => VEHICLES.forEach((id) => expect(gpsOf(id).length).toBeGreaterThanOrEqual(1)), { timeout: 10_000 });
    for (const id of VEHICLES) expect(Math.min(...gpsOf(id).map((m) => m.seq)), id).toBe(lastBefore[id] + 1);
  });

  it('should be refused and publish nothing when the gateway password is wrong', async () => {
    const lines: { msg?: string; vehicleId?: string }[] = [];
    start({ vehicleIds: ['lh-01'] });
    start({ vehicleIds: ['gh2-01'], password: 'not-the-password', logger: memoryLogger(lines), stateDir: join(stateDir, 'intruder') });

    await vi.waitFor(
      () => expect(lines).toContainEqual(expect.objectContaining({ vehicleId: 'gh2-01', msg: 'MQTT connection refused: bad username or password' })),
      { timeout: 10_000 },
    );
    // while the honest gateway delivers plenty, the refused one gets nothing through
    await vi.waitFor(() => expect(gpsOf('lh-01').length).toBeGreaterThanOrEqual(20), { timeout: 10_000 });
    expect(gpsOf('gh2-01')).toEqual([]);
    expect(states.filter((s) => s.vehicleId === 'gh2-01')).toEqual([]);
    expect(publishAttempts.filter((a) => a.startsWith('sim-gh2-01'))).toEqual([]);
  });
});
