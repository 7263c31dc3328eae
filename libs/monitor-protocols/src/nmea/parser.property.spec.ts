import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NmeaStreamParser } from './parser';
import type { NmeaEvent } from './sentence';
import { nmeaChecksum } from './frame';
import { writeNmeaGga, writeNmeaRmc, writeNmeaVtg } from './writer';

function run(chunks: Buffer[]): { events: NmeaEvent[]; stats: NmeaStreamParser['stats'] } {
  const sut = new NmeaStreamParser();
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

function expectSane(events: NmeaEvent[]): void {
  for (const e of events) {
    if (e.type === 'fix') {
      expect(Math.abs(e.lat)).toBeLessThanOrEqual(90);
      expect(Math.abs(e.lon)).toBeLessThanOrEqual(180);
      if (e.ts !== null) expect(Number.isNaN(Date.parse(e.ts))).toBe(false);
    }
    if (e.type !== 'error') {
      if (e.headingDeg !== null) expect(e.headingDeg >= 0 && e.headingDeg < 360).toBe(true);
      if (e.speedMps !== null) expect(e.speedMps).toBeGreaterThanOrEqual(0);
    }
  }
}

const fixArb = fc.record({
  time: fc.date({ min: new Date('2000-01-01'), max: new Date('2079-12-31'), noInvalidDate: true }),
  lat: fc.double({ min: -89.99, max: 89.99, noNaN: true }),
  lon: fc.double({ min: -179.99, max: 179.99, noNaN: true }),
  speedMps: fc.double({ min: 0, max: 80, noNaN: true }),
  headingDeg: fc.double({ min: 0, max: 359.99, noNaN: true }),
});

describe(NmeaStreamParser.name, () => {
  it('should never throw and never emit an impossible fix when fed random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.array(fc.nat(), { maxLength: 8 }), (bytes, cuts) => {
        expectSane(run(chunk(Buffer.from(bytes), cuts)).events);
      }),
      { numRuns: 300 },
    );
  });

  it('should not depend on chunking, even when sentences are damaged', () => {
    fc.assert(
      fc.property(
        fc.array(fixArb, { minLength: 1, maxLength: 4 }),
        fc.array(fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }), { maxLength: 4 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (fixes, flips, cuts) => {
          const bytes = Buffer.from(
            fixes.map((f) => writeNmeaRmc(f) + writeNmeaGga({ ...f, fixQuality: 1, satellites: 8, hdop: 1.1, altitudeM: 20 }) + writeNmeaVtg(f)).join(''),
            'latin1',
          );
          for (const { at, byte } of flips) bytes[at % bytes.length] = byte;
          const whole = run([bytes]);
          const split = run(chunk(bytes, cuts));
          expectSane(split.events);
          expect(split.events).toEqual(whole.events);
          expect(split.stats).toEqual(whole.stats);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('should read back what the writers wrote for any valid fix', () => {
    fc.assert(
      fc.property(fixArb, (f) => {
        const [rmc] = run([Buffer.from(writeNmeaRmc(f), 'latin1')]).events;
        expect(rmc?.type).toBe('fix');
        if (rmc?.type !== 'fix') return;
        expect(Math.abs(rmc.lat - f.lat)).toBeLessThan(1e-6);
        expect(Math.abs(rmc.lon - f.lon)).toBeLessThan(1e-6);
        expect(Math.abs(rmc.speedMps! - f.speedMps)).toBeLessThan(0.001);
        expect(Date.parse(rmc.ts!)).toBe(Math.floor(f.time.getTime() / 10) * 10);
      }),
      { numRuns: 300 },
    );
  });
});

/** Replaces one field of each sentence and signs it again, so the decoder (not the checksum) meets it. */
function resign(sentence: string, fieldPick: number, value: string): string {
  const body = sentence.slice(1, sentence.indexOf('*'));
  const fields = body.split(',');
  fields[1 + (fieldPick % (fields.length - 1))] = value;
  const mutated = fields.join(',');
  return `$${mutated}*${nmeaChecksum(mutated)}\r\n`;
}

const hostileNmeaField = fc.oneof(
  fc.constantFrom('', '-', '.', '..', '-0', '1e9', '999999999', '9999.99999', '-4807.038', '18000.000', '9000.000', '5959.9999', '000000', '235960', '240000', '310299', '999999', '0.0.0'),
  fc.constantFrom('A', 'V', 'N', 'S', 'E', 'W', 'X', 'K', 'M', 'T', 'D', 'E\u0000', 'ÿ'),
  fc.constantFrom('361', '360.0', '-1', '1e308', '0x1A', 'Infinity', 'NaN', '99.99', '100.1'),
  fc.string({ maxLength: 12 }).map((s) => s.replace(/[,*$\r\n]/g, '')),
);

describe(`${NmeaStreamParser.name} on checksum-valid sentences with hostile fields`, () => {
  it('should never throw and never emit an impossible fix or course', () => {
    fc.assert(
      fc.property(fixArb, fc.array(fc.tuple(fc.constantFrom(0, 1, 2), fc.nat(), hostileNmeaField), { minLength: 1, maxLength: 6 }), (f, edits) => {
        const sentences = [writeNmeaRmc(f), writeNmeaGga({ ...f, fixQuality: 1, satellites: 8, hdop: 1.1, altitudeM: 20 }), writeNmeaVtg(f)];
        for (const [which, field, value] of edits) sentences[which] = resign(sentences[which]!, field, value);
        const { events } = run([Buffer.from(sentences.join(''), 'latin1')]);
        expectSane(events);
        for (const e of events) {
          if (e.type === 'fix') {
            expect(Number.isFinite(e.lat) && Number.isFinite(e.lon)).toBe(true);
            if (e.hdop !== null) expect(Number.isFinite(e.hdop) && e.hdop >= 0).toBe(true);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});
