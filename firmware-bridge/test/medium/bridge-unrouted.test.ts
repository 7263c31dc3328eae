import { parseVehicleTopic, type VitalsMessage, VitalsMessageSchema } from '@feijiu/contracts';
import { frameMllp, writeHl7Vitals } from '@feijiu/monitor-protocols';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasMosquitto, type MosquittoHandle, startMosquitto } from '../../../test/support/mosquitto';
import { type Bridge, startBridge } from '../../src/bridge';
import { loadBridgeConfig } from '../../src/config';
import { DeviceEnd } from '../support/device';
import { hasSocat, type SocatPair, startSocatPair } from '../support/socat';
import { waitFor } from '../support/wait';

// MQTT 5 brokers answer a PUBLISH nobody subscribes to with PUBACK reason 0x10 "no matching
// subscribers" and drop it. That happens for real after a Mosquitto restart (it does not restore
// the core's $share subscription until the core subscribes again) and before the core's first
// start. The bridge keeps such samples in its outbox and sends them again until someone gets them.

const VEHICLE = 'amb-09';
const PASSWORD = 'unrouted-secret';
const T0 = new Date('2026-11-22T10:00:00.000Z');
const ready = hasSocat() && hasMosquitto();
if (!ready) console.warn('SKIPPED bridge unrouted-samples medium test: needs socat and mosquitto');

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });

describe.skipIf(!ready)('firmware-bridge with an MQTT 5 broker that has no subscriber yet', () => {
  let dir: string;
  let broker: MosquittoHandle;
  let cable: SocatPair;
  let bridge: Bridge | null = null;
  let device: DeviceEnd | null = null;
  let core: MqttClient | null = null;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'feijiu-bridge-unrouted-'));
    broker = startMosquitto(await freePort(), { core: 'core-unrouted', [VEHICLE]: PASSWORD });
    cable = await startSocatPair(dir, 'monitor');
  });

  afterEach(async () => {
    await core?.endAsync(true);
    await bridge?.stop({ hard: true });
    await device?.close();
    await cable.stop();
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should keep the samples nobody subscribed to and deliver them once the core subscribes', async () => {
    const load = loadBridgeConfig({
      argv: ['--vehicle', VEHICLE, '--mqtt', broker.url, '--mqtt-version', '5', '--monitor', cable.bridgePath, '--outbox', join(dir, 'outbox')],
      env: { FEIJIU_BRIDGE_PASSWORD: PASSWORD },
    });
    if (load.kind !== 'config') throw new Error('expected a config');
    bridge = startBridge(load.config, { serialRetryInitialMs: 50, serialRetryMaxMs: 200, mqttReconnectPeriodMs: 100, logger: pino({ level: 'silent' }) });
    await waitFor('the monitor port open and the broker connected', () => bridge!.stats().monitors.m1?.connected === true && bridge!.stats().mqtt.connected, 10_000);
    device = await DeviceEnd.open(cable.devicePath);
    for (let n = 1; n <= 5; n++) {
      await device.write(frameMllp(writeHl7Vitals({ controlId: `u${n}`, time: new Date(T0.getTime() + n * 1000), observations: [{ code: 'HR', value: 70 + n }] })));
    }
    // published and answered "no matching subscribers": still owed
    await waitFor('five samples in the outbox', () => bridge!.stats().outbox.appended.vitals === 5);
    await new Promise((r) => setTimeout(r, 1500));
    expect(bridge.stats().outbox.depth).toBe(5);

    const received: VitalsMessage[] = [];
    core = await connectAsync(broker.url, { protocolVersion: 5, clientId: 'core-unrouted', username: 'core', password: 'core-unrouted' });
    core.on('message', (topic, payload) => {
      if (parseVehicleTopic(topic)?.kind === 'vitals') received.push(VitalsMessageSchema.parse(JSON.parse(payload.toString('utf8'))));
    });
    await core.subscribeAsync(`$share/core/feijiu/v1/vehicles/+/vitals`, { qos: 1 });
    await waitFor('the kept samples delivered', () => new Set(received.map((v) => v.seq)).size >= 5, 10_000);
    await waitFor('the outbox drained', () => bridge!.stats().outbox.depth === 0);
    // in arrival order (a QoS 1 resend of one already seen left out): each topic stays in seq order
    expect([...new Map(received.map((v) => [v.seq, v.obs[0]!.value])).entries()]).toEqual([
      [1, 71],
      [2, 72],
      [3, 73],
      [4, 74],
      [5, 75],
    ]);
  });
});
