import {
  buildAllVehiclesFilter,
  MQTT_PAYLOAD_SCHEMAS,
  parseVehicleTopic,
  type VehicleTopicKind,
} from '@feijiu/contracts';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import mqtt, { type IClientOptions, type IPublishPacket, type ISubscriptionMap, type MqttClient } from 'mqtt';
import type { Socket } from 'node:net';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG, RUNTIME_SETTINGS, type RuntimeSettings } from '../config/config.module';
import { isDatabaseUnavailable } from '../database/database-errors';
import { MetricsService } from '../metrics/metrics.service';
import { Clock } from '../time/clock';
import { OrderedAcks } from './ordered-acks';
import type { VehicleMessage, VehicleMessageHandler } from './vehicle-message';

const DRAIN_TIMEOUT_MS = 10_000;
// one warning per topic this often: a gateway sending garbage in a loop must not flood the log
const REJECT_LOG_EVERY_MS = 10_000;
const REJECT_LOG_MAX_KEYS = 10_000;
// A persistent session on an external broker outlives a core restart by this much (MQTT 5).
const SESSION_EXPIRY_SEC = 24 * 3600;
// mqtt.js sends the PUBACK when `handleMessage` calls back without an error; with this error it
// skips the PUBACK (and goes on reading), and OrderedAcks sends it once the handler is done.
const ACK_DEFERRED = new Error('PUBACK deferred until the message is handled');
// A handler that failed because the database is unreachable is run again (the message stays
// unacknowledged meanwhile), backing off up to this.
const MAX_RETRY_DELAY_MS = 5000;
/** The core's login on its own embedded broker (password: a per-boot secret). */
export const CORE_MQTT_USERNAME = 'feijiu-core';

/**
 * The core's own MQTT client: subscribes to every vehicle's topics (a shared subscription when
 * several cores run against Mosquitto/EMQX), validates each payload against the contract and
 * hands it to the feature that registered for that topic kind. Bad input is counted and logged,
 * never thrown.
 *
 * A QoS 1 message is acknowledged (PUBACK) only when its handler's promise has settled, i.e.
 * after the feature stored it; with a persistent session on an external broker (clean: false, a
 * stable client id) a message the core received but had not stored when it died is delivered
 * again after the restart. Handlers must settle: resolve when stored, reject when the message can
 * never be stored (it is then logged and acknowledged). A handler that fails because the database
 * is unreachable is retried until it passes (or the core stops, leaving the message unacknowledged).
 *
 * Embedded mode: the in-process broker hands each gateway message to `acceptFromEmbeddedBroker`
 * before it acknowledges it (aedes PUBACKs a QoS 1 PUBLISH before forwarding it to subscribers,
 * so a subscription would let the gateway drop a message the core had not stored yet).
 */
@Injectable()
export class MqttIngressService implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('mqtt');
  private readonly handlers = new Map<VehicleTopicKind, VehicleMessageHandler<VehicleTopicKind>>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly acks = new OrderedAcks((messageId) => this.sendPuback(messageId));
  private readonly rejectLog = new Map<string, { atMs: number; suppressed: number }>();
  private client: MqttClient | null = null;
  private draining = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RUNTIME_SETTINGS) private readonly runtime: RuntimeSettings,
    private readonly metrics: MetricsService,
    private readonly clock: Clock,
  ) {}

  /** Registers the handler for one topic kind; call before start(). */
  on<K extends VehicleTopicKind>(kind: K, handler: VehicleMessageHandler<K>): void {
    this.handlers.set(kind, handler as unknown as VehicleMessageHandler<VehicleTopicKind>);
  }

  get isConnected(): boolean {
    return this.client?.connected ?? false;
  }

  async start(): Promise<void> {
    const external = this.config.mqtt.mode === 'external' ? this.config.mqtt : null;
    const options: IClientOptions = {
      clientId: external
        ? (this.config.mqttClientId ?? `feijiu-core-${hostname()}-${this.config.http.port}`)
        : `feijiu-core-${process.pid}-${Math.random().toString(16).slice(2, 8)}`,
      username: external ? external.username : CORE_MQTT_USERNAME,
      password: external ? external.password : this.config.coreMqttSecret,
      protocolVersion: external?.sharedGroup ? 5 : 4, // aedes speaks 3.1.1 only
      // the embedded broker lives and dies with this process, so a session there has no use
      clean: !external,
      ...(external?.sharedGroup ? { properties: { sessionExpiryInterval: SESSION_EXPIRY_SEC } } : {}),
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
    };
    // connect() rather than connectAsync(): a persistent session's queued messages arrive right
    // after CONNACK and must meet our handleMessage, not mqtt.js's default (which acks at once).
    const client = mqtt.connect(this.runtime.mqttUrl, options);
    this.client = client;
    client.handleMessage = (packet, done) => this.receive(packet, done);
    client.on('close', () => this.acks.reset());
    // deferred PUBACKs are small writes: without this, Nagle holds them back (the broker's
    // in-flight window then drains late)
    client.on('connect', () => (client.stream as Partial<Socket>).setNoDelay?.(true));
    await new Promise<void>((resolve, reject) => {
      const onConnect = () => {
        client.off('error', onError);
        resolve();
      };
      const onError = (err: Error) => {
        client.off('connect', onConnect);
        client.end(true);
        this.client = null;
        reject(err);
      };
      client.once('connect', onConnect);
      client.once('error', onError);
    });
    client.on('error', (err) => this.logger.warn({ err: err.message }, 'mqtt client error'));
    client.on('offline', () => this.logger.warn('mqtt broker unreachable; reconnecting'));
    // embedded: gateway messages come in-process from the broker (acceptFromEmbeddedBroker), not by subscription
    const filters = external
      ? [...this.handlers.keys()].map((kind) => {
          const filter = buildAllVehiclesFilter(kind);
          return external.sharedGroup ? `$share/${external.sharedGroup}/${filter}` : filter;
        })
      : [];
    if (filters.length) await client.subscribeAsync(filters, { qos: 1 });
    // mqtt.js resubscribes only when the broker lost the session; a broker that kept the session
    // can still have lost its subscriptions (Mosquitto 2.0 does not restore $share subscriptions
    // from its persistence file), so subscribe again after every reconnect (idempotent)
    // (`resubscribe: true`, or mqtt.js skips filters it believes are still subscribed)
    client.on('connect', (connack) => {
      if (!filters.length || !connack.sessionPresent) return;
      const again = Object.assign(Object.fromEntries(filters.map((f) => [f, { qos: 1 as const }])), { resubscribe: true }) as ISubscriptionMap;
      client.subscribeAsync(again).catch((err: unknown) => this.logger.warn({ err: (err as Error).message }, 'resubscribe failed'));
    });
    this.logger.log({ filters, clientId: options.clientId, persistentSession: !options.clean }, 'subscribed to gateway topics');
  }

  /** Stops taking messages and waits (bounded) for the ones being handled, so their PUBACKs go out. */
  async beforeApplicationShutdown(): Promise<void> {
    this.draining = true;
    if (this.inFlight.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), DRAIN_TIMEOUT_MS)));
    const outcome = await Promise.race([Promise.allSettled([...this.inFlight]).then(() => 'drained' as const), timeout]);
    clearTimeout(timer);
    // unacknowledged messages are redelivered by a persistent session after the restart
    if (outcome === 'timeout') this.logger.warn({ unacked: this.acks.pending }, 'stopping with messages not yet handled');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client?.endAsync();
    this.client = null;
  }

  /**
   * Embedded mode: a gateway's PUBLISH, before the broker acknowledges it. Resolves once the
   * message is handled (stored, a resend, or invalid and never storable); rejects when it was not
   * handled (the core is stopping with the database down): the broker then refuses it and the
   * gateway keeps it in its outbox.
   */
  async acceptFromEmbeddedBroker(topic: string, payload: Buffer | string): Promise<void> {
    if (this.draining) throw new Error('the core is stopping; publish again later');
    const handled = this.dispatch(topic, typeof payload === 'string' ? Buffer.from(payload) : payload)
      // as for a subscribed message: an unexpected failure is logged and the message acknowledged
      .catch((err: unknown) => {
        this.logger.error({ err, topic }, 'gateway message could not be handled');
        return 'handled' as const;
      });
    const tracked: Promise<void> = handled.then(() => {
      this.inFlight.delete(tracked);
    });
    this.inFlight.add(tracked);
    if ((await handled) === 'unhandled') throw new Error('message not stored; publish again later');
  }

  private receive(packet: IPublishPacket, done: (err?: Error) => void): void {
    if (this.draining) {
      // not handled, not acknowledged: the broker keeps it for the next session
      if (packet.qos === 1) done(ACK_DEFERRED);
      else done();
      return;
    }
    const release = packet.qos === 1 && packet.messageId !== undefined ? this.acks.track(packet.messageId) : null;
    done(release ? ACK_DEFERRED : undefined);
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    const handled = this.dispatch(packet.topic, payload)
      // unhandled: never acknowledged, the broker redelivers it to the next session
      .then((outcome) => {
        if (outcome === 'handled') release?.();
      })
      // dispatch catches what it expects; anything else must not become an unhandled rejection
      .catch((err: unknown) => {
        this.logger.error({ err, topic: packet.topic }, 'gateway message could not be handled');
        release?.();
      })
      .finally(() => this.inFlight.delete(handled));
    this.inFlight.add(handled);
  }

  private sendPuback(messageId: number): void {
    const client = this.client as unknown as PacketSender | null;
    // after a reconnect the old connection's ids were reset (OrderedAcks), so this is the live one
    if (!client?.connected) return;
    // (mqtt-packet corks the socket per tick: a batch's PUBACKs leave in one write)
    client._sendPacket({ cmd: 'puback', messageId });
  }

  /** 'handled' when done with for good (stored, a resend, or invalid); 'unhandled' when it must come again. */
  private async dispatch(topic: string, payload: Buffer): Promise<'handled' | 'unhandled'> {
    const receivedAt = this.clock.now();
    const parsedTopic = parseVehicleTopic(topic);
    const handler = parsedTopic && this.handlers.get(parsedTopic.kind);
    if (!parsedTopic || !handler) {
      this.reject('unknown', topic, 'topic not handled');
      return 'handled';
    }
    const { vehicleId, kind } = parsedTopic;
    const maxBytes = this.config.mqttLimits.maxPayloadBytes;
    if (payload.length > maxBytes) {
      this.reject(kind, topic, `payload of ${payload.length} bytes exceeds ${maxBytes}`);
      return 'handled';
    }
    let json: unknown;
    try {
      json = JSON.parse(payload.toString('utf8'));
    } catch {
      this.reject(kind, topic, 'payload is not JSON');
      return 'handled';
    }
    const result = MQTT_PAYLOAD_SCHEMAS[kind].safeParse(json);
    if (!result.success) {
      const fields = result.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
      this.reject(kind, topic, `payload does not match the contract: ${fields.join('; ')}`);
      return 'handled';
    }
    const msg: VehicleMessage<VehicleTopicKind> = { vehicleId, kind, payload: result.data, receivedAt };
    for (let attempt = 1; ; attempt++) {
      try {
        await handler(msg);
        this.metrics.mqttMessages.inc({ kind, result: 'accepted' });
        return 'handled';
      } catch (err) {
        if (!isDatabaseUnavailable(err)) {
          this.metrics.mqttMessages.inc({ kind, result: 'failed' });
          this.logger.error({ err, topic }, 'handling a gateway message failed');
          return 'handled';
        }
        if (this.draining) return 'unhandled';
        if (attempt === 1) this.logger.warn({ err: (err as Error).message, topic }, 'database unavailable; retrying (message stays unacknowledged)');
        await sleep(Math.min(MAX_RETRY_DELAY_MS, 100 * 2 ** attempt));
      }
    }
  }

  private reject(kind: string, topic: string, reason: string): void {
    this.metrics.mqttMessages.inc({ kind, result: 'invalid' });
    const key = kind === 'unknown' ? 'unknown' : topic;
    const nowMs = performance.now();
    const last = this.rejectLog.get(key);
    if (last && nowMs - last.atMs < REJECT_LOG_EVERY_MS) {
      last.suppressed++;
      return;
    }
    if (this.rejectLog.size >= REJECT_LOG_MAX_KEYS) this.rejectLog.clear();
    this.rejectLog.set(key, { atMs: nowMs, suppressed: 0 });
    const suppressed = last?.suppressed ? { suppressedSinceLastWarning: last.suppressed } : {};
    this.logger.warn({ code: 'MQTT_PAYLOAD_INVALID', topic: topic.slice(0, 200), reason: reason.slice(0, 500), ...suppressed }, 'gateway message rejected');
  }
}

// mqtt.js has no public "send this PUBACK later"; _sendPacket is its own packet writer.
interface PacketSender {
  connected: boolean;
  _sendPacket(packet: { cmd: 'puback'; messageId: number }): void;
}
