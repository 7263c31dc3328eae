import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Hl7StreamParser } from './parser';
import type { Hl7Event } from './types';

const VT = '\x0b';
const END = '\x1c\r';
const now = (): Date => new Date('2026-11-22T08:00:00Z');
const bytes = (s: string): Buffer => Buffer.from(s, 'latin1');
const mindray = readFileSync(join(__dirname, '../../vectors/hl7/03_mindray_vs900_ORU_R01_numerics.hl7'), 'latin1');
const hr = (id: string, end = '\r', ack = 'AL'): string =>
  [`MSH|^~\\&|MON||||20260101120000||ORU^R01^ORU_R01|${id}|P|2.6|||${ack}|NE`, 'OBX|1|NM|147842^MDC_ECG_HEART_RATE^MDC|1.7.4.147842|72|264864^MDC_DIM_BEAT_PER_MIN^MDC'].join(end) + end;

const summary = (events: Hl7Event[]): string[] =>
  events.map((e) => (e.type === 'message' ? `message ${e.message.controlId}` : `error ${e.code}`));

describe(Hl7StreamParser.name, () => {
  it('should emit a message and an MLLP-framed ACK when one MLLP block arrives', () => {
    const sut = new Hl7StreamParser({ now });
    const events = sut.push(bytes(VT + mindray + END));
    expect(summary(events)).toEqual(['message 1914']);
    const ack = events[0]!.ack!;
    expect(ack[0]).toBe(0x0b);
    expect(ack.subarray(-2)).toEqual(Buffer.from([0x1c, 0x0d]));
    expect(ack.toString('latin1')).toContain('\rMSA|AA|1914\r');
    expect(sut.stats).toEqual({ messages: 1, errors: 0, discardedBytes: 0 });
  });

  it('should wait for the rest when a block is split across chunks', () => {
    const sut = new Hl7StreamParser({ now });
    const wire = bytes(VT + mindray + END);
    expect(sut.push(wire.subarray(0, 100))).toEqual([]);
    expect(sut.push(wire.subarray(100, wire.length - 2))).toEqual([]);
    expect(summary(sut.push(wire.subarray(wire.length - 2)))).toEqual(['message 1914']);
  });

  it('should emit both messages when two blocks arrive in one chunk', () => {
    const sut = new Hl7StreamParser({ now });
    expect(summary(sut.push(bytes(VT + hr('A') + END + VT + hr('B') + END)))).toEqual(['message A', 'message B']);
  });

  it('should emit and ACK each message when a sender batches two messages into one MLLP block', () => {
    const sut = new Hl7StreamParser({ now });
    const wire = Buffer.concat([
      Buffer.from([0x0b]),
      bytes('MSH|^~\\&|MON||||20260101120000||ORU^R01^ORU_R01|A|P|2.6|||AL|NE\rOBX|1|NM|147842^MDC_ECG_HEART_RATE^MDC|1.7.4.147842|72|264864^MDC_DIM_BEAT_PER_MIN^MDC\r'),
      bytes('MSH|^~\\&|MON||||20260101120001||ORU^R01^ORU_R01|B|P|2.6|||AL|NE\rOBX|1|NM|147842^MDC_ECG_HEART_RATE^MDC|1.7.4.147842|75|264864^MDC_DIM_BEAT_PER_MIN^MDC\r'),
      Buffer.from([0x1c, 0x0d]),
    ]);
    const events = sut.push(wire);
    expect(summary(events)).toEqual(['message A', 'message B']);
    expect(events.map((e) => (e.type === 'message' && e.message.kind === 'vitals' ? e.message.observations[0]?.value : null))).toEqual([72, 75]);
    // one MLLP-framed ACK per message, each echoing its own control id
    expect(events.map((e) => e.ack?.toString('latin1'))).toEqual([
      expect.stringMatching(/^\x0bMSH\|.*\rMSA\|AA\|A\r\x1c\r$/s),
      expect.stringMatching(/^\x0bMSH\|.*\rMSA\|AA\|B\r\x1c\r$/s),
    ]);
    expect(sut.stats).toEqual({ messages: 2, errors: 0, discardedBytes: 0 });
  });

  it('should report the second message of a block on its own when it cannot be read', () => {
    const sut = new Hl7StreamParser({ now });
    const events = sut.push(bytes(VT + hr('A', '\n') + 'MSH|^~\\&|HIS|H|||20260101||ADT^A01^ADT_A01|55|P|2.6|||AL|AL\nPID|||1\n' + END));
    expect(summary(events)).toEqual(['message A', 'error HL7_UNSUPPORTED_TYPE']);
    expect(events[1]!.ack!.toString('latin1')).toMatch(/\rMSA\|AR\|55\|/);
    expect(sut.stats).toMatchObject({ messages: 1, errors: 1 });
  });

  it('should skip and report leading noise when a block follows garbage', () => {
    const sut = new Hl7StreamParser({ now });
    const events = sut.push(bytes('\x00\xff#garbage' + VT + hr('A') + END));
    expect(summary(events)).toEqual(['error HL7_NOT_HL7', 'message A']);
    expect(events[0]).toMatchObject({ detail: 'skipped 10 bytes that are not HL7', ack: null });
    expect(sut.stats.discardedBytes).toBe(10);
  });

  it('should resync on the next block when the tail of an earlier block arrives first', () => {
    const sut = new Hl7StreamParser({ now });
    const events = sut.push(bytes('|72|264864^MDC_DIM_BEAT_PER_MIN^MDC\r' + END + VT + hr('B') + END));
    expect(summary(events)).toEqual(['error HL7_NOT_HL7', 'message B']);
  });

  it('should report HL7_TRUNCATED with an AR ACK when the stream ends inside a block', () => {
    const sut = new Hl7StreamParser({ now });
    expect(sut.push(bytes(VT + hr('A').slice(0, -20)))).toEqual([]);
    const events = sut.flush();
    expect(summary(events)).toEqual(['error HL7_TRUNCATED']);
    expect(events[0]!.ack!.toString('latin1')).toMatch(/\rMSA\|AR\|A\|/);
  });

  it('should report HL7_TRUNCATED and go on when a new block starts before the end of the last', () => {
    const sut = new Hl7StreamParser({ now });
    expect(summary(sut.push(bytes(VT + hr('A').slice(0, 60) + VT + hr('B') + END)))).toEqual(['error HL7_TRUNCATED', 'message B']);
  });

  it('should drop an oversize block, report it once and read the next one', () => {
    const sut = new Hl7StreamParser({ now, maxMessageBytes: 300 });
    const big = hr('BIG').replace('72|', `72|${'9'.repeat(400)}`);
    const events = [...sut.push(bytes(VT + big.slice(0, 200))), ...sut.push(bytes(big.slice(200) + END + VT + hr('B') + END))];
    expect(summary(events)).toEqual(['error HL7_OVERSIZE', 'message B']);
    expect(events[0]!.ack!.toString('latin1')).toMatch(/MSA\|AR\|BIG\|message larger than 300 bytes/);
    expect(sut.stats.discardedBytes).toBe(big.length + 2);
  });

  it('should drop an oversize bare message and read the next one', () => {
    const sut = new Hl7StreamParser({ now, maxMessageBytes: 300 });
    const big = hr('BIG').replace('72|', `72|${'9'.repeat(400)}`);
    const events = [...sut.push(bytes(big)), ...sut.push(bytes(hr('B'))), ...sut.flush()];
    expect(summary(events)).toEqual(['error HL7_OVERSIZE', 'message B']);
  });

  it.each([
    ['CR', '\r'],
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('should split bare messages at the next MSH when segments end in %s', (_name, end) => {
    const sut = new Hl7StreamParser({ now });
    expect(summary(sut.push(bytes(hr('A', end) + hr('B', end))))).toEqual(['message A']);
    const last = sut.flush();
    expect(summary(last)).toEqual(['message B']);
    expect(last[0]).toMatchObject({ type: 'message', message: { kind: 'vitals', observations: [{ code: 'HR', value: 72 }] } });
  });

  it('should answer a bare message with a bare ACK', () => {
    const sut = new Hl7StreamParser({ now });
    sut.push(bytes(hr('A')));
    const ack = sut.flush()[0]!.ack!;
    expect(ack.toString('latin1')).toMatch(/^MSH\|\^~\\&\|.*\rMSA\|AA\|A\r$/);
  });

  it('should read a block whose 0x0B was lost and answer in MLLP', () => {
    const sut = new Hl7StreamParser({ now });
    const events = sut.push(bytes(hr('A') + END));
    expect(summary(events)).toEqual(['message A']);
    expect(events[0]!.ack![0]).toBe(0x0b);
  });

  it('should report HL7_TRUNCATED when a bare message ends mid-segment at flush', () => {
    const sut = new Hl7StreamParser({ now });
    sut.push(bytes(hr('A').slice(0, -10)));
    expect(summary(sut.flush())).toEqual(['error HL7_TRUNCATED']);
  });

  it('should keep a complete bare message when the next MSH is only partly there at flush', () => {
    const sut = new Hl7StreamParser({ now });
    expect(sut.push(bytes(hr('A') + 'MS'))).toEqual([]);
    expect(summary(sut.flush())).toEqual(['message A', 'error HL7_NOT_HL7']);
  });

  it('should report a line of pure noise once it exceeds the size cap', () => {
    const sut = new Hl7StreamParser({ maxMessageBytes: 64 });
    const events = [...sut.push(bytes('x'.repeat(50))), ...sut.push(bytes('y'.repeat(50))), ...sut.push(bytes('z'.repeat(50)))];
    expect(summary(events)).toEqual(['error HL7_NOT_HL7']);
    expect(sut.flush()).toEqual([]);
    expect(sut.stats.discardedBytes).toBe(150);
  });

  it('should count messages and errors in stats', () => {
    const sut = new Hl7StreamParser({ now });
    sut.push(bytes(VT + hr('A') + END + VT + 'PID|1' + END + VT + hr('B') + END));
    expect(sut.stats).toEqual({ messages: 2, errors: 1, discardedBytes: 0 });
  });
});
