import {
  type AlarmMessage,
  buildVehicleTopic,
  type GatewayStateMessage,
  GatewayStateMessageSchema,
  type GpsMessage,
  type VitalsMessage,
  type WaveformMessage,
} from '@feijiu/contracts';
import { connect, type MqttClient } from 'mqtt';
import type { Logger } from 'pino';

// One simulated in-vehicle gateway's MQTT session, exactly as a real gateway would hold it:
// logs in as its vehicle, announces itself on the retained `state` topic with a last will,
// publishes QoS 1, and rides out broker outages (mqtt.js reconnects and queues QoS 1
// messages meanwhile).

type GatewayMonitor = GatewayStateMessage['monitors'][number];

export interface GatewayConnectionOptions {
  url: string;
  vehicleId: string;
  password: string;
  logger: Logger;
  now?: () => Date;
  reconnectPeriodMs?: number;
}

// MQTT 3.1.1 CONNACK return codes that mean "your credentials are wrong", not "try later".
const REFUSED_CREDENTIALS = new Set([4, 5]);
const STOP_TIMEOUT_MS = 2000;

export class GatewayConnection {
  private client: MqttClient | null = null;
  private problemLogged = false;
  private everConnected = false;
  private monitors: GatewayMonitor[] = [];

  constructor(private readonly options: GatewayConnectionOptions) {}

  get vehicleId(): string {
    return this.options.vehicleId;
  }

  get isConnected(): boolean {
    return this.client?.connected ?? false;
  }

  start(): void {
    if (this.client) return;
    const { vehicleId, password, url } = this.options;
    const stateTopic = buildVehicleTopic(vehicleId, 'state');
    const client = connect(url, {
      // the embedded broker (aedes) speaks MQTT 3.1.1 only
      protocolVersion: 4,
      clientId: `sim-${vehicleId}`,
      username: vehicleId,
      password,
      clean: true,
      keepalive: 30,
      connectTimeout: 10_000,
      reconnectPeriod: this.options.reconnectPeriodMs ?? 3000,
      // a refused login is retried too: the core may set the gateway's password a moment later
      reconnectOnConnackError: true,
      will: { topic: stateTopic, payload: Buffer.from(this.stateJson(false)), qos: 1, retain: true },
    });
    this.client = client;

    client.on('connect', () => {
      const log = this.options.logger;
      if (this.problemLogged || !this.everConnected) log.debug({ vehicleId }, 'gateway connected');
      if (this.problemLogged) log.info({ vehicleId }, 'gateway reconnected');
      this.problemLogged = false;
      this.everConnected = true;
      client.publish(stateTopic, this.stateJson(true), { qos: 1, retain: true });
    });
    client.on('reconnect', () => {
      // the will is sent at connect time; give it a fresh timestamp for this session
      if (client.options.will) client.options.will.payload = Buffer.from(this.stateJson(false));
    });
    client.on('error', (err: Error & { code?: unknown }) => {
      if (this.problemLogged) return;
      this.problemLogged = true;
      const refused = typeof err.code === 'number' && REFUSED_CREDENTIALS.has(err.code);
      this.options.logger.warn(
        { vehicleId, err: err.message, code: err.code },
        refused ? 'MQTT connection refused: bad username or password' : 'MQTT connection problem; retrying',
      );
    });
    client.on('offline', () => {
      if (this.problemLogged) return;
      this.problemLogged = true;
      this.options.logger.warn({ vehicleId }, 'broker unreachable; queueing and retrying');
    });
  }

  /** Publishes a GPS fix (QoS 1); the caller validates it against the contract first. */
  publishGps(message: GpsMessage): void {
    this.publish('gps', message);
  }

  /** Publishes a vitals message (QoS 1); the caller validates it against the contract first. */
  publishVitals(message: VitalsMessage): void {
    this.publish('vitals', message);
  }

  /** Publishes a waveform chunk (QoS 1); the caller validates it against the contract first. */
  publishWaveform(message: WaveformMessage): void {
    this.publish('waveform', message);
  }

  /** Publishes a monitor alarm's start or end (QoS 1); the caller validates it against the contract first. */
  publishAlarm(message: AlarmMessage): void {
    this.publish('alarm', message);
  }

  /** The monitors plugged into this gateway, announced on the retained `state` topic. */
  setMonitors(monitors: readonly GatewayMonitor[]): void {
    this.monitors = monitors.map((m) => ({ ...m }));
    const client = this.client;
    if (!client) return;
    if (client.options.will) client.options.will.payload = Buffer.from(this.stateJson(false));
    if (client.connected) client.publish(buildVehicleTopic(this.vehicleId, 'state'), this.stateJson(true), { qos: 1, retain: true });
  }

  /** Says goodbye the way a gateway shutting down cleanly does: retained offline state, then close. */
  async stop(): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.client = null;
    if (client.connected) {
      const offline = GatewayStateMessageSchema.parse(this.state(false));
      await withTimeout(
        client.publishAsync(buildVehicleTopic(this.vehicleId, 'state'), JSON.stringify(offline), { qos: 1, retain: true }),
        STOP_TIMEOUT_MS,
      ).catch(() => undefined);
      await withTimeout(client.endAsync(false), STOP_TIMEOUT_MS).catch(() => client.end(true));
    } else {
      client.end(true);
    }
  }

  private publish(kind: 'gps' | 'vitals' | 'waveform' | 'alarm', payload: object): void {
    if (!this.client) return;
    this.client.publish(buildVehicleTopic(this.vehicleId, kind), JSON.stringify(payload), { qos: 1 });
  }

  private state(online: boolean): GatewayStateMessage {
    const now = this.options.now?.() ?? new Date();
    // a gateway going offline takes its monitors with it
    const monitors = this.monitors.map((m) => ({ ...m, connected: online && m.connected }));
    return { ts: now.toISOString(), online, monitors, outboxDepth: 0 };
  }

  private stateJson(online: boolean): string {
    return JSON.stringify(this.state(online));
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}
