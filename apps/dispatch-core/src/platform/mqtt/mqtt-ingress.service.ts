import {
  buildAllVehiclesFilter,
  MQTT_PAYLOAD_SCHEMAS,
  parseVehicleTopic,
  type VehicleTopicKind,
} from '@feijiu/contracts';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import mqtt, { type IClientOptions, type IPublishPacket, type MqttClient } from 'mqtt';
import type { Socket } from 'node:net';
import { hostname } from 'node:os';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG, RUNTIME_SETTINGS, type RuntimeSettings } from '../config/config.module';
import { MetricsService } from '../metrics/metrics.service';
import { Clock } from '../time/clock';
import { OrderedAcks } from './ordered-acks';
import type { VehicleMessage, VehicleMessageHandler } from './vehicle-message';

const MAX_PAYLOAD_BYTES = 256 * 1024;
const DRAIN_TIMEOUT_MS = 10_000;
// A persistent session on an external broker outlives a core restart by this much (MQTT 5).
const SESSION_EXPIRY_SEC = 24 * 3600;
// mqtt.js sends the PUBACK when `handleMessage` calls back without an error; with this error it
// skips the PUBACK (and goes on reading), and OrderedAcks sends it once the handler is done.
const ACK_DEFERRED = new Error('PUBACK deferred until the message is handled');
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
 * never be stored (it is then logged and acknowledged).
 */
@Injectable()
export class MqttIngressService implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('mqtt');
  private readonly handlers = new Map<VehicleTopicKind, VehicleMessageHandler<VehicleTopicKind>>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly acks = new OrderedAcks((messageId) => this.sendPuback(messageId));
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
    const filters = [...this.handlers.keys()].map((kind) => {
      const filter = buildAllVehiclesFilter(kind);
      return external?.sharedGroup ? `$share/${external.sharedGroup}/${filter}` : filter;
    });
    if (filters.length) await client.subscribeAsync(filters, { qos: 1 });
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
    const handled = this.dispatch(packet.topic, payload).finally(() => {
      this.inFlight.delete(handled);
      release?.();
    });
    this.inFlight.add(handled);
  }

  private sendPuback(messageId: number): void {
    const client = this.client as unknown as PacketSender | null;
    // after a reconnect the old connection's ids were reset (OrderedAcks), so this is the live one
    if (!client?.connected) return;
    // (mqtt-packet corks the socket per tick: a batch's PUBACKs leave in one write)
    client._sendPacket({ cmd: 'puback', messageId });
  }

  private async dispatch(topic: string, payload: Buffer): Promise<void> {
    const receivedAt = this.clock.now();
    const parsedTopic = parseVehicleTopic(topic);
    const handler = parsedTopic && this.handlers.get(parsedTopic.kind);
    if (!parsedTopic || !handler) {
      this.reject('unknown', topic, 'topic not handled');
      return;
    }
    const { vehicleId, kind } = parsedTopic;
    if (payload.length > MAX_PAYLOAD_BYTES) {
      this.reject(kind, topic, `payload of ${payload.length} bytes exceeds ${MAX_PAYLOAD_BYTES}`);
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(payload.toString('utf8'));
    } catch {
      this.reject(kind, topic, 'payload is not JSON');
      return;
    }
    const result = MQTT_PAYLOAD_SCHEMAS[kind].safeParse(json);
    if (!result.success) {
      const fields = result.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
      this.reject(kind, topic, `payload does not match the contract: ${fields.join('; ')}`);
      return;
    }
    const msg: VehicleMessage<VehicleTopicKind> = { vehicleId, kind, payload: result.data, receivedAt };
    try {
      await handler(msg);
      this.metrics.mqttMessages.inc({ kind, result: 'accepted' });
    } catch (err) {
      this.metrics.mqttMessages.inc({ kind, result: 'failed' });
      this.logger.error({ err, topic }, 'handling a gateway message failed');
    }
  }

  private reject(kind: string, topic: string, reason: string): void {
    this.metrics.mqttMessages.inc({ kind, result: 'invalid' });
    this.logger.warn({ code: 'MQTT_PAYLOAD_INVALID', topic, reason }, 'gateway message rejected');
  }
}

// mqtt.js has no public "send this PUBACK later"; _sendPacket is its own packet writer.
interface PacketSender {
  connected: boolean;
  _sendPacket(packet: { cmd: 'puback'; messageId: number }): void;
}
