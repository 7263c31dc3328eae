import fc from 'fast-check';
import mqttPacket, { type Packet } from 'mqtt-packet';
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GuardedConnection, limitPublishes, type PublishLimitEvent, type PublishLimits, TokenBucket } from './publish-limits';

const TOPIC = 'feijiu/v1/vehicles/lh-01/vitals';

/** The gateway's end of the TCP connection: what it sends in, what the broker wrote back. */
function fakeSocket() {
  const written: Buffer[] = [];
  const socket = new Duplex({
    read() {},
    write(chunk: Buffer, _enc, cb) {
      written.push(chunk);
      cb();
    },
  });
  return { socket, written, asSocket: socket as unknown as Socket };
}

const publish = (messageId: number, payloadBytes: number, qos: 0 | 1 | 2 = 1): Buffer =>
  mqttPacket.generate({ cmd: 'publish', topic: TOPIC, payload: Buffer.alloc(payloadBytes, 0x61), qos, messageId, dup: false, retain: false });
const connect = (): Buffer =>
  mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clientId: 'gw-lh-01', clean: true, keepalive: 30, username: 'lh-01', password: Buffer.from('pw') });
const ping = (): Buffer => mqttPacket.generate({ cmd: 'pingreq' });

/** What aedes would parse from the guarded stream. */
function collectPackets(conn: GuardedConnection): Packet[] {
  const parser = mqttPacket.parser({ protocolVersion: 4 });
  const packets: Packet[] = [];
  parser.on('packet', (p: Packet) => packets.push(p));
  conn.on('data', (chunk: Buffer) => parser.parse(chunk));
  return packets;
}

function pubacks(written: Buffer[]): number[] {
  const parser = mqttPacket.parser({ protocolVersion: 4 });
  const ids: number[] = [];
  parser.on('packet', (p: Packet) => {
    if (p.cmd === 'puback') ids.push(p.messageId!);
  });
  for (const w of written) parser.parse(w);
  return ids;
}

const settle = () => new Promise((r) => setImmediate(r));

describe(GuardedConnection.name, () => {
  const limits: PublishLimits = { maxPayloadBytes: 1000, ratePerSec: 0, burst: 1 };
  let events: PublishLimitEvent[];
  beforeEach(() => (events = []));

  const guard = (l: PublishLimits, nowMs?: () => number) => {
    const fake = fakeSocket();
    const sut = new GuardedConnection(fake.asSocket, { limits: l, onLimit: (e) => events.push(e), nowMs });
    return { ...fake, sut, packets: collectPackets(sut) };
  };

  it('should pass packets through unchanged however the bytes are chunked', async () => {
    const stream = Buffer.concat([connect(), publish(1, 10), ping(), publish(2, 1000), publish(3, 0, 0)]);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: stream.length }), { maxLength: 12 }), async (cuts) => {
        const { socket, sut, packets } = guard(limits);
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        let from = 0;
        for (const p of [...points, stream.length]) {
          socket.push(stream.subarray(from, p));
          from = p;
          await settle();
        }
        expect(packets.map((p) => p.cmd)).toEqual(['connect', 'publish', 'pingreq', 'publish', 'publish']);
        expect(packets.filter((p) => p.cmd === 'publish').map((p) => (p as { payload: Buffer }).payload.length)).toEqual([10, 1000, 0]);
        expect(events).toEqual([]);
        sut.destroy();
      }),
      { numRuns: 100 },
    );
  });

  it('should drop an oversized QoS 1 publish unbuffered, acknowledge it and keep the connection', async () => {
    const { socket, written, sut, packets } = guard(limits);
    const big = publish(7, 5000);
    // arrives in small pieces, as a slow link delivers it
    for (let i = 0; i < big.length; i += 512) {
      socket.push(big.subarray(i, i + 512));
      await settle();
    }
    socket.push(publish(8, 20));
    await settle();
    expect(packets.map((p) => (p as { messageId?: number }).messageId)).toEqual([8]);
    expect(pubacks(written)).toEqual([7]);
    expect(events).toEqual([{ reason: 'oversize', action: 'dropped', topic: TOPIC, payloadBytes: 5000, qos: 1 }]);
    expect(sut.destroyed).toBe(false);
  });

  it('should close the connection on an oversized QoS 2 publish, which cannot be acknowledged away', async () => {
    const { socket, sut, packets } = guard(limits);
    socket.push(publish(9, 5000, 2));
    await settle();
    expect(packets).toEqual([]);
    expect(events[0]).toMatchObject({ reason: 'oversize', action: 'disconnected', qos: 2 });
    expect(sut.destroyed).toBe(true);
  });

  it('should close the connection on any other packet over the size limit', async () => {
    const { socket, sut } = guard(limits);
    // a SUBSCRIBE header that announces 200 kB
    socket.push(Buffer.from([0x82, 0xc0, 0x9a, 0x0c]));
    await settle();
    expect(events[0]).toMatchObject({ reason: 'oversize_packet', action: 'disconnected', packetType: 8 });
    expect(sut.destroyed).toBe(true);
  });

  describe('over the publish rate', () => {
    let nowMs = 0;
    beforeEach(() => {
      nowMs = 0;
      vi.useFakeTimers();
    });
    afterEach(() => vi.useRealTimers());

    it('should hold QoS 1 publishes until the bucket refills and lose none, in order', async () => {
      const { socket, sut, packets, written } = guard({ maxPayloadBytes: 1000, ratePerSec: 10, burst: 3 }, () => nowMs);
      socket.push(Buffer.concat(Array.from({ length: 8 }, (_, i) => publish(i + 1, 5))));
      await vi.advanceTimersByTimeAsync(0);
      expect(packets).toHaveLength(3);
      for (let t = 0; t < 10; t++) {
        nowMs += 100;
        await vi.advanceTimersByTimeAsync(100);
      }
      expect(packets.map((p) => (p as { messageId: number }).messageId)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(pubacks(written)).toEqual([]); // the broker acknowledges them, not the guard
      // one event per publish that had to wait: the 5 beyond the burst
      expect(events).toEqual(Array.from({ length: 5 }, () => ({ reason: 'rate', action: 'held', topic: TOPIC, qos: 1 })));
      expect(sut.destroyed).toBe(false);
    });

    it('should drop QoS 0 publishes over the rate and pass the next one once a token is back', async () => {
      const { socket, packets } = guard({ maxPayloadBytes: 1000, ratePerSec: 1, burst: 2 }, () => nowMs);
      socket.push(Buffer.concat([publish(0, 5, 0), publish(0, 6, 0), publish(0, 7, 0), publish(0, 8, 0)]));
      await vi.advanceTimersByTimeAsync(0);
      expect(packets.map((p) => (p as { payload: Buffer }).payload.length)).toEqual([5, 6]);
      expect(events.filter((e) => e.action === 'dropped')).toHaveLength(2);
      nowMs += 1000;
      socket.push(publish(0, 9, 0));
      await vi.advanceTimersByTimeAsync(0);
      expect(packets.map((p) => (p as { payload: Buffer }).payload.length)).toEqual([5, 6, 9]);
    });
  });
});

describe(TokenBucket.name, () => {
  it('should allow the burst at once, then the sustained rate', () => {
    let now = 0;
    const sut = new TokenBucket(2, 3, () => now);
    expect([sut.tryTake(), sut.tryTake(), sut.tryTake(), sut.tryTake()]).toEqual([true, true, true, false]);
    expect(sut.msUntilToken()).toBe(500);
    now = 500;
    expect(sut.tryTake()).toBe(true);
    now = 60_000;
    expect(sut.msUntilToken()).toBe(0);
  });

  it('should never limit when the rate is 0 (off)', () => {
    const sut = new TokenBucket(0, 1, () => 0);
    expect(Array.from({ length: 100 }, () => sut.tryTake()).every(Boolean)).toBe(true);
  });
});

describe(limitPublishes.name, () => {
  it('should count every limited publish and warn about a connection at most every 10 s', async () => {
    let nowMs = 0;
    const counted: string[] = [];
    const warnings: Record<string, unknown>[] = [];
    const accepted: GuardedConnection[] = [];
    const onSocket = limitPublishes(
      { maxPayloadBytes: 100, ratePerSec: 0, burst: 1 },
      { count: (l) => counted.push(`${l.reason}/${l.action}`), warn: (d) => warnings.push(d) },
      (conn) => accepted.push(conn),
      () => nowMs,
    );
    const { socket, asSocket } = fakeSocket();
    onSocket(asSocket);
    accepted[0]!.on('data', () => undefined);
    socket.push(Buffer.concat([publish(1, 500), publish(2, 500), publish(3, 500)]));
    await settle();
    nowMs = 11_000;
    socket.push(publish(4, 500));
    await settle();
    expect(counted).toEqual(['oversize/dropped', 'oversize/dropped', 'oversize/dropped', 'oversize/dropped']);
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', suppressed: 2, payloadBytes: 500 });
  });
});
