import { buildVehicleTopic, type VehicleTopicKind } from '@feijiu/contracts';
import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { describeBrokerUrl } from '../config';
import { LogThrottle } from '../log-throttle';
import { OUTBOX_TOPICS, type Outbox, type OutboxTopic } from '../outbox/outbox';
import type { OutboxRecord } from '../outbox/record';

// Drains the outbox to the broker: QoS 1, in seq order per topic, a bounded window of
// unacknowledged messages per topic, and the ack cursor advanced only over PUBACKed records.
// While the link is down mqtt.js keeps the in-flight window and resends it on reconnect
// (`clean: false`); nothing new is handed to it until then, so memory stays bounded and the
// backlog waits on disk. Numerics go first when catching up after an outage.

export interface PublisherOptions {
  url: string;
  protocolVersion: 4 | 5;
  clientId: string;
  username: string;
  password: string | null;
  /** mqtts:// / wss://: PEM of the broker's CA and of this gateway's certificate and key */
  tls?: { ca: string | null; cert: string | null; key: string | null } | null;
  vehicleId: string;
  outbox: Outbox;
  logger: Logger;
  /** retained last-will payload; asked again before every (re)connect */
  buildWill: () => Buffer;
  onConnectionChange?: (connected: boolean) => void;
  reconnectPeriodMs?: number;
  connectTimeoutMs?: number;
  maxInflightPerTopic?: number;
}

export interface PublisherStats {
  published: Record<OutboxTopic, number>;
  acked: Record<OutboxTopic, number>;
  /** refused by the broker with an MQTT 5 reason code; skipped so the topic does not wedge */
  rejected: number;
  connects: number;
}

interface InflightEntry {
  seq: number;
  done: boolean;
}

/** Catch-up order: clinical numerics first, then position, then waveforms. */
const DRAIN_ORDER: readonly OutboxTopic[] = ['vitals', 'gps', 'waveform'];
const STOP_TIMEOUT_MS = 2000;
// a v5 session (and its in-flight state) outlives a day-long tunnel outage
const SESSION_EXPIRY_SEC = 24 * 3600;
// MQTT 5 PUBACK reason 0x10: the broker took the message but no subscription matched, so nobody
// will ever get it (e.g. Mosquitto restarted and the core has not subscribed again yet, or the
// core never started). mqtt.js reports it as success; the sample stays unacked and goes again.
const NO_MATCHING_SUBSCRIBERS = 0x10;
const UNROUTED_RETRY_MS = 1000;

export class MqttPublisher {
  private client: MqttClient | null = null;
  private readonly inflight = perTopic<InflightEntry[]>(() => []);
  private readonly nextToSend = perTopic(() => 1);
  private readonly counters: PublisherStats = {
    published: perTopic(() => 0),
    acked: perTopic(() => 0),
    rejected: 0,
    connects: 0,
  };
  private unsubscribeDurable: (() => void) | null = null;
  private stopping = false;
  private lastErrorLogged = '';
  private readonly readErrorThrottle = new LogThrottle(10_000);
  /** messageIds whose PUBACK said "no matching subscribers" (read before the publish callback runs) */
  private readonly unroutedAcks = new Set<number>();
  private unroutedRetries: Array<() => void> = [];
  private readonly unroutedLogThrottle = new LogThrottle(10_000);
  private unroutedTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: PublisherOptions) {}

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  get stats(): PublisherStats {
    return { ...this.counters, published: { ...this.counters.published }, acked: { ...this.counters.acked } };
  }

  start(): void {
    const { options } = this;
    for (const topic of OUTBOX_TOPICS) this.nextToSend[topic] = options.outbox.ackedSeq(topic) + 1;
    const client = connect(options.url, this.clientOptions());
    this.client = client;
    client.on('connect', () => {
      this.counters.connects++;
      this.lastErrorLogged = '';
      options.logger.info({ broker: describeBrokerUrl(options.url), outboxDepth: options.outbox.depth() }, 'MQTT connected');
      options.onConnectionChange?.(true);
      this.retryUnrouted();
      this.pump();
    });
    client.on('packetreceive', (packet) => {
      if (packet.cmd === 'puback' && packet.reasonCode === NO_MATCHING_SUBSCRIBERS && packet.messageId !== undefined) {
        this.unroutedAcks.add(packet.messageId);
      }
    });
    client.on('close', () => {
      if (this.stopping) return;
      options.onConnectionChange?.(false);
    });
    client.on('offline', () => {
      options.logger.warn({ broker: describeBrokerUrl(options.url) }, 'MQTT offline: samples wait in the outbox');
    });
    client.on('reconnect', () => {
      // the will carries the freshest monitor list and depth
      client.options.will = this.will();
    });
    client.on('error', (err) => {
      // mqtt.js reconnects by itself; log each distinct problem once per outage
      if (err.message !== this.lastErrorLogged) {
        this.lastErrorLogged = err.message;
        options.logger.warn({ err: err.message }, 'MQTT connection problem');
      }
    });
    this.unsubscribeDurable = options.outbox.onDurable(() => this.pump());
  }

  /** Publishes a retained QoS 1 message outside the outbox (the `state` topic). */
  async publishRetained(kind: VehicleTopicKind, payload: Buffer): Promise<boolean> {
    const client = this.client;
    if (!client?.connected) return false;
    await client.publishAsync(buildVehicleTopic(this.options.vehicleId, kind), payload, { qos: 1, retain: true });
    return true;
  }

  /** Sends what fits in each topic's window; called on connect, on fsync and on every PUBACK. */
  pump(): void {
    const client = this.client;
    if (!client?.connected || this.stopping) return;
    const max = this.options.maxInflightPerTopic ?? 32;
    for (const topic of DRAIN_ORDER) {
      const room = max - this.inflight[topic].length;
      if (room <= 0) continue;
      let records: OutboxRecord[];
      try {
        records = this.options.outbox.read(topic, this.nextToSend[topic], room);
      } catch (err) {
        // a failing disk: the serial side keeps appending; the next fsync or PUBACK tries again
        this.readErrorThrottle.hit(topic, (suppressed) =>
          this.options.logger.error({ topic, err: (err as Error).message, suppressed }, 'outbox read failed'),
        );
        continue;
      }
      for (const record of records) this.send(client, topic, record);
    }
  }

  /**
   * Clean stop: `beforeEnd` runs while still connected (the offline state), then the session
   * ends. `hard` just drops the connection, as a crash would (the broker then sends the will).
   */
  async stop(options: { hard?: boolean; beforeEnd?: () => Promise<unknown> } = {}): Promise<void> {
    const client = this.client;
    this.unsubscribeDurable?.();
    this.unsubscribeDurable = null;
    if (this.unroutedTimer) clearTimeout(this.unroutedTimer);
    this.unroutedTimer = null;
    if (!client) return;
    if (options.hard) {
      this.stopping = true;
      client.end(true);
      this.client = null;
      return;
    }
    try {
      if (client.connected && options.beforeEnd) await withTimeout(options.beforeEnd(), STOP_TIMEOUT_MS);
    } catch (err) {
      this.options.logger.warn({ err }, 'MQTT: could not publish before disconnecting');
    }
    this.stopping = true;
    try {
      await withTimeout(client.endAsync(), STOP_TIMEOUT_MS);
    } catch {
      client.end(true);
    }
    this.client = null;
  }

  private send(client: MqttClient, topic: OutboxTopic, record: OutboxRecord): void {
    const entry: InflightEntry = { seq: record.seq, done: false };
    this.inflight[topic].push(entry);
    this.nextToSend[topic] = record.seq + 1;
    this.counters.published[topic]++;
    this.publishEntry(client, topic, record, entry);
  }

  private publishEntry(client: MqttClient, topic: OutboxTopic, record: OutboxRecord, entry: InflightEntry): void {
    client.publish(buildVehicleTopic(this.options.vehicleId, topic), record.payload, { qos: 1 }, (err, packet) => {
      if (this.stopping) return;
      const messageId = (packet as { messageId?: number } | undefined)?.messageId;
      if (!err && messageId !== undefined && this.unroutedAcks.delete(messageId)) {
        // not delivered to anyone: keep it (in order, the cursor waits) and publish it again
        this.unroutedLogThrottle.hit(topic, (suppressed) =>
          this.options.logger.warn({ topic, seq: record.seq, suppressed }, 'no subscriber at the broker yet; samples kept and sent again'),
        );
        this.unroutedRetries.push(() => this.client && this.publishEntry(this.client, topic, record, entry));
        this.unroutedTimer ??= setTimeout(() => this.retryUnrouted(), UNROUTED_RETRY_MS);
        return;
      }
      if (err) {
        // a PUBACK with an MQTT 5 error reason (e.g. not authorised): resending cannot help
        this.counters.rejected++;
        this.options.logger.error({ topic, seq: record.seq, err: err.message }, 'broker refused a sample; skipped');
      } else {
        this.counters.acked[topic]++;
      }
      entry.done = true;
      this.advanceCursor(topic);
      this.pump();
    });
  }

  /** Publishes again what the broker could not route; on reconnect mqtt.js no longer holds them. */
  private retryUnrouted(): void {
    if (this.unroutedTimer) clearTimeout(this.unroutedTimer);
    this.unroutedTimer = null;
    if (!this.client?.connected || this.stopping) return;
    const retries = this.unroutedRetries;
    this.unroutedRetries = [];
    for (const retry of retries) retry();
  }

  private advanceCursor(topic: OutboxTopic): void {
    const queue = this.inflight[topic];
    let last: number | null = null;
    while (queue[0]?.done) last = queue.shift()!.seq;
    if (last !== null) this.options.outbox.ack(topic, last);
  }

  private clientOptions(): IClientOptions {
    const { options } = this;
    return {
      clientId: options.clientId,
      username: options.username,
      ...(options.password !== null && { password: options.password }),
      ...(options.tls && {
        ...(options.tls.ca !== null && { ca: options.tls.ca }),
        ...(options.tls.cert !== null && { cert: options.tls.cert }),
        ...(options.tls.key !== null && { key: options.tls.key }),
        // a broker whose certificate the CA did not sign (or for another host) is refused
        rejectUnauthorized: true,
      }),
      protocolVersion: options.protocolVersion,
      clean: false,
      ...(options.protocolVersion === 5 && { properties: { sessionExpiryInterval: SESSION_EXPIRY_SEC } }),
      reconnectPeriod: options.reconnectPeriodMs ?? 1000,
      // mqtt.js gives up for good after a refused CONNACK (bad password, "server unavailable"
      // while the core's auth is down); a vehicle has nobody to restart it, so keep trying
      reconnectOnConnackError: true,
      connectTimeout: options.connectTimeoutMs ?? 10_000,
      keepalive: 30,
      queueQoSZero: false,
      will: this.will(),
    };
  }

  private will(): NonNullable<IClientOptions['will']> {
    return {
      topic: buildVehicleTopic(this.options.vehicleId, 'state'),
      payload: this.options.buildWill(),
      qos: 1,
      retain: true,
    };
  }
}

function perTopic<T>(make: () => T): Record<OutboxTopic, T> {
  return { vitals: make(), gps: make(), waveform: make() };
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
