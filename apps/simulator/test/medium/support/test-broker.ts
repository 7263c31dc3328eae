import { MQTT_TOPIC_ROOT } from '@feijiu/contracts';
import { DEMO_COUNTY } from '@feijiu/geo';
import { Aedes } from 'aedes';
import { connectAsync, type MqttClient } from 'mqtt';
import { type AddressInfo, createServer, type Server } from 'node:net';

// An in-process aedes broker that authenticates like the core's: each demo gateway as its
// vehicle with the demo password, publishing only under its own prefix; plus an observer.

export const GATEWAY_PASSWORD = 'demo-secret';
const OBSERVER = { username: 'observer', password: 'observer-secret' };
const FLEET_IDS = new Set(DEMO_COUNTY.vehicles.map((v) => v.id));

type AedesBroker = Awaited<ReturnType<typeof Aedes.createBroker>>;

export interface TestBroker {
  url: string;
  observer: MqttClient;
  close(): Promise<void>;
}

export async function startTestBroker(): Promise<TestBroker> {
  const broker: AedesBroker = await Aedes.createBroker({
    authenticate: (_client, username, password, done) => {
      const secret = password?.toString('utf8');
      const ok =
        (username === OBSERVER.username && secret === OBSERVER.password) ||
        (username !== undefined && FLEET_IDS.has(username) && secret === GATEWAY_PASSWORD);
      if (ok) return done(null, true);
      done(Object.assign(new Error('bad username or password'), { returnCode: 4 as const }), false);
    },
    authorizePublish: (client, packet, done) => {
      const ownPrefix = `${MQTT_TOPIC_ROOT}/${client?.id.replace(/^sim-/, '')}/`;
      done(packet.topic.startsWith(ownPrefix) ? null : new Error('not authorized'));
    },
  });
  const server: Server = createServer(broker.handle);
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  const url = `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const observer = await connectAsync(url, { protocolVersion: 4, clientId: 'test-observer', ...OBSERVER });
  return {
    url,
    observer,
    close: async () => {
      await observer.endAsync();
      await new Promise<void>((resolve) => {
        broker.close(() => resolve());
      });
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
      });
    },
  };
}
