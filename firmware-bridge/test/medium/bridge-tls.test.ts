import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Bridge, startBridge } from '../../src/bridge';
import { loadBridgeConfig } from '../../src/config';
import { TestBroker } from '../support/broker';
import { ContractSubscriber } from '../support/subscriber';
import { hasOpenssl, makeTestPki, type TestPki } from '../support/test-pki';
import { waitFor } from '../support/wait';

// The bridge's mqtts:// options against a real TLS broker with a throw-away CA: --ca to trust
// the broker (deploy/mosquitto: listener 8883, cafile/certfile/keyfile), --cert/--key for a broker
// that requires a client certificate (require_certificate true). No serial port is needed: the
// bridge announces itself with its retained `state` as soon as it is connected.

const VEHICLE = 'amb-01';
const PASSWORD = 'bridge-secret';
const opensslPresent = hasOpenssl();
if (!opensslPresent) console.warn('SKIPPED bridge TLS medium tests: openssl is not installed');

describe.skipIf(!opensslPresent)('firmware-bridge over TLS (mqtts://)', () => {
  let dir: string;
  let pki: TestPki;
  const cleanups: Array<() => Promise<unknown>> = [];
  const logger = pino({ level: 'silent' });

  const bridgeWith = (broker: TestBroker, tlsArgs: string[], outbox: string): Bridge => {
    const load = loadBridgeConfig({
      argv: ['--vehicle', VEHICLE, '--mqtt', broker.url, '--monitor', join(dir, 'no-such-tty'), '--outbox', join(dir, outbox), ...tlsArgs],
      env: { FEIJIU_BRIDGE_PASSWORD: PASSWORD },
    });
    if (load.kind !== 'config') throw new Error('expected a config');
    const bridge = startBridge(load.config, { logger, mqttReconnectPeriodMs: 100, serialRetryInitialMs: 1000, serialRetryMaxMs: 1000 });
    cleanups.push(() => bridge.stop({ hard: true }));
    return bridge;
  };
  const tlsBroker = async (requestCert: boolean) => {
    const broker = new TestBroker({
      vehicleId: VEHICLE,
      password: PASSWORD,
      tls: { key: pki.pem.serverKey, cert: pki.pem.serverCert, ca: pki.pem.ca, requestCert },
    });
    await broker.start();
    cleanups.push(() => broker.stop());
    return broker;
  };
  const observe = async (broker: TestBroker) => {
    const sub = await ContractSubscriber.connect(broker.url, VEHICLE, {
      ca: pki.pem.ca,
      cert: readFileSync(pki.files.clientCert, 'utf8'),
      key: readFileSync(pki.files.clientKey, 'utf8'),
    });
    cleanups.push(() => sub.close());
    return sub;
  };
  /** Started for a while next to nothing it could connect to: it must not have got in. */
  const neverConnects = async (bridge: Bridge) => {
    await sleep(1500); // ~15 attempts at the 100 ms reconnect period
    return bridge.stats().mqtt.connects;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'feijiu-bridge-tls-'));
    pki = makeTestPki(dir, VEHICLE);
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('should trust the broker signed by the --ca file and publish, and refuse it without that CA', async () => {
    const broker = await tlsBroker(false);
    const sub = await observe(broker);

    // the system's CAs did not sign the broker: no connection, the samples would wait in the outbox
    const untrusting = bridgeWith(broker, [], 'outbox-system-cas');
    expect(await neverConnects(untrusting)).toBe(0);
    await untrusting.stop({ hard: true });

    const bridge = bridgeWith(broker, ['--ca', pki.files.ca], 'outbox-ca');
    await waitFor('the bridge online over TLS', () => sub.lastState?.online === true);
    expect(bridge.stats().mqtt.connected).toBe(true);
  });

  it('should present its certificate with --cert/--key to a broker that requires one', async () => {
    const broker = await tlsBroker(true);
    const sub = await observe(broker);

    const anonymous = bridgeWith(broker, ['--ca', pki.files.ca], 'outbox-no-cert');
    expect(await neverConnects(anonymous)).toBe(0);
    await anonymous.stop({ hard: true });

    const bridge = bridgeWith(broker, ['--ca', pki.files.ca, '--cert', pki.files.clientCert, '--key', pki.files.clientKey], 'outbox-cert');
    await waitFor('the bridge online with its client certificate', () => sub.lastState?.online === true);
    expect(bridge.stats().mqtt.connected).toBe(true);
  });
});
