import { EntityIdSchema } from '@feijiu/contracts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Aedes } from 'aedes';
import { createServer, type Server } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import type { AppConfig } from '../platform/config/app-config';
import { APP_CONFIG } from '../platform/config/config.module';
import { MetricsService } from '../platform/metrics/metrics.service';
import { CORE_MQTT_USERNAME } from '../platform/mqtt/mqtt-ingress.service';
import { type BrokerIdentity, canPublish, canSubscribe } from './broker-access';
import { GatewaysService } from './gateways.service';

type AedesBroker = Awaited<ReturnType<typeof Aedes.createBroker>>;
type AedesClient = Parameters<NonNullable<Parameters<typeof Aedes.createBroker>[0]>['authenticate'] & object>[0];

const NOT_AUTHORIZED = 5;
const BAD_CREDENTIALS = 4;

/**
 * The in-process MQTT broker of embedded mode (aedes, MQTT 3.1.1) on 127.0.0.1. Gateways log in as
 * their vehicle with credentials checked against the database; the ACL is in broker-access.ts.
 */
@Injectable()
export class EmbeddedBrokerService {
  private readonly logger = new Logger('broker');
  private readonly identities = new WeakMap<AedesClient, BrokerIdentity>();
  private broker: AedesBroker | null = null;
  private server: Server | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly gateways: GatewaysService,
    private readonly metrics: MetricsService,
  ) {}

  get isRunning(): boolean {
    return this.server?.listening ?? false;
  }

  async start(): Promise<void> {
    if (this.config.mqtt.mode !== 'embedded') return;
    const { host, port } = this.config.mqtt;
    this.broker = await Aedes.createBroker({
      authenticate: (client, username, password, done) => {
        this.authenticate(username, password?.toString('utf8'))
          .then((who) => {
            if (!who) {
              this.metrics.gatewayAuth.inc({ result: 'refused' });
              this.logger.warn({ code: 'GATEWAY_AUTH_FAILED', username, clientId: client.id }, 'MQTT login refused');
              const err = Object.assign(new Error('bad username or password'), { returnCode: BAD_CREDENTIALS });
              done(err, false);
              return;
            }
            this.metrics.gatewayAuth.inc({ result: 'accepted' });
            this.identities.set(client, who);
            done(null, true);
          })
          .catch((err: unknown) => {
            this.logger.error({ err }, 'MQTT authentication failed');
            done(Object.assign(new Error('server unavailable'), { returnCode: 3 }), false);
          });
      },
      authorizePublish: (client, packet, done) => {
        const who = client ? this.identities.get(client) : undefined;
        if (who && canPublish(who, packet.topic)) return done(null);
        this.metrics.gatewayAuth.inc({ result: 'publish_denied' });
        this.logger.warn({ code: 'GATEWAY_TOPIC_FORBIDDEN', clientId: client?.id, topic: packet.topic }, 'publish refused');
        done(Object.assign(new Error('not authorized'), { returnCode: NOT_AUTHORIZED }));
      },
      authorizeSubscribe: (client, sub, done) => {
        const who = this.identities.get(client);
        if (who && canSubscribe(who, sub.topic)) return done(null, sub);
        this.logger.warn({ code: 'GATEWAY_TOPIC_FORBIDDEN', clientId: client.id, topic: sub.topic }, 'subscribe refused');
        done(null, null); // SUBACK 0x80 for this filter, connection stays
      },
    });
    // Nagle would hold small PUBACKs and publishes back for tens of ms
    this.server = createServer({ noDelay: true }, this.broker.handle);
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
    this.logger.log({ url: `mqtt://${host}:${port}` }, 'embedded MQTT broker listening');
  }

  async stop(): Promise<void> {
    const server = this.server;
    const broker = this.broker;
    this.server = null;
    this.broker = null;
    if (broker) await new Promise<void>((r) => broker.close(() => r()));
    if (server) await new Promise<void>((r) => server.close(() => r()));
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
