import { EntityIdSchema } from '@feijiu/contracts';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { Aedes } from 'aedes';
import { createServer, type Server } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import type { AppConfig } from '../platform/config/app-config';
import { APP_CONFIG } from '../platform/config/config.module';
import { MetricsService } from '../platform/metrics/metrics.service';
import { CORE_MQTT_USERNAME, MqttIngressService } from '../platform/mqtt/mqtt-ingress.service';
import { type BrokerIdentity, canPublish, canSubscribe } from './broker-access';
import { GatewaysService } from './gateways.service';
import { limitPublishes } from './publish-limits';

type AedesBroker = Awaited<ReturnType<typeof Aedes.createBroker>>;
type AedesClient = Parameters<NonNullable<Parameters<typeof Aedes.createBroker>[0]>['authenticate'] & object>[0];

const NOT_AUTHORIZED = 5;
const BAD_CREDENTIALS = 4;

/**
 * The in-process MQTT broker of embedded mode (aedes, MQTT 3.1.1) on 127.0.0.1. Gateways log in as
 * their vehicle with credentials checked against the database; the ACL is in broker-access.ts.
 * A rotated or revoked credential ends the vehicle's live sessions at once (disconnectVehicle).
 */
@Injectable()
export class EmbeddedBrokerService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('broker');
  private readonly identities = new WeakMap<AedesClient, { who: BrokerIdentity; generation: number }>();
  // Bumped when a vehicle's credential changes: a login checked against the old one is void.
  private readonly generations = new Map<string, number>();
  private readonly sessions = new Map<string, Set<AedesClient>>();
  private broker: AedesBroker | null = null;
  private server: Server | null = null;
  private stopping = false;
  private readonly pendingWrites = new Set<Promise<void>>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly gateways: GatewaysService,
    private readonly metrics: MetricsService,
    private readonly ingress: MqttIngressService,
  ) {}

  get isRunning(): boolean {
    return this.server?.listening ?? false;
  }

  async start(): Promise<void> {
    if (this.config.mqtt.mode !== 'embedded') return;
    const { host, port } = this.config.mqtt;
    this.broker = await Aedes.createBroker({
      authenticate: (client, username, password, done) => {
        const generation = username ? this.generationOf(username) : 0;
        this.authenticate(username, password?.toString('utf8'))
          .then((who) => {
            // the credential changed while its hash was being checked: refuse, the gateway retries
            if (who?.kind === 'gateway' && this.generationOf(who.vehicleId) !== generation) who = null;
            if (!who) {
              this.metrics.gatewayAuth.inc({ result: 'refused' });
              this.logger.warn({ code: 'GATEWAY_AUTH_FAILED', username, clientId: client.id }, 'MQTT login refused');
              const err = Object.assign(new Error('bad username or password'), { returnCode: BAD_CREDENTIALS });
              done(err, false);
              return;
            }
            this.metrics.gatewayAuth.inc({ result: 'accepted' });
            this.identities.set(client, { who, generation });
            done(null, true);
          })
          .catch((err: unknown) => {
            this.logger.error({ err }, 'MQTT authentication failed');
            done(Object.assign(new Error('server unavailable'), { returnCode: 3 }), false);
          });
      },
      authorizePublish: (client, packet, done) => {
        const who = client ? this.identities.get(client)?.who : undefined;
        if (who?.kind === 'gateway' && canPublish(who, packet.topic)) {
          // aedes PUBACKs right after this callback: the gateway may drop the message from its
          // outbox only once the core stored it; refused (core stopping), the gateway sends it again
          this.ingress.acceptFromEmbeddedBroker(packet.topic, packet.payload).then(
            () => done(null),
            (err: unknown) => done(err as Error),
          );
          return;
        }
        if (who && canPublish(who, packet.topic)) return done(null);
        this.metrics.gatewayAuth.inc({ result: 'publish_denied' });
        this.logger.warn({ code: 'GATEWAY_TOPIC_FORBIDDEN', clientId: client?.id, topic: packet.topic }, 'publish refused');
        done(Object.assign(new Error('not authorized'), { returnCode: NOT_AUTHORIZED }));
      },
      authorizeSubscribe: (client, sub, done) => {
        const who = this.identities.get(client)?.who;
        if (who && canSubscribe(who, sub.topic)) return done(null, sub);
        this.logger.warn({ code: 'GATEWAY_TOPIC_FORBIDDEN', clientId: client.id, topic: sub.topic }, 'subscribe refused');
        done(null, null); // SUBACK 0x80 for this filter, connection stays
      },
    });
    this.broker.on('clientReady', (client) => this.onReady(client));
    this.broker.on('clientDisconnect', (client) => this.onGone(client));
    const broker = this.broker;
    const { maxPayloadBytes, publishRatePerSec, publishBurst } = this.config.mqttLimits;
    // size and per-connection rate limits sit between each socket and aedes (publish-limits.ts)
    const handle = limitPublishes(
      { maxPayloadBytes, ratePerSec: publishRatePerSec, burst: publishBurst },
      { count: (labels) => this.metrics.mqttPublishLimited.inc(labels), warn: (details, msg) => this.logger.warn(details, msg) },
      (conn) => broker.handle(conn),
    );
    // Nagle would hold small PUBACKs and publishes back for tens of ms
    this.server = createServer({ noDelay: true }, handle);
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
    this.logger.log({ url: `mqtt://${host}:${port}` }, 'embedded MQTT broker listening');
  }

  /**
   * Ends every live session of this vehicle's gateway and voids logins still being checked; call
   * after its credential changed. Returns how many sessions were closed.
   */
  disconnectVehicle(vehicleId: string): number {
    this.generations.set(vehicleId, this.generationOf(vehicleId) + 1);
    const live = [...(this.sessions.get(vehicleId) ?? [])];
    for (const client of live) client.close();
    if (live.length) this.logger.log({ vehicleId, sessions: live.length }, 'gateway sessions closed: credential changed');
    return live.length;
  }

  /** Vehicles with a live gateway session now; null when the core uses an external broker. */
  connectedVehicles(): ReadonlySet<string> | null {
    if (this.config.mqtt.mode !== 'embedded') return null;
    return new Set([...this.sessions].filter(([, clients]) => clients.size > 0).map(([id]) => id));
  }

  /**
   * The core is stopping: sessions that end from now on (the simulator's, first) are not written
   * as last seen; on a terminal's Ctrl-C PostgreSQL has already had the signal too.
   */
  quiesce(): void {
    this.stopping = true;
  }

  // the database closes with the app, before the broker stops: no last-seen writes after this
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.pendingWrites]);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const server = this.server;
    const broker = this.broker;
    this.server = null;
    this.broker = null;
    if (broker) await new Promise<void>((r) => broker.close(() => r()));
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  private generationOf(vehicleId: string): number {
    return this.generations.get(vehicleId) ?? 0;
  }

  private onReady(client: AedesClient): void {
    const id = this.identities.get(client);
    if (id?.who.kind !== 'gateway') return;
    const { vehicleId } = id.who;
    // its credential changed between the login check and now
    if (id.generation !== this.generationOf(vehicleId)) return client.close();
    let set = this.sessions.get(vehicleId);
    if (!set) this.sessions.set(vehicleId, (set = new Set()));
    set.add(client);
    this.markSeen(vehicleId);
  }

  private onGone(client: AedesClient): void {
    const id = this.identities.get(client);
    if (id?.who.kind !== 'gateway') return;
    const set = this.sessions.get(id.who.vehicleId);
    if (set?.delete(client)) this.markSeen(id.who.vehicleId);
  }

  private markSeen(vehicleId: string): void {
    if (this.stopping) return;
    const write = this.gateways
      .markSeen(vehicleId)
      .catch((err: unknown) => this.logger.warn({ err, vehicleId }, 'could not record gateway last seen'))
      .finally(() => this.pendingWrites.delete(write));
    this.pendingWrites.add(write);
  }

  private async authenticate(username: string | undefined, password: string | undefined): Promise<BrokerIdentity | null> {
    if (!username || !password) return null;
    if (username === CORE_MQTT_USERNAME) {
      return safeEqual(password, this.config.coreMqttSecret) ? { kind: 'core' } : null;
    }
    if (!EntityIdSchema.safeParse(username).success) return null;
    return (await this.gateways.verify(username, password)) ? { kind: 'gateway', vehicleId: username } : null;
  }
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
