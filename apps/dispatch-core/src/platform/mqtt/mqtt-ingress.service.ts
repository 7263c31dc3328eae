import {
  buildAllVehiclesFilter,
  MQTT_PAYLOAD_SCHEMAS,
  parseVehicleTopic,
  type VehicleTopicKind,
} from '@feijiu/contracts';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import mqtt, { type MqttClient } from 'mqtt';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG, RUNTIME_SETTINGS, type RuntimeSettings } from '../config/config.module';
import { MetricsService } from '../metrics/metrics.service';
import { Clock } from '../time/clock';
import type { VehicleMessage, VehicleMessageHandler } from './vehicle-message';

const MAX_PAYLOAD_BYTES = 256 * 1024;
/** The core's login on its own embedded broker (password: a per-boot secret). */
export const CORE_MQTT_USERNAME = 'feijiu-core';

/**
 * The core's own MQTT client: subscribes to every vehicle's topics (a shared subscription when
 * several cores run against Mosquitto/EMQX), validates each payload against the contract and
 * hands it to the feature that registered for that topic kind. Bad input is counted and logged,
 * never thrown.
 */
@Injectable()
export class MqttIngressService implements OnApplicationShutdown {
  private readonly logger = new Logger('mqtt');
  private readonly handlers = new Map<VehicleTopicKind, VehicleMessageHandler<VehicleTopicKind>>();
  private client: MqttClient | null = null;

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
    this.client = await mqtt.connectAsync(this.runtime.mqttUrl, {
      clientId: `feijiu-core-${process.pid}-${Math.random().toString(16).slice(2, 8)}`,
      username: external ? external.username : CORE_MQTT_USERNAME,
      password: external ? external.password : this.config.coreMqttSecret,
      protocolVersion: external?.sharedGroup ? 5 : 4, // aedes speaks 3.1.1 only
      clean: true,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
    });
    this.client.on('message', (topic, payload) => void this.dispatch(topic, payload));
    this.client.on('error', (err) => this.logger.warn({ err: err.message }, 'mqtt client error'));
    this.client.on('offline', () => this.logger.warn('mqtt broker unreachable; reconnecting'));
    const filters = [...this.handlers.keys()].map((kind) => {
      const filter = buildAllVehiclesFilter(kind);
      return external?.sharedGroup ? `$share/${external.sharedGroup}/${filter}` : filter;
    });
    if (filters.length) await this.client.subscribeAsync(filters, { qos: 1 });
    this.logger.log({ filters }, 'subscribed to gateway topics');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client?.endAsync();
    this.client = null;
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
