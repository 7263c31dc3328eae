import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPlausibleVital } from '@feijiu/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frameMllp } from './frame';
import { parseHl7Message } from './message';
import { Hl7StreamParser } from './parser';
import type { Hl7Event } from './types';
import { writeHl7Alarm, writeHl7Vitals, writeHl7Waveform } from './writer';

const now = (): Date => new Date('2026-11-22T08:00:00Z');
const vector = (name: string): string => readFileSync(join(__dirname, '../../vectors/hl7', name), 'latin1');
const time = new Date('2026-11-22T08:00:00Z');

const VALID: string[] = [
  vector('03_mindray_vs900_ORU_R01_numerics.hl7'),
  vector('06_comen_vs8_ORU_R01_numerics.hl7'),
  vector('09_ihe_pcd01_acme_gateway_nibp_ucum.hl7'),
  writeHl7Vitals({ controlId: 'v', time, observations: [{ code: 'HR', value: 80 }, { code: 'TEMP', value: 36.6 }], demo: true, segmentEnd: '\r\n' }),
  writeHl7Waveform({ controlId: 'w', t0: time, hz: 100, channels: [{ lead: 'I', resolution: 0.001, samples: [1, -2, 3, 32767] }] }),
  writeHl7Alarm({ controlId: 'a', time, alarmMdc: 196680, alarmName: 'MDC_EVT_LEAD_OFF', priority: 'PL', technical: true }),
];

/** Every event as plain JSON (typed arrays and buffers as number arrays) so runs can be compared. */
const plain = (events: Hl7Event[]): string =>
  JSON.stringify(events, (_k, v: unknown) => (v instanceof Int16Array ? Array.from(v) : v));

function run(chunks: Buffer[], opts = {}): { events: Hl7Event[]; stats: Hl7StreamParser['stats'] } {
  const sut = new Hl7StreamParser({ now, ...opts });
  const events = chunks.flatMap((c) => sut.push(c));
  events.push(...sut.flush());
  return { events, stats: { ...sut.stats } };
}

function chunk(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const p of points) {
    out.push(bytes.subarray(from, p));
    from = p;
  }
  out.push(bytes.subarray(from));
  return out;
}

/** What must hold for any input: no throw, values only from the plausible range, ACKs well framed. */
function expectSane(events: Hl7Event[]): void {
  for (const e of events) {
    if (e.type === 'error') {
      expect(e.detail).not.toMatch(/^parser fault/);
      continue;
    }
    const m = e.message;
    if (m.kind === 'vitals' || m.kind === 'waveform') {
      for (const o of m.observations) expect(isPlausibleVital(o.code, o.value)).toBe(true);
    }
    if (m.kind === 'waveform') {
      for (const c of m.channels) {
        expect(c.samples).toBeInstanceOf(Int16Array);
        expect(c.hz).toBeGreaterThan(0);
        expect(c.invalidSampleCount).toBeLessThanOrEqual(c.samples.length);
      }
    }
  }
}

const wire = (text: string, mllp: boolean): Buffer => (mllp ? frameMllp(text) : Buffer.from(text, 'latin1'));

describe(Hl7StreamParser.name, () => {
  it('should never throw and never report an implausible value when fed random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.array(fc.nat(), { maxLength: 8 }), (bytes, cuts) => {
        const { events, stats } = run(chunk(Buffer.from(bytes), cuts), { maxMessageBytes: 1024 });
        expectSane(events);
        expect(stats.discardedBytes).toBeLessThanOrEqual(bytes.length);
      }),
      { numRuns: 500 },
    );
  });

  it('should never throw, and not depend on chunking, when valid messages are flipped, cut, padded and split', () => {
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 20 }) }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.record({ index: fc.nat({ max: VALID.length - 1 }), mllp: fc.boolean() }), { minLength: 1, maxLength: 4 }),
        fc.array(mutation, { maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (picks, mutations, cuts) => {
          let bytes = Buffer.concat(picks.map((p) => wire(VALID[p.index]!, p.mllp)));
          for (const m of mutations) {
            const at = m.at % (bytes.length + 1);
            if (m.kind === 'flip' && at < bytes.length) bytes[at] = m.byte;
            if (m.kind === 'cut') bytes = bytes.subarray(0, at);
            if (m.kind === 'insert') bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(m.bytes), bytes.subarray(at)]);
          }
          const split = run(chunk(Buffer.from(bytes), cuts), { maxMessageBytes: 2048 });
          expectSane(split.events);
          // chunking never changes the outcome, even for damaged input
          const whole = run([Buffer.from(bytes)], { maxMessageBytes: 2048 });
          expect(plain(split.events)).toBe(plain(whole.events));
          expect(split.stats).toEqual(whole.stats);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('should not depend on chunking for streams built from HL7 tokens and noise', () => {
    const token = fc.oneof(
      fc.constantFrom('MSH|^~\\&|M||||20260101||ORU^R01|1|P|2.6|||AL|NE', 'MSH#$*@%#', 'MSH|', 'MS', 'M', '\r', '\n', '\r\n', '\x0b', '\x1c', '\x1c\r'),
      fc.constantFrom('OBX|1|NM|147842^MDC_ECG_HEART_RATE^MDC|1|72|264864^^MDC', 'OBX|2|NA|131329^^MDC|1|1^2^32767', 'OBX|3|NM|0^MDC_ATTR_SAMP_RATE^MDC|1.1|500'),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 10 }), (tokens, cuts) => {
        const bytes = Buffer.from(tokens.join(''), 'utf8');
        const whole = run([bytes], { maxMessageBytes: 120 });
        const split = run(chunk(bytes, cuts), { maxMessageBytes: 120 });
        expectSane(split.events);
        expect(plain(split.events)).toBe(plain(whole.events));
        expect(split.stats).toEqual(whole.stats);
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['MLLP', true],
    ['bare', false],
  ])('should give the same events and stats for every split point of a %s stream', (_name, mllp) => {
    const bytes = Buffer.concat([Buffer.from('noise!'), wire(VALID[0]!, mllp), wire(VALID[4]!, mllp), wire(VALID[5]!, mllp)]);
    const whole = run([bytes]);
    expect(whole.events.filter((e) => e.type === 'message')).toHaveLength(3);
    for (let at = 0; at <= bytes.length; at++) {
      const split = run([bytes.subarray(0, at), bytes.subarray(at)]);
      expect(plain(split.events)).toBe(plain(whole.events));
      expect(split.stats).toEqual(whole.stats);
    }
  });

  it('should give the same result for random multi-way splits, oversize and noise included', () => {
    const big = writeHl7Waveform({ controlId: 'big', t0: time, hz: 500, channels: [{ lead: 'II', resolution: 0.001, samples: Array(400).fill(100) }] });
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.constant(3), fc.constant(5), fc.constant(-1)), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 12 }),
        (picks, mllp, cuts) => {
          const bytes = Buffer.concat(picks.map((i) => (i < 0 ? wire(big, mllp) : wire(VALID[i]!, mllp))));
          const whole = run([bytes], { maxMessageBytes: 1200 });
          const split = run(chunk(bytes, cuts), { maxMessageBytes: 1200 });
          expect(plain(split.events)).toBe(plain(whole.events));
          expect(split.stats).toEqual(whole.stats);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe(parseHl7Message.name, () => {
  it('should never throw or fault on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (tail) => {
        for (const text of [tail, `MSH|^~\\&|${tail}`, `MSH|^~\\&|A||||20260101||ORU^R01|1|P|2.6\rOBX|${tail}`]) {
          const r = parseHl7Message(text);
          if (!r.ok) expect(r.detail).not.toMatch(/^parser fault/);
          else expectSane([{ type: 'message', message: r.message, ack: null }]);
        }
      }),
      { numRuns: 500 },
    );
  });
});

/** Segments and fields of a message, to replace one field with a hostile value. */
function replaceField(text: string, segmentPick: number, fieldPick: number, value: string): string {
  const segments = text.split(/(\r\n|\r|\n)/);
  const indexes = segments.map((_, i) => i).filter((i) => i % 2 === 0 && segments[i]!.length > 0);
  const at = indexes[segmentPick % indexes.length]!;
  const fields = segments[at]!.split('|');
  // MSH-1 and MSH-2 (the separators) stay: without them nothing after is HL7
  const from = fields[0] === 'MSH' ? 2 : 1;
  if (fields.length <= from) return text;
  fields[from + (fieldPick % (fields.length - from))] = value;
  segments[at] = fields.join('|');
  return segments.join('');
}

// OBX-5 as devices write "no value" (Mindray, Datascope, Comen, Datex), in several spellings
const SENTINEL_TEXT = ['-999', '-999.0', '-0999', '-99.9', '-99.90', '-100', '32767', '32767.000', '-32767', '-32768', '65535', '-32001', '-40000', '-1e5'];
const isSentinel = (v: number) => [-999, -99.9, -100, 32767, -32767, -32768, 65535].includes(v) || v <= -32001;

const hostileField = fc.oneof(
  fc.constantFrom(...SENTINEL_TEXT),
  fc.constantFrom('', '""', '^^^^', '~~', '\\X00\\', '\\E\\', '\\F\\\\S\\', 'NaN', 'Infinity', '1e999', '-0', '0x10', '١٢٣', '𠜎𠜎', '\u0000', '\ud800'),
  fc.constantFrom('00000101', '99991231235959-1400', '20260101000000+9999', '20261301', '20260230', '2026', '202611221230.9999999+0800', '19000101000000-1400'),
  fc.constantFrom('NM', 'NA', 'ST', 'CWE', 'X', 'R', 'F', 'DEMO', 'A~PL~ST'),
  fc.constantFrom('0^MDC_ATTR_SAMP_RATE^MDC', '2327^MDC_ATTR_NU_MSMT_RES^MDC', '131329^MDC_ECG_ELEC_POTL_I^MDC', '150456^MDC_PULS_OXIM_SAT_O2^MDC', '264864^^MDC', '266016^MDC_DIM_MMHG^MDC', '3843^MDC_DIM_KILO_PASCAL^MDC', 'mm[Hg]^mm[Hg]^UCUM'),
  fc.array(fc.constantFrom('1', '-1', '32767', '0', '-32768', '40000', 'x', ''), { maxLength: 600 }).map((a) => a.join('^')),
  fc.string({ unit: 'binary', maxLength: 30 }).map((s) => s.replace(/[|\r\n]/g, '')),
);

describe(`${Hl7StreamParser.name} on real messages with hostile fields`, () => {
  it('should never throw, fault, or let a value out that is a sentinel or implausible', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VALID),
        fc.array(fc.tuple(fc.nat(), fc.nat(), hostileField), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        (text, replacements, mllp) => {
          const mutated = replacements.reduce((t, [s, f, v]) => replaceField(t, s, f, v), text);
          const { events } = run([wire(mutated, mllp)], { maxMessageBytes: 64 * 1024 });
          expectSane(events);
          for (const e of events) {
            if (e.type === 'message' && e.message.kind !== 'alarm') {
              for (const o of e.message.observations) expect(isSentinel(o.value), `${o.code} ${o.value}`).toBe(false);
            }
          }
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('should report every OBX value replaced by a device sentinel as ignored, never as a value', () => {
    fc.assert(
      fc.property(fc.constantFrom(...VALID.slice(0, 3)), fc.array(fc.constantFrom(...SENTINEL_TEXT), { minLength: 1, maxLength: 20 }), (text, sentinels) => {
        let n = 0;
        const mutated = text
          .split(/(\r\n|\r|\n)/)
          .map((seg) => {
            const f = seg.split('|');
            if (f[0] !== 'OBX' || f[2] !== 'NM') return seg;
            f[5] = sentinels[n++ % sentinels.length]!;
            return f.join('|');
          })
          .join('');
        const { events } = run([wire(mutated, true)]);
        expect(events).toHaveLength(1);
        const [e] = events;
        expect(e?.type === 'message' && e.message.kind === 'vitals').toBe(true);
        if (e?.type !== 'message' || e.message.kind !== 'vitals') return;
        expect(e.message.observations).toEqual([]);
        // every replaced row is accounted for, with its reason
        expect(e.message.ignored.length).toBeGreaterThanOrEqual(n);
      }),
      { numRuns: 300 },
    );
  });
});
