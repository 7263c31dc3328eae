import { IncidentSchema, type Incident } from '@feijiu/contracts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasSocat, type SocatPair, startSocatPair } from '../../firmware-bridge/test/support/socat';
import { hasMosquitto, type MosquittoHandle, startMosquitto } from '../support/mosquitto';
import { type CoreEnv, type CoreProcess, freePort, login, makeDataDir, startCoreProcess } from './support/core-process';
import {
  api,
  type BridgeProcess,
  DeviceEnd,
  GpsStream,
  Hl7Monitor,
  hrHistory,
  LiveRecorder,
  pollUntil,
  spawnBridge,
  TestPostgres,
  VitalsStream,
  waitFor,
} from './support/fault-rig';

// Fault 3 (issue 6 "Trust"): PostgreSQL goes away under a core that is ingesting vitals and GPS
// from a bridge (a restart, a failover). The core must not crash, must say it is not ready, must
// not acknowledge to the broker what it did not commit, and must resume by itself; and when the
// core itself dies while the database is down, nothing it had received but not stored is lost.
// The dispatch timers live in the database: an offer and a departure clock that run out while
// it is down fire once it is back. The database is the test's own PostgreSQL (DATABASE_URL), so
// the test can stop and start it.

const socatPresent = hasSocat();
if (!socatPresent) console.warn('[system] PostgreSQL faults skipped: socat is not installed (apt-get install -y socat)');
const mosquittoPresent = hasMosquitto();
if (!mosquittoPresent) console.warn('[system] PostgreSQL faults over Mosquitto skipped: mosquitto is not installed');

const VEHICLE = 'lh-05';
const DEMO_PASSWORD = 'fault-demo-password';
const TIMER_SEC = 6; // offer timeout and departure target: both run out while PostgreSQL is down

function describePostgresFaults(broker: 'embedded' | 'mosquitto', skip: boolean): void {
  describe.skipIf(skip)(`PostgreSQL restarts under an ingesting core (${broker} broker)`, () => {
    let db: TestPostgres;
    let env: CoreEnv;
    let core: CoreProcess;
    let monitorCable: SocatPair;
    let gpsCable: SocatPair;
    let monitor: Hl7Monitor;
    let gpsReceiver: DeviceEnd;
    let bridge: BridgeProcess;
    let mosquitto: MosquittoHandle | null = null;
    const startedAt = new Date();

    const ready = async () => {
      const res = await fetch(`${core.baseUrl}/health/ready`);
      return { status: res.status, body: (await res.json()) as { checks: { database: string; broker: string } } };
    };
    const sql = async <T>(text: string, params: unknown[] = []): Promise<T[]> => {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        return (await client.query(text, params)).rows as T[];
      } finally {
        await client.end();
      }
    };
    const storedGpsSeqs = async () => (await sql<{ seq: string }>('SELECT seq FROM vehicle_positions WHERE vehicle_id = $1 ORDER BY seq', [VEHICLE])).map((r) => Number(r.seq));

    beforeAll(async () => {
      db = await TestPostgres.create(await freePort());
      env = {
        dataDir: makeDataDir(),
        httpPort: await freePort(),
        pgPort: await freePort(),
        mqttPort: await freePort(),
        extra: {
          DATABASE_URL: db.url,
          FEIJIU_DEMO: 'on',
          FEIJIU_DEMO_PASSWORD: DEMO_PASSWORD,
          JWT_SECRET: 'fault-tests-jwt-secret-of-at-least-32-chars',
          FEIJIU_SIMULATOR: 'off',
          FEIJIU_OFFER_TIMEOUT_SEC: String(TIMER_SEC),
          FEIJIU_DEPARTURE_TARGET_SEC: String(TIMER_SEC),
        },
      };
      let gatewayPassword = DEMO_PASSWORD;
      if (broker === 'mosquitto') {
        gatewayPassword = 'lh-05-secret-pg';
        mosquitto = startMosquitto(env.mqttPort, { core: 'core-secret-pg', [VEHICLE]: gatewayPassword });
        env.extra = { ...env.extra, MQTT_URL: mosquitto.url, MQTT_USERNAME: 'core', MQTT_PASSWORD: 'core-secret-pg', MQTT_SHARED_GROUP: 'core' };
      }
      core = await startCoreProcess(env);
      const dir = mkdtempSync(join(tmpdir(), 'feijiu-fault-pg-'));
      monitorCable = await startSocatPair(dir, 'monitor');
      gpsCable = await startSocatPair(dir, 'gps');
      bridge = spawnBridge({
        vehicle: VEHICLE,
        mqttUrl: `mqtt://127.0.0.1:${env.mqttPort}`,
        password: gatewayPassword,
        monitors: [{ id: 'm1', path: monitorCable.bridgePath }],
        gpsPath: gpsCable.bridgePath,
        outboxDir: join(dir, 'outbox'),
        mqttVersion: broker === 'mosquitto' ? 5 : 4,
      });
      await waitFor(
        'the bridge on both ports and the broker',
        () => bridge.output().split('serial port open').length > 2 && bridge.output().includes('MQTT connected'),
        30_000,
      );
      monitor = await Hl7Monitor.open(monitorCable.devicePath);
      gpsReceiver = await DeviceEnd.open(gpsCable.devicePath);
    });

    afterAll(async () => {
      await bridge?.stop();
      await monitor?.close();
      await gpsReceiver?.close();
      await monitorCable?.stop();
      await gpsCable?.stop();
      if (core && core.child.exitCode === null && core.child.signalCode === null) await core.interrupt();
      await mosquitto?.stop();
      await db?.destroy();
    });

    it('should stay up, report the database down, store every sample and fix once and fire the clocks that ran out after PostgreSQL restarts', async () => {
      const token = await login(core.baseUrl, 'dispatcher', DEMO_PASSWORD);
      const live = await LiveRecorder.connect(core.baseUrl, token);
      const vitals = new VitalsStream(monitor, 100);
      const gps = new GpsStream(gpsReceiver);
      await pollUntil('samples streaming in', () => hrHistory(core.baseUrl, token, VEHICLE, startedAt), (rows) => rows.length >= 10);

      // an accepted job whose crew does not roll, and an offer nobody answers
      const newIncident = (complaint: string) =>
        api<Incident>(core.baseUrl, token, '/api/v1/incidents', { location: { lat: 30.06, lon: 118.54 }, complaint, priority: 'urgent' });
      const rolling = await newIncident('胸痛');
      const offer = await api<{ id: string; departureDeadlineAt: string }>(core.baseUrl, token, `/api/v1/incidents/${rolling.id}/assignments`, { vehicleId: 'tcm-01' });
      await api(core.baseUrl, await login(core.baseUrl, 'crew-tcm-01', DEMO_PASSWORD), `/api/v1/assignments/${offer.id}/accept`, {});
      const unanswered = await newIncident('呼吸困难');
      const ignored = await api<{ offerExpiresAt: string }>(core.baseUrl, token, `/api/v1/incidents/${unanswered.id}/assignments`, { vehicleId: 'tcm-02' });

      await db.stop();
      const down = await pollUntil('readiness to say the database is down', ready, (r) => r.status === 503);
      expect(down.body.checks).toEqual({ database: 'down', broker: 'up' });
      // the monitor and the GPS keep writing; both clocks run out meanwhile
      const lastDeadlineMs = Math.max(Date.parse(offer.departureDeadlineAt), Date.parse(ignored.offerExpiresAt));
      await new Promise((r) => setTimeout(r, Math.max(4000, lastDeadlineMs + 1000 - Date.now())));
      expect(core.child.exitCode).toBeNull();
      expect((await fetch(`${core.baseUrl}/health`)).status).toBe(200);
      expect(live.alerts.filter((a) => a.incidentId === rolling.id || a.incidentId === unanswered.id)).toEqual([]);

      await db.start();
      await pollUntil('readiness back', ready, (r) => r.status === 200);
      await new Promise((r) => setTimeout(r, 1500));
      await vitals.stop();
      await gps.stop();

      await waitFor('the bridge to ACK every message', () => vitals.written.every((w) => monitor.acked(w.controlId)), 20_000);
      const rows = await pollUntil(
        `all ${vitals.written.length} samples`,
        () => hrHistory(core.baseUrl, token, VEHICLE, startedAt),
        (r) => r.length >= vitals.written.length,
      );
      expect(rows.map((r) => r.measuredAt)).toEqual(vitals.written.map((w) => w.measuredAt));
      // every GPS second written became one fix (the last one once the receiver fell silent)
      const seqs = await pollUntil('every GPS fix', storedGpsSeqs, (s) => s.length >= gps.seconds.length);
      expect(seqs).toEqual(gps.seconds.map((_, i) => i + 1));
      expect(core.child.exitCode).toBeNull();
      expect(core.output()).not.toMatch(/unhandled|uncaught/i);

      // the clocks that ran out while the database was down fire now, once each
      const fired = await pollUntil(
        'the late-departure and unanswered-offer alerts',
        async () => live.alerts.filter((a) => a.incidentId === rolling.id || a.incidentId === unanswered.id).map((a) => [a.kind, a.incidentId]),
        (alerts) => alerts.length >= 2,
      );
      await new Promise((r) => setTimeout(r, 2500));
      expect(live.alerts.filter((a) => a.incidentId === rolling.id || a.incidentId === unanswered.id).map((a) => [a.kind, a.incidentId])).toEqual(fired);
      expect(fired).toEqual(
        expect.arrayContaining([
          ['departure_late', rolling.id],
          ['offer_unanswered', unanswered.id],
        ]),
      );
      const requeued = IncidentSchema.parse(await api(core.baseUrl, token, `/api/v1/incidents/${unanswered.id}`));
      expect([requeued.status, requeued.assignments.map((a) => a.status)]).toEqual(['new', ['expired']]);
      const stillAccepted = IncidentSchema.parse(await api(core.baseUrl, token, `/api/v1/incidents/${rolling.id}`)).assignments[0]!;
      expect([stillAccepted.status, stillAccepted.departureDeadlineAt]).toEqual(['accepted', offer.departureDeadlineAt]);
      live.close();
    });

    it('should lose nothing it had not stored when it is killed while PostgreSQL is down', async () => {
      const since = new Date();
      const before = (await storedGpsSeqs()).length;
      const vitals = new VitalsStream(monitor, 100);
      const gps = new GpsStream(gpsReceiver);
      const token = await login(core.baseUrl, 'dispatcher', DEMO_PASSWORD);
      await pollUntil('samples streaming in', () => hrHistory(core.baseUrl, token, VEHICLE, since), (rows) => rows.length >= 5);

      await db.stop();
      await pollUntil('readiness to say the database is down', ready, (r) => r.status === 503);
      await new Promise((r) => setTimeout(r, 3000)); // the core now holds messages it could not store
      core.child.kill('SIGKILL');
      await new Promise((r) => core.child.once('exit', r));
      await db.start();
      core = await startCoreProcess(env);
      await new Promise((r) => setTimeout(r, 1500));
      await vitals.stop();
      await gps.stop();

      const fresh = await login(core.baseUrl, 'dispatcher', DEMO_PASSWORD);
      await waitFor('the bridge to ACK every message', () => vitals.written.every((w) => monitor.acked(w.controlId)), 20_000);
      const rows = await pollUntil(
        `all ${vitals.written.length} samples`,
        () => hrHistory(core.baseUrl, fresh, VEHICLE, since),
        (r) => r.length >= vitals.written.length,
      );
      expect(rows.map((r) => r.measuredAt)).toEqual(vitals.written.map((w) => w.measuredAt));
      const seqs = await pollUntil('every GPS fix', storedGpsSeqs, (s) => s.length >= before + gps.seconds.length);
      expect(seqs).toEqual(Array.from({ length: before + gps.seconds.length }, (_, i) => i + 1));
    });
  });
}

describePostgresFaults('embedded', !socatPresent);
describePostgresFaults('mosquitto', !socatPresent || !mosquittoPresent);
