import { createServer } from 'node:net';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasMosquitto, type MosquittoHandle, startMosquitto } from '../../../../test/support/mosquitto';

// The production broker config (deploy/mosquitto/) run for real: a local Mosquitto 2 with the
// deploy ACL verbatim and the deploy mosquitto.conf with only its paths and listener changed.
// Gateways authenticate as their vehicle id and may publish only under their own prefix.

const missing = !hasMosquitto();
if (missing) {
  process.stderr.write(
    '[mosquitto-acl] SKIPPED: `mosquitto` / `mosquitto_passwd` not installed ' +
      '(apt-get install mosquitto; .ci/run installs it)\n',
  );
}

const PASSWORDS = { core: 'core-secret-for-test', 'lh-01': 'lh-01-secret', 'lh-02': 'lh-02-secret', 'lh-03': 'lh-03-secret' } as const;
type User = keyof typeof PASSWORDS;
const topic = (vehicleId: string, kind: string) => `feijiu/v1/vehicles/${vehicleId}/${kind}`;

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

describe.skipIf(missing)('Mosquitto ACL from deploy/mosquitto (skipped when mosquitto is not installed)', () => {
  let port: number;
  let broker: MosquittoHandle | undefined;
  const clients: MqttClient[] = [];

  const connect = async (user: User): Promise<MqttClient> => {
    let lastError: unknown;
    // the broker may still be binding its port right after spawn
    for (let attempt = 0; attempt < 50; attempt++) {
      try {
        const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
          protocolVersion: 5,
          username: user,
          password: PASSWORDS[user],
          clientId: `${user}-${Math.random().toString(16).slice(2, 8)}`,
          reconnectPeriod: 0,
          connectTimeout: 2_000,
        });
        clients.push(client);
        return client;
      } catch (error) {
        lastError = error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error(`cannot connect as ${user}: ${String(lastError)}`);
  };

  /** Collects messages per topic from a client. */
  const inbox = (client: MqttClient) => {
    const received: { topic: string; body: string }[] = [];
    client.on('message', (t, payload) => received.push({ topic: t, body: payload.toString() }));
    return received;
  };

  const waitFor = async (cond: () => boolean, what: string) => {
    for (let i = 0; i < 100; i++) {
      if (cond()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  /** QoS 1 publish; resolves to the broker's refusal (MQTT 5 reason) or null when accepted. */
  const publish = async (client: MqttClient, t: string, body: string): Promise<Error | null> => {
    try {
      await client.publishAsync(t, body, { qos: 1 });
      return null;
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  };

  beforeAll(async () => {
    port = await freePort();
    broker = startMosquitto(port, PASSWORDS);
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
    await broker?.stop();
  });

  it('should refuse a client without a password', async () => {
    await connect('core'); // broker is up
    await expect(
      mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { protocolVersion: 5, reconnectPeriod: 0, connectTimeout: 2_000 }),
    ).rejects.toThrow();
  });

  it('should refuse a gateway with the wrong password', async () => {
    await expect(
      mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
        protocolVersion: 5,
        username: 'lh-01',
        password: 'not-the-password',
        reconnectPeriod: 0,
        connectTimeout: 2_000,
      }),
    ).rejects.toThrow();
  });

  it("should deliver a gateway's own gps to core but not gps published as another vehicle", async () => {
    const core = await connect('core');
    const coreInbox = inbox(core);
    await core.subscribeAsync('feijiu/v1/vehicles/#', { qos: 1 });
    const lh01 = await connect('lh-01');

    const spoofRefusal = await publish(lh01, topic('lh-02', 'gps'), 'spoofed');
    const ownRefusal = await publish(lh01, topic('lh-01', 'gps'), 'own');
    // one publisher, one subscriber, QoS 1: had the spoof been routed it would arrive first
    await waitFor(() => coreInbox.some((m) => m.body === 'own'), "core receiving lh-01's own gps");

    expect(ownRefusal).toBeNull();
    expect(spoofRefusal?.message ?? 'accepted').toMatch(/not authori[sz]ed|0x87|135/i);
    expect(coreInbox).toEqual([{ topic: topic('lh-01', 'gps'), body: 'own' }]);
  });

  it('should let a gateway publish vitals, waveform, alarm and state but not cmd', async () => {
    const core = await connect('core');
    const coreInbox = inbox(core);
    await core.subscribeAsync('feijiu/v1/vehicles/lh-01/#', { qos: 1 });
    const lh01 = await connect('lh-01');

    const cmdRefusal = await publish(lh01, topic('lh-01', 'cmd'), 'fake-cmd');
    for (const kind of ['vitals', 'waveform', 'alarm', 'state']) {
      expect(await publish(lh01, topic('lh-01', kind), kind)).toBeNull();
    }
    await waitFor(() => coreInbox.length >= 4, 'four telemetry messages');

    expect(cmdRefusal).not.toBeNull();
    expect(coreInbox.map((m) => m.body)).toEqual(['vitals', 'waveform', 'alarm', 'state']);
  });

  it("should refuse a gateway's alarm published as another vehicle", async () => {
    const core = await connect('core');
    const coreInbox = inbox(core);
    await core.subscribeAsync('feijiu/v1/vehicles/+/alarm', { qos: 1 });
    const lh01 = await connect('lh-01');

    const spoofRefusal = await publish(lh01, topic('lh-02', 'alarm'), 'spoofed alarm');
    expect(await publish(lh01, topic('lh-01', 'alarm'), 'own alarm')).toBeNull();
    await waitFor(() => coreInbox.some((m) => m.body === 'own alarm'), "core receiving lh-01's own alarm");

    expect(spoofRefusal?.message ?? 'accepted').toMatch(/not authori[sz]ed|0x87|135/i);
    expect(coreInbox).toEqual([{ topic: topic('lh-01', 'alarm'), body: 'own alarm' }]);
  });

  it("should deliver core's cmd to its own gateway only", async () => {
    const core = await connect('core');
    const lh01 = await connect('lh-01');
    const lh01Inbox = inbox(lh01);
    await lh01.subscribeAsync(topic('lh-01', 'cmd'), { qos: 1 });
    // a subscription to another vehicle's cmd must never be served
    await lh01.subscribeAsync(topic('lh-02', 'cmd'), { qos: 1 }).catch(() => undefined);

    expect(await publish(core, topic('lh-02', 'cmd'), 'for-lh-02')).toBeNull();
    expect(await publish(core, topic('lh-01', 'cmd'), 'for-lh-01')).toBeNull();
    await waitFor(() => lh01Inbox.some((m) => m.body === 'for-lh-01'), 'lh-01 receiving its cmd');

    expect(lh01Inbox).toEqual([{ topic: topic('lh-01', 'cmd'), body: 'for-lh-01' }]);
  });

  it('should not let core publish telemetry on behalf of a vehicle', async () => {
    const core = await connect('core');
    expect(await publish(core, topic('lh-01', 'gps'), 'forged')).not.toBeNull();
  });

  // the rotation procedure of deploy/README.md: mosquitto_passwd, then SIGHUP
  it('should end the live session and refuse the old password once a rotated password file is reloaded', async () => {
    const live = await connect('lh-03');
    const sessionEnded = new Promise<void>((r) => live.once('close', () => r()));
    broker!.setPassword('lh-03', 'lh-03-rotated');
    broker!.reload();
    await sessionEnded;

    await expect(
      mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { protocolVersion: 5, username: 'lh-03', password: PASSWORDS['lh-03'], reconnectPeriod: 0, connectTimeout: 2_000 }),
    ).rejects.toThrow(/not authori[sz]ed|bad user/i);
    const renewed = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { protocolVersion: 5, username: 'lh-03', password: 'lh-03-rotated', reconnectPeriod: 0 });
    clients.push(renewed);
    expect(await publish(renewed, topic('lh-03', 'gps'), 'after rotation')).toBeNull();
  });

  it('should deliver through a $share/core shared subscription', async () => {
    const core = await connect('core');
    const coreInbox = inbox(core);
    await core.subscribeAsync('$share/core/feijiu/v1/vehicles/+/vitals', { qos: 1 });
    const lh02 = await connect('lh-02');

    expect(await publish(lh02, topic('lh-02', 'vitals'), 'shared')).toBeNull();
    await waitFor(() => coreInbox.length > 0, 'the shared subscription to deliver');

    expect(coreInbox).toEqual([{ topic: topic('lh-02', 'vitals'), body: 'shared' }]);
  });
});
