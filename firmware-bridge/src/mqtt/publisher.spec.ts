import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorWithReasonCode, type MqttClient, ReasonCodes } from 'mqtt';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Outbox } from '../outbox/outbox';
import { MqttPublisher } from './publisher';

// PUBACK reason codes, one by one. A real broker gives only some of them on demand (Mosquitto:
// 0x87 through its ACL, 0x95 through message_size_limit, 0x10 with no subscriber; see the medium
// test bridge-puback-reasons.test.ts), so this spec answers with a stub client that behaves as
// mqtt.js 5 does on a PUBACK: a 'packetreceive' event, then the publish callback with an
// ErrorWithReasonCode for an error reason (≥ 0x80) and no error for 0x00 and 0x10.

const VEHICLE = 'amb-01';

class StubClient extends EventEmitter {
  connected = false;
  readonly options: Record<string, unknown> = {};
  /** every PUBLISH handed over: topic and seq */
  readonly sent: Array<{ topic: string; seq: number }> = [];
  /** what reached subscribers (PUBACK 0x00), in the order the broker took it: topic kind and seq */
  readonly delivered: string[] = [];
  private nextMessageId = 1;

  /** The reason code the broker answers for this seq on this attempt (1-based) of this topic kind. */
  constructor(private readonly answer: (seq: number, attempt: number, kind: string) => number) {
    super();
  }

  connectNow(connack: { properties?: { maximumPacketSize?: number } } = {}): void {
    this.connected = true;
    this.emit('connect', { cmd: 'connack', ...connack });
  }

  publish(topic: string, payload: Buffer, _opts: unknown, cb: (err: Error | undefined, packet: unknown) => void): this {
    const seq = (JSON.parse(payload.toString('utf8')) as { seq: number }).seq;
    this.sent.push({ topic, seq });
    const attempt = this.sent.filter((s) => s.topic === topic && s.seq === seq).length;
    const messageId = this.nextMessageId++;
    const kind = topic.split('/').at(-1)!;
    const reasonCode = this.answer(seq, attempt, kind);
    if (reasonCode === 0) this.delivered.push(`${kind} ${seq}`);
    queueMicrotask(() => {
      const puback = { cmd: 'puback', messageId, reasonCode };
      this.emit('packetreceive', puback);
      if (reasonCode !== 0 && reasonCode !== 0x10) {
        cb(new ErrorWithReasonCode(`Publish error: ${ReasonCodes[reasonCode as keyof typeof ReasonCodes]}`, reasonCode), puback);
      } else {
        cb(undefined, { cmd: 'publish', messageId });
      }
    });
    return this;
  }

  async publishAsync(): Promise<void> {}

  end(): this {
    this.connected = false;
    return this;
  }

  async endAsync(): Promise<void> {
    this.connected = false;
  }

  attemptsOf(seq: number): number {
    return this.sent.filter((s) => s.seq === seq).length;
  }
}

describe(MqttPublisher.name, () => {
  let dir: string;
  let outbox: Outbox;
  let sut: MqttPublisher | null = null;
  const logged: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logged.push(JSON.parse(line) as Record<string, unknown>) });

  beforeEach(() => {
    vi.useFakeTimers();
    dir = mkdtempSync(join(tmpdir(), 'feijiu-publisher-'));
    outbox = new Outbox({ dir, maxBytes: 64 * 1024 * 1024, fsyncIntervalMs: 0, logger: pino({ level: 'silent' }) });
    outbox.start();
    logged.length = 0;
  });

  afterEach(async () => {
    await sut?.stop({ hard: true });
    sut = null;
    outbox.stop({ hard: true });
    vi.useRealTimers();
    rmSync(dir, { recursive: true, force: true });
  });

  function start(answer: (seq: number, attempt: number, kind: string) => number, connack: { properties?: { maximumPacketSize?: number } } = {}): StubClient {
    const client = new StubClient(answer);
    sut = new MqttPublisher({
      url: 'mqtt://broker.test:1883',
      protocolVersion: 5,
      clientId: `bridge-${VEHICLE}`,
      username: VEHICLE,
      password: null,
      vehicleId: VEHICLE,
      outbox,
      logger,
      buildWill: () => Buffer.from('{}'),
      refusedRetryInitialMs: 20,
      refusedRetryMaxMs: 80,
      connectClient: () => client as unknown as MqttClient,
    });
    sut.start();
    client.connectNow(connack);
    return client;
  }
  const appendVitals = (n: number) => {
    for (let i = 0; i < n; i++) outbox.append('vitals', (seq) => Buffer.from(JSON.stringify({ seq, hr: 70 + seq })));
  };

  it.each([
    ['0x80', 'unspecified error'],
    ['0x83', 'implementation specific error'],
    ['0x87', 'not authorised'],
    ['0x90', 'topic name invalid'],
    ['0x97', 'quota exceeded'],
  ])('should keep a vitals record and send it again when the broker answers %s (%s)', async (hex) => {
    const reasonCode = Number(hex);
    // seq 1 refused twice, then taken; seq 2 taken at once
    const client = start((seq, attempt) => (seq === 1 && attempt <= 2 ? reasonCode : 0));
    appendVitals(2);
    await vi.advanceTimersByTimeAsync(0);

    // refused: still owed, the cursor waits for it even though seq 2 was acknowledged
    expect(outbox.ackedSeq('vitals')).toBe(0);
    expect(outbox.depth()).toBe(2);
    await vi.advanceTimersByTimeAsync(20 + 40);
    expect(client.attemptsOf(1)).toBe(3);
    expect(outbox.ackedSeq('vitals')).toBe(2);
    expect(outbox.depth()).toBe(0);
    expect(sut!.stats).toMatchObject({ refused: 2, deadLettered: 0, acked: { vitals: 2 } });
    expect(outbox.stats.deadLetters).toBe(0);
    expect(logged.find((l) => l.code === 'MQTT_PUBLISH_REFUSED')).toMatchObject({ topic: 'vitals', seq: 1, reasonCode: hex, level: 50 });
  });

  it('should publish nothing newer on a topic while one of its records is refused, and let the other topics carry on', async () => {
    // vitals seq 1 refused once (a quota that clears), everything else taken
    const client = start((seq, attempt, kind) => (kind === 'vitals' && seq === 1 && attempt === 1 ? 0x97 : 0));
    appendVitals(1);
    await vi.advanceTimersByTimeAsync(0);
    appendVitals(2);
    outbox.append('gps', (seq) => Buffer.from(JSON.stringify({ seq, lat: 31.2 })));
    await vi.advanceTimersByTimeAsync(0);

    // the refused record waits; the two after it wait behind it; gps is not held back
    expect(client.sent.filter((s) => s.topic.endsWith('/vitals')).map((s) => s.seq)).toEqual([1]);
    expect(client.delivered).toEqual(['gps 1']);
    await vi.advanceTimersByTimeAsync(20);
    expect(client.delivered).toEqual(['gps 1', 'vitals 1', 'vitals 2', 'vitals 3']);
    expect(outbox.ackedSeq('vitals')).toBe(3);
  });

  it('should send the refused records of a topic again one at a time, oldest first, so that none overtakes another', async () => {
    // seq 1 and 2 are refused together; on the retry seq 1 is refused again while seq 2 would go through
    const client = start((seq, attempt) => ((seq === 1 && attempt <= 2) || (seq === 2 && attempt === 1) ? 0x87 : 0));
    appendVitals(2);
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(20);
    expect(client.attemptsOf(1)).toBe(2);
    expect(client.attemptsOf(2)).toBe(1);
    expect(client.delivered).toEqual([]);
    await vi.advanceTimersByTimeAsync(40);
    expect(client.delivered).toEqual(['vitals 1', 'vitals 2']);
    expect(outbox.depth()).toBe(0);
  });

  it('should hold a topic behind a record nobody subscribed to (0x10) until that one is delivered', async () => {
    const client = start((seq, attempt) => (seq === 1 && attempt === 1 ? 0x10 : 0));
    appendVitals(1);
    await vi.advanceTimersByTimeAsync(0);
    // the core subscribes now: the next record would reach it before the first one
    appendVitals(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(client.attemptsOf(2)).toBe(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(client.delivered).toEqual(['vitals 1', 'vitals 2']);
  });

  it('should wait twice as long after each refusal, up to the maximum, while the broker keeps refusing', async () => {
    const client = start(() => 0x87);
    appendVitals(1);
    const attemptsAt = async (ms: number) => {
      await vi.advanceTimersByTimeAsync(ms);
      return client.attemptsOf(1);
    };
    expect(await attemptsAt(0)).toBe(1);
    expect(await attemptsAt(19)).toBe(1);
    expect(await attemptsAt(1)).toBe(2); // t = 20
    expect(await attemptsAt(39)).toBe(2);
    expect(await attemptsAt(1)).toBe(3); // t = 60 (waited 40)
    expect(await attemptsAt(79)).toBe(3);
    expect(await attemptsAt(1)).toBe(4); // t = 140 (waited 80, the maximum)
    expect(await attemptsAt(80)).toBe(5); // t = 220 (still 80)
    expect(outbox.depth()).toBe(1);
  });

  it.each([
    ['0x95', 'packet too large'],
    ['0x99', 'payload format invalid'],
  ])('should move a record the broker refuses with %s (%s) to the dead-letter file and go on', async (hex, reason) => {
    const reasonCode = Number(hex);
    const client = start((seq) => (seq === 1 ? reasonCode : 0));
    appendVitals(3);
    await vi.advanceTimersByTimeAsync(0);

    // sent once: resending can never work
    expect(client.attemptsOf(1)).toBe(1);
    expect(outbox.ackedSeq('vitals')).toBe(3);
    expect(outbox.depth()).toBe(0);
    expect(sut!.stats).toMatchObject({ refused: 0, deadLettered: 1, acked: { vitals: 2 } });
    expect(outbox.stats.deadLetters).toBe(1);
    const lines = readFileSync(join(dir, 'dead-letter', 'vitals.jsonl'), 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
      { at: expect.any(String), topic: 'vitals', seq: 1, reasonCode, reason, payload: { seq: 1, hr: 71 } },
    ]);
    expect(logged.find((l) => l.code === 'OUTBOX_DEAD_LETTER')).toMatchObject({ topic: 'vitals', seq: 1, deadLetters: 1, level: 50 });

    // the count comes back after a restart, from the file
    outbox.stop();
    outbox = new Outbox({ dir, maxBytes: 64 * 1024 * 1024, fsyncIntervalMs: 0, logger: pino({ level: 'silent' }) });
    outbox.start();
    expect(outbox.stats.deadLetters).toBe(1);
  });

  it("should dead-letter a record over the broker's Maximum Packet Size without sending it, and send the rest", async () => {
    const client = start(() => 0, { properties: { maximumPacketSize: 200 } });
    outbox.append('vitals', (seq) => Buffer.from(JSON.stringify({ seq, hr: 71 })));
    outbox.append('vitals', (seq) => Buffer.from(JSON.stringify({ seq, note: 'x'.repeat(300) })));
    outbox.append('vitals', (seq) => Buffer.from(JSON.stringify({ seq, hr: 73 })));
    await vi.advanceTimersByTimeAsync(0);

    // sending it would only make the broker drop the connection (MQTT 5 §3.1.2.11.4)
    expect(client.sent.map((s) => s.seq)).toEqual([1, 3]);
    expect(outbox.ackedSeq('vitals')).toBe(3);
    expect(outbox.stats.deadLetters).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'dead-letter', 'vitals.jsonl'), 'utf8'))).toMatchObject({ seq: 2, reasonCode: 0x95 });
  });

  it('should keep a record nobody subscribed to (0x10) and send it again after a second', async () => {
    const client = start((_seq, attempt) => (attempt === 1 ? 0x10 : 0));
    appendVitals(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(outbox.depth()).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(client.attemptsOf(1)).toBe(2);
    expect(outbox.depth()).toBe(0);
    expect(sut!.stats).toMatchObject({ refused: 0, deadLettered: 0 });
  });
});
