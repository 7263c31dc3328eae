import { Aedes } from 'aedes';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';

// An in-process MQTT 3.1.1 broker like the core's embedded one: a gateway logs in as its vehicle
// and may publish only under its own prefix. It can be stopped and started again on the same
// port (an outage), and it can hold the bridge off until the test's subscriber is back.

export const OBSERVER = { username: 'observer', password: 'observer-secret' } as const;

export interface TestBrokerOptions {
  vehicleId: string;
  password: string;
  port?: number;
  /** serve MQTT over TLS (mqtts://localhost) with this key and certificate; requestCert: mutual TLS against `ca` */
  tls?: { key: string; cert: string; ca?: string; requestCert?: boolean };
}

type AedesBroker = Awaited<ReturnType<typeof Aedes.createBroker>>;

export class TestBroker {
  /** while false, the bridge's CONNECT is refused (server unavailable) */
  admitBridge = true;
  private broker: AedesBroker | null = null;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private boundPort = 0;

  constructor(private readonly options: TestBrokerOptions) {}

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return this.options.tls ? `mqtts://localhost:${this.boundPort}` : `mqtt://127.0.0.1:${this.boundPort}`;
  }

  async start(): Promise<void> {
    const { vehicleId, password } = this.options;
    const broker = await Aedes.createBroker({
      authenticate: (client, username, secret, done) => {
        const given = secret?.toString('utf8');
        const observer = username === OBSERVER.username && given === OBSERVER.password;
        const gateway = username === vehicleId && given === password;
        if (gateway && client.id === `bridge-${vehicleId}` && !this.admitBridge) {
          done(Object.assign(new Error('server unavailable'), { returnCode: 3 as const }), false);
          return;
        }
        if (observer || gateway) return done(null, true);
        done(Object.assign(new Error('bad username or password'), { returnCode: 4 as const }), false);
      },
      authorizePublish: (client, packet, done) => {
        const own = `feijiu/v1/vehicles/${vehicleId}/`;
        done(client && packet.topic.startsWith(own) ? null : new Error('not authorized'));
      },
    });
    const { tls } = this.options;
    // a TLS server is a net.Server whose 'connection' sockets are the raw TCP ones
    const server: Server = tls
      ? createTlsServer({ key: tls.key, cert: tls.cert, ca: tls.ca, requestCert: tls.requestCert ?? false, rejectUnauthorized: tls.requestCert ?? false }, broker.handle)
      : createServer(broker.handle);
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.boundPort || this.options.port || 0, '127.0.0.1', () => resolve());
    });
    this.boundPort = (server.address() as AddressInfo).port;
    this.broker = broker;
    this.server = server;
  }

  /** The broker goes away: every connection drops, nothing is kept (in-memory persistence). */
  async stop(): Promise<void> {
    const { broker, server } = this;
    this.broker = null;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    if (broker) await new Promise<void>((resolve) => broker.close(() => resolve()));
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
