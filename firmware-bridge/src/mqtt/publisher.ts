import { buildVehicleTopic, type VehicleTopicKind } from '@feijiu/contracts';
import { connect, ErrorWithReasonCode, type IClientOptions, type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { describeBrokerUrl } from '../config';
import { LogThrottle } from '../log-throttle';
import { OUTBOX_TOPICS, type Outbox, type OutboxTopic } from '../outbox/outbox';
import type { OutboxRecord } from '../outbox/record';

// Drains the outbox to the broker: QoS 1, in seq order per topic, a bounded window of
// unacknowledged messages per topic, and the ack cursor advanced only over PUBACKed records.
// A record the broker did not take (an error reason that may clear up, or no subscriber yet)
// holds its topic: nothing newer is published there until it is delivered, and the held records
// are sent again one at a time, oldest first, so that none overtakes another. Other topics carry on.
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
  /** a record went to the dead-letter file (the retained state shows the count) */
  onDeadLetter?: () => void;
  reconnectPeriodMs?: number;
  connectTimeoutMs?: number;
  maxInflightPerTopic?: number;
  /** first wait before records the broker refused are sent again; doubles per topic up to refusedRetryMaxMs */
  refusedRetryInitialMs?: number;
  refusedRetryMaxMs?: number;
  /** tests: an MQTT client other than mqtt.js's own connect() (a stub answering chosen PUBACK reason codes) */
  connectClient?: (url: string, options: IClientOptions) => MqttClient;
}

export interface PublisherStats {
  published: Record<OutboxTopic, number>;
  acked: Record<OutboxTopic, number>;
  /** PUBACKs with an MQTT 5 error reason the broker may get over (not authorised, quota exceeded, …): kept and sent again */
  refused: number;
  /** refused for good (0x95 packet too large, 0x99 payload format invalid): moved to the outbox's dead-letter files */
  deadLettered: number;
  connects: number;
}

type HoldReason = 'refused' | 'unrouted';

/** A topic's records the broker did not take, sent again one at a time; the topic publishes nothing newer meanwhile. */
interface HeldTopic {
  /** oldest first */
  waiting: Array<{ record: OutboxRecord; entry: InflightEntry }>;
  /** the held record sent again and not answered yet */
  probe: InflightEntry | null;
  timer: NodeJS.Timeout | null;
  /** why the timer runs: a refusal backs off (delayMs), an unrouted record is tried every UNROUTED_RETRY_MS and at connect */
  reason: HoldReason;
  /** wait after a refusal; doubles per retry up to refusedRetryMaxMs, back to the initial after the topic's next success */
  delayMs: number;
}

interface InflightEntry {
  seq: number;
  done: boolean;
}

/** Catch-up order: monitor alarms and clinical numerics first, then position, then waveforms. */
const DRAIN_ORDER: readonly OutboxTopic[] = ['alarm', 'vitals', 'gps', 'waveform'];
const STOP_TIMEOUT_MS = 2000;
// a v5 session (and its in-flight state) outlives a day-long tunnel outage
const SESSION_EXPIRY_SEC = 24 * 3600;
// MQTT 5 PUBACK reason 0x10: the broker took the message but no subscription matched, so nobody
// will ever get it (e.g. Mosquitto restarted and the core has not subscribed again yet, or the
// core never started). mqtt.js reports it as success; the sample stays unacked and goes again.
const NO_MATCHING_SUBSCRIBERS = 0x10;
const UNROUTED_RETRY_MS = 1000;
// Any other MQTT 5 error reason (0x80 unspecified, 0x83 implementation specific, 0x87 not
// authorised, 0x90 topic name invalid, 0x97 quota exceeded, …) may clear up (an ACL fixed, a
// quota reset, a broker plugin back): the record is kept and sent again with a growing wait.
// Only these can never succeed, whatever is fixed on the broker: the record goes to the outbox's
// dead-letter file (kept, counted, logged) so that the topic behind it moves on.
const PACKET_TOO_LARGE = 0x95;
const PERMANENT_REFUSALS: ReadonlyMap<number, string> = new Map([
  [PACKET_TOO_LARGE, 'packet too large'],
  [0x99, 'payload format invalid'],
]);
const REFUSED_RETRY_INITIAL_MS = 1000;
const REFUSED_RETRY_MAX_MS = 60_000;

export class MqttPublisher {
  private client: MqttClient | null = null;
  private readonly inflight = perTopic<InflightEntry[]>(() => []);
  private readonly nextToSend = perTopic(() => 1);
  private readonly counters: PublisherStats = {
    published: perTopic(() => 0),
    acked: perTopic(() => 0),
    refused: 0,
    deadLettered: 0,
    connects: 0,
  };
  private readonly held: Record<OutboxTopic, HeldTopic>;
  private readonly refusedLogThrottle = new LogThrottle(10_000);
  /** the broker's Maximum Packet Size from its MQTT 5 CONNACK, if it gave one */
  private serverMaxPacketBytes: number | null = null;
  private unsubscribeDurable: (() => void) | null = null;
  private stopping = false;
  private lastErrorLogged = '';
  private readonly readErrorThrottle = new LogThrottle(10_000);
  /** messageIds whose PUBACK said "no matching subscribers" (read before the publish callback runs) */
  private readonly unroutedAcks = new Set<number>();
  private readonly unroutedLogThrottle = new LogThrottle(10_000);

  constructor(private readonly options: PublisherOptions) {
    this.held = perTopic(() => ({ waiting: [], probe: null, timer: null, reason: 'refused', delayMs: this.refusedRetryInitialMs }));
  }

  private get refusedRetryInitialMs(): number {
    return this.options.refusedRetryInitialMs ?? REFUSED_RETRY_INITIAL_MS;
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  get stats(): PublisherStats {
    return { ...this.counters, published: { ...this.counters.published }, acked: { ...this.counters.acked } };
  }

  start(): void {
    const { options } = this;
    for (const topic of OUTBOX_TOPICS) this.nextToSend[topic] = options.outbox.ackedSeq(topic) + 1;
    const client = (options.connectClient ?? connect)(options.url, this.clientOptions());
    this.client = client;
    client.on('connect', (connack: { properties?: { maximumPacketSize?: number } } | undefined) => {
      this.counters.connects++;
      this.serverMaxPacketBytes = connack?.properties?.maximumPacketSize ?? null;
      this.lastErrorLogged = '';
      options.logger.info({ broker: describeBrokerUrl(options.url), outboxDepth: options.outbox.depth() }, 'MQTT connected');
      options.onConnectionChange?.(true);
      // unrouted records go again now (the subscriber may be back), refusals whose wait ran out
      // while the link was down too (mqtt.js no longer holds either)
      for (const topic of OUTBOX_TOPICS) {
        const held = this.held[topic];
        if (held.timer === null || held.reason === 'unrouted') this.retryHeld(topic);
      }
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
        if (/^Invalid puback reason code/.test(err.message)) {
          // Mosquitto's message_size_limit answers PUBACK 0x95, which MQTT 5 does not allow in a
          // PUBACK: mqtt.js drops that PUBACK, so the record stays in flight (kept, resent on reconnect)
          options.logger.error(
            { code: 'MQTT_PUBACK_UNREADABLE', err: err.message },
            'broker sent a PUBACK reason MQTT 5 does not allow (Mosquitto message_size_limit sends 0x95): that sample stays unacknowledged and holds its topic back; use max_packet_size instead, or a limit above the largest sample',
          );
        } else {
          options.logger.warn({ err: err.message }, 'MQTT connection problem');
        }
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
      // a held topic publishes nothing newer: it would overtake the held record
      if (this.isHeld(topic)) continue;
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
    for (const topic of OUTBOX_TOPICS) {
      if (this.held[topic].timer) clearTimeout(this.held[topic].timer);
      this.held[topic].timer = null;
    }
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
    const topicName = buildVehicleTopic(this.options.vehicleId, topic);
    if (this.serverMaxPacketBytes !== null && publishPacketBytes(topicName, record.payload) > this.serverMaxPacketBytes) {
      // MQTT 5 §3.1.2.11.4: never send a packet over the broker's Maximum Packet Size (it would
      // drop the connection, and the record would come back first after every reconnect).
      // Asynchronous, like a PUBACK: completing here would re-enter pump() in the middle of a batch.
      queueMicrotask(() => {
        if (this.stopping) return;
        const err = new ErrorWithReasonCode(`Publish error: packet over the broker's Maximum Packet Size ${this.serverMaxPacketBytes}`, PACKET_TOO_LARGE);
        this.onRefused(topic, record, entry, err);
      });
      return;
    }
    client.publish(topicName, record.payload, { qos: 1 }, (err, packet) => {
      if (this.stopping) return;
      const messageId = (packet as { messageId?: number } | undefined)?.messageId;
      if (!err && messageId !== undefined && this.unroutedAcks.delete(messageId)) {
        // not delivered to anyone: keep it (in order, the cursor waits) and publish it again
        this.unroutedLogThrottle.hit(topic, (suppressed) =>
          this.options.logger.warn({ topic, seq: record.seq, suppressed }, 'no subscriber at the broker yet; samples kept and sent again'),
        );
        this.hold(topic, record, entry, 'unrouted');
        return;
      }
      if (err) {
        this.onRefused(topic, record, entry, err);
        return;
      }
      this.counters.acked[topic]++;
      // the broker takes this topic again: a later refusal starts with the short wait
      this.held[topic].delayMs = this.refusedRetryInitialMs;
      this.complete(topic, entry);
    });
  }

  /** The record is delivered (or dead-lettered): the cursor moves, the next held record goes, then the rest. */
  private complete(topic: OutboxTopic, entry: InflightEntry): void {
    entry.done = true;
    this.advanceCursor(topic);
    const held = this.held[topic];
    if (held.probe === entry) {
      held.probe = null;
      this.sendNextHeld(topic);
    }
    this.pump();
  }

  private isHeld(topic: OutboxTopic): boolean {
    const held = this.held[topic];
    return held.probe !== null || held.waiting.length > 0;
  }

  /** Keeps a record the broker did not take, in seq order, and holds its topic until it is delivered. */
  private hold(topic: OutboxTopic, record: OutboxRecord, entry: InflightEntry, reason: HoldReason): void {
    const held = this.held[topic];
    if (held.probe === entry) held.probe = null;
    const at = held.waiting.findIndex((w) => w.record.seq > record.seq);
    held.waiting.splice(at < 0 ? held.waiting.length : at, 0, { record, entry });
    // a probe still out continues the chain when it is answered
    if (held.probe !== null || held.timer !== null) return;
    held.reason = reason;
    held.timer = setTimeout(() => this.retryHeld(topic), reason === 'unrouted' ? UNROUTED_RETRY_MS : held.delayMs);
  }

  /** Sends a held topic's oldest record again; after a refusal each wait is twice the last, up to refusedRetryMaxMs. */
  private retryHeld(topic: OutboxTopic): void {
    const held = this.held[topic];
    if (held.timer) clearTimeout(held.timer);
    held.timer = null;
    if (!this.client?.connected || this.stopping || held.probe !== null || held.waiting.length === 0) return;
    if (held.reason === 'refused') held.delayMs = Math.min(held.delayMs * 2, this.options.refusedRetryMaxMs ?? REFUSED_RETRY_MAX_MS);
    this.sendNextHeld(topic);
  }

  private sendNextHeld(topic: OutboxTopic): void {
    const held = this.held[topic];
    const client = this.client;
    if (!client?.connected || this.stopping) return;
    const next = held.waiting.shift();
    if (!next) return;
    held.probe = next.entry;
    this.publishEntry(client, topic, next.record, next.entry);
  }

  /** A PUBACK with an MQTT 5 error reason (or a publish mqtt.js failed): never a reason to drop the record. */
  private onRefused(topic: OutboxTopic, record: OutboxRecord, entry: InflightEntry, err: Error): void {
    const reasonCode = reasonCodeOf(err);
    const permanent = reasonCode === null ? undefined : PERMANENT_REFUSALS.get(reasonCode);
    if (reasonCode !== null && permanent !== undefined && this.moveToDeadLetter(topic, record, reasonCode, permanent)) {
      this.complete(topic, entry);
      return;
    }
    this.counters.refused++;
    const held = this.held[topic];
    this.refusedLogThrottle.hit(`${topic}:${reasonCode}`, (suppressed) =>
      this.options.logger.error(
        { code: 'MQTT_PUBLISH_REFUSED', topic, seq: record.seq, reasonCode: formatReason(reasonCode), err: err.message, retryInMs: held.delayMs, suppressed },
        'broker refused a sample; kept in the outbox and sent again, nothing newer on its topic meanwhile',
      ),
    );
    this.hold(topic, record, entry, 'refused');
  }

  /** True when the record is out of the way: written to the dead-letter file, or (waveform past its share) dropped. */
  private moveToDeadLetter(topic: OutboxTopic, record: OutboxRecord, reasonCode: number, reason: string): boolean {
    const { outbox, logger } = this.options;
    let outcome: 'kept' | 'dropped';
    try {
      outcome = outbox.deadLetter(topic, record, { code: reasonCode, text: reason });
    } catch (e) {
      logger.error({ topic, seq: record.seq, err: (e as Error).message }, 'dead-letter file not writable; the refused sample stays in the outbox');
      return false;
    }
    const fields = { topic, seq: record.seq, reasonCode: formatReason(reasonCode), reason, deadLetters: outbox.stats.deadLetters };
    if (outcome === 'kept') {
      this.counters.deadLettered++;
      this.options.onDeadLetter?.();
      logger.error({ code: 'OUTBOX_DEAD_LETTER', ...fields }, `broker refused a sample for good (${reason}); moved to the outbox's dead-letter file`);
    } else {
      logger.error({ code: 'OUTBOX_WAVEFORMS_THINNED', ...fields }, `broker refused a waveform chunk for good (${reason}); dead-letter share of the size bound full, dropped`);
    }
    return true;
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

/** Bytes of an MQTT 5 QoS 1 PUBLISH without properties: fixed header, topic, packet id, property length, payload. */
function publishPacketBytes(topic: string, payload: Buffer): number {
  const remaining = 2 + Buffer.byteLength(topic) + 2 + 1 + payload.length;
  const lengthBytes = remaining < 128 ? 1 : remaining < 16_384 ? 2 : remaining < 2_097_152 ? 3 : 4;
  return 1 + lengthBytes + remaining;
}

/** The MQTT 5 reason code mqtt.js puts on a refused publish (ErrorWithReasonCode.code), else null. */
function reasonCodeOf(err: Error): number | null {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'number' ? code : null;
}

const formatReason = (code: number | null): string | null => (code === null ? null : `0x${code.toString(16).padStart(2, '0')}`);

function perTopic<T>(make: () => T): Record<OutboxTopic, T> {
  return { vitals: make(), gps: make(), waveform: make(), alarm: make() };
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
