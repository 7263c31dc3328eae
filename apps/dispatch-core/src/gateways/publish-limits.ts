import { Duplex } from 'node:stream';
import type { Socket } from 'node:net';

// Size and rate limits for the embedded broker, applied to each TCP connection before aedes
// sees a byte (aedes 1.2 has neither: it buffers a packet of any declared size, up to 256 MB,
// and its only way to refuse a publish, an authorizePublish error, closes the connection).
//
// - A PUBLISH whose payload is over `maxPayloadBytes` is never buffered: its bytes are skipped
//   as they arrive and, at QoS 1, acknowledged (PUBACK) so the gateway's outbox moves past it
//   instead of resending it after every reconnect (Mosquitto's message_size_limit does the same;
//   the core would refuse such a payload anyway). That PUBACK may overtake those of earlier
//   messages still being stored; clients match PUBACKs by packet id (mqtt.js, the bridge).
//   QoS 2 has no such way out: the connection closes.
// - Any other packet over the payload limit plus a maximal topic closes the connection.
// - Each connection (not each vehicle: an unauthenticated client could otherwise drain a
//   vehicle's bucket) has a token bucket of `burst` publishes refilled at `ratePerSec`. A QoS 1/2
//   publish over the rate is held: nothing more is read from that socket until a token is free,
//   so TCP back-pressure slows that one gateway, whose outbox keeps every unacknowledged sample
//   (nothing lost, no reconnect storm). A QoS 0 publish over the rate is dropped. Other
//   connections are never delayed: each has its own bucket and aedes reads each socket apart.

export interface PublishLimits {
  /** Largest PUBLISH payload passed to the broker. */
  readonly maxPayloadBytes: number;
  /** Sustained publishes per second per connection; 0 turns the rate limit off. */
  readonly ratePerSec: number;
  /** Publishes a connection may send at once above the sustained rate. */
  readonly burst: number;
}

export type PublishLimitEvent =
  | { reason: 'oversize'; action: 'dropped' | 'disconnected'; topic: string; payloadBytes: number; qos: number }
  | { reason: 'rate'; action: 'held' | 'dropped'; topic: string; qos: number }
  | { reason: 'oversize_packet'; action: 'disconnected'; packetType: number; bytes: number };

export interface GuardOptions {
  limits: PublishLimits;
  /** Called for every publish held, dropped or refused; `conn` is the stream handed to aedes. */
  onLimit: (event: PublishLimitEvent, conn: GuardedConnection) => void;
  /** Monotonic milliseconds (tests pass a fake clock). */
  nowMs?: () => number;
}

const PUBLISH = 3;
const MAX_TOPIC_BYTES = 65_535;
// aedes speaks MQTT 3.1.1: PUBLISH = topic length (2) + topic + packet id (2, QoS > 0) + payload
const TOPIC_LENGTH_BYTES = 2;
const PACKET_ID_BYTES = 2;

type State =
  | { kind: 'header' }
  | { kind: 'publishHead'; header: Buffer; qos: number; remaining: number }
  | { kind: 'pass'; left: number }
  | { kind: 'skip'; left: number; ackId: number | null };

/** A token bucket: `burst` tokens, refilled continuously at `ratePerSec`. */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly ratePerSec: number,
    private readonly burst: number,
    private readonly nowMs: () => number,
  ) {
    this.tokens = burst;
    this.refilledAt = nowMs();
  }

  /** Takes a token if one is free. */
  tryTake(): boolean {
    if (this.ratePerSec <= 0) return true;
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until a token is free (0 when one is). */
  msUntilToken(): number {
    if (this.ratePerSec <= 0) return 0;
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.ratePerSec) * 1000);
  }

  private refill(): void {
    const now = this.nowMs();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.ratePerSec);
    this.refilledAt = now;
  }
}

/**
 * The stream aedes reads from and writes to in place of the socket: bytes from the gateway pass
 * through packet by packet, minus what the limits drop, paced by the token bucket.
 */
export class GuardedConnection extends Duplex {
  /** aedes sets this to its client object (`conn.client = this` in aedes' Client). */
  client?: unknown;
  private input: Buffer = Buffer.alloc(0);
  private state: State = { kind: 'header' };
  private readonly bucket: TokenBucket;
  private holdTimer: NodeJS.Timeout | null = null;
  /** the publish at the head of the input was already reported as held */
  private heldReported = false;
  private readPaused = false;
  private socketEnded = false;

  constructor(
    private readonly socket: Socket,
    private readonly options: GuardOptions,
  ) {
    super({ allowHalfOpen: false });
    const nowMs = options.nowMs ?? (() => performance.now());
    this.bucket = new TokenBucket(options.limits.ratePerSec, options.limits.burst, nowMs);
    socket.on('data', (chunk: Buffer) => {
      this.input = this.input.length ? Buffer.concat([this.input, chunk]) : chunk;
      this.process();
    });
    socket.on('end', () => {
      this.socketEnded = true;
      this.process();
    });
    socket.on('error', (err) => this.destroy(err));
    socket.on('close', () => this.destroy());
  }

  override _read(): void {
    this.readPaused = false;
    this.resumeSocket();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (err?: Error | null) => void): void {
    if (this.socket.write(chunk)) callback();
    else this.socket.once('drain', () => callback());
  }

  override _final(callback: (err?: Error | null) => void): void {
    this.socket.end();
    callback();
  }

  override _destroy(err: Error | null, callback: (err?: Error | null) => void): void {
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.holdTimer = null;
    this.socket.destroy();
    callback(err);
  }

  /** Consumes buffered input until it runs out, a publish must wait for a token, or the stream closed. */
  private process(): void {
    while (!this.destroyed && !this.holdTimer && this.input.length > 0) {
      if (!this.step()) break;
    }
    if (this.destroyed || this.holdTimer) return;
    if (this.socketEnded && this.input.length === 0) {
      this.push(null);
      return;
    }
    this.resumeSocket();
  }

  /** One step of the packet state machine; false when more input is needed. */
  private step(): boolean {
    const s = this.state;
    switch (s.kind) {
      case 'header':
        return this.readHeader();
      case 'publishHead':
        return this.readPublishHead(s);
      case 'pass': {
        const n = Math.min(s.left, this.input.length);
        this.forward(this.consume(n));
        s.left -= n;
        if (s.left === 0) this.state = { kind: 'header' };
        return true;
      }
      case 'skip': {
        const n = Math.min(s.left, this.input.length);
        this.consume(n);
        s.left -= n;
        if (s.left === 0) {
          if (s.ackId !== null) this.acknowledge(s.ackId);
          this.state = { kind: 'header' };
        }
        return true;
      }
    }
  }

  private readHeader(): boolean {
    const length = readRemainingLength(this.input);
    if (length === 'incomplete') return false;
    if (length === 'malformed') {
      // aedes would refuse it too; without a length the stream cannot be followed
      this.destroy();
      return false;
    }
    const type = this.input[0]! >> 4;
    const header = this.consume(1 + length.bytes);
    if (type === PUBLISH) {
      this.state = { kind: 'publishHead', header, qos: (header[0]! >> 1) & 3, remaining: length.value };
      return true;
    }
    if (length.value > this.options.limits.maxPayloadBytes + MAX_TOPIC_BYTES) {
      this.options.onLimit({ reason: 'oversize_packet', action: 'disconnected', packetType: type, bytes: length.value }, this);
      this.destroy();
      return false;
    }
    this.forward(header);
    this.state = length.value > 0 ? { kind: 'pass', left: length.value } : { kind: 'header' };
    return true;
  }

  private readPublishHead(s: Extract<State, { kind: 'publishHead' }>): boolean {
    if (this.input.length < TOPIC_LENGTH_BYTES) return false;
    const topicBytes = this.input.readUInt16BE(0);
    const headBytes = TOPIC_LENGTH_BYTES + topicBytes + (s.qos > 0 ? PACKET_ID_BYTES : 0);
    if (headBytes > s.remaining) {
      // malformed: let aedes' parser refuse it and close the connection
      this.forward(s.header);
      this.state = { kind: 'pass', left: s.remaining };
      return true;
    }
    if (this.input.length < headBytes) return false;
    const head = this.input.subarray(0, headBytes);
    const topic = head.toString('utf8', TOPIC_LENGTH_BYTES, TOPIC_LENGTH_BYTES + topicBytes);
    const payloadBytes = s.remaining - headBytes;
    const packetId = s.qos > 0 ? head.readUInt16BE(TOPIC_LENGTH_BYTES + topicBytes) : null;

    if (payloadBytes > this.options.limits.maxPayloadBytes) {
      if (s.qos === 2) {
        this.options.onLimit({ reason: 'oversize', action: 'disconnected', topic, payloadBytes, qos: s.qos }, this);
        this.destroy();
        return false;
      }
      this.options.onLimit({ reason: 'oversize', action: 'dropped', topic, payloadBytes, qos: s.qos }, this);
      this.consume(headBytes);
      this.state = { kind: 'skip', left: payloadBytes, ackId: packetId };
      return true;
    }

    if (!this.bucket.tryTake()) {
      if (s.qos === 0) {
        this.options.onLimit({ reason: 'rate', action: 'dropped', topic, qos: 0 }, this);
        this.consume(headBytes);
        this.state = payloadBytes > 0 ? { kind: 'skip', left: payloadBytes, ackId: null } : { kind: 'header' };
        return true;
      }
      this.hold(topic, s.qos);
      return false;
    }
    this.heldReported = false;
    this.forward(s.header);
    this.forward(this.consume(headBytes));
    this.state = payloadBytes > 0 ? { kind: 'pass', left: payloadBytes } : { kind: 'header' };
    return true;
  }

  /** Stops reading this socket until the bucket has a token for the publish at the head. */
  private hold(topic: string, qos: number): void {
    if (!this.heldReported) {
      this.heldReported = true;
      this.options.onLimit({ reason: 'rate', action: 'held', topic, qos }, this);
    }
    this.socket.pause();
    this.holdTimer = setTimeout(() => {
      this.holdTimer = null;
      this.process();
    }, Math.max(1, this.bucket.msUntilToken()));
  }

  private acknowledge(packetId: number): void {
    // through our own writable side, so it never lands inside a packet aedes is writing
    if (this.writableEnded || this.destroyed) return;
    this.write(Buffer.from([0x40, 0x02, packetId >> 8, packetId & 0xff]));
  }

  private forward(bytes: Buffer): void {
    if (bytes.length === 0) return;
    if (!this.push(bytes)) {
      this.readPaused = true;
      this.socket.pause();
    }
  }

  private resumeSocket(): void {
    if (!this.readPaused && !this.holdTimer && !this.destroyed && !this.socketEnded) this.socket.resume();
  }

  private consume(n: number): Buffer {
    const head = this.input.subarray(0, n);
    this.input = this.input.subarray(n);
    return head;
  }
}

/** MQTT "remaining length": 1–4 bytes of 7 bits after the first byte. */
function readRemainingLength(buf: Buffer): { value: number; bytes: number } | 'incomplete' | 'malformed' {
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    if (buf.length <= i) return 'incomplete';
    const byte = buf[i]!;
    value += (byte & 0x7f) * 128 ** (i - 1);
    if ((byte & 0x80) === 0) return { value, bytes: i };
  }
  return 'malformed';
}

/** What the broker records about a limited publish. */
export interface PublishLimitReporting {
  count(labels: { reason: PublishLimitEvent['reason']; action: PublishLimitEvent['action'] }): void;
  warn(details: Record<string, unknown>, message: string): void;
}

const WARN_EVERY_MS = 10_000;

/**
 * The connection handler for the broker's TCP server: wraps each socket in a GuardedConnection,
 * counts every limited publish and warns about a connection at most every 10 s (a flood must
 * not flood the log too). `createServer(limitPublishes(limits, reporting, s => broker.handle(s)))`.
 */
export function limitPublishes(
  limits: PublishLimits,
  reporting: PublishLimitReporting,
  handle: (conn: GuardedConnection) => void,
  nowMs: () => number = () => performance.now(),
): (socket: Socket) => void {
  const warned = new WeakMap<GuardedConnection, { atMs: number; suppressed: number }>();
  const onLimit = (event: PublishLimitEvent, conn: GuardedConnection) => {
    reporting.count({ reason: event.reason, action: event.action });
    const last = warned.get(conn);
    const now = nowMs();
    if (last && now - last.atMs < WARN_EVERY_MS && event.action !== 'disconnected') {
      last.suppressed++;
      return;
    }
    warned.set(conn, { atMs: now, suppressed: 0 });
    const clientId = (conn.client as { id?: unknown } | undefined)?.id;
    reporting.warn(
      { code: event.reason === 'rate' ? 'RATE_LIMITED' : 'PAYLOAD_TOO_LARGE', clientId, ...event, ...(last?.suppressed && { suppressed: last.suppressed }), limits },
      `gateway publish ${event.action}: ${event.reason === 'rate' ? 'over the publish rate' : 'over the size limit'}`,
    );
  };
  return (socket) => handle(new GuardedConnection(socket, { limits, onLimit, nowMs }));
}
