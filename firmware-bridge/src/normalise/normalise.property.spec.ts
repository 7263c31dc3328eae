import { GpsMessageSchema, VitalsMessageSchema, WaveformMessageSchema } from '@feijiu/contracts';
import {
  frameMllp,
  type Hl7Message,
  Hl7StreamParser,
  nmeaChecksum,
  NmeaStreamParser,
  writeHl7Vitals,
  writeHl7Waveform,
  writeNmeaGga,
  writeNmeaRmc,
  writeNmeaVtg,
} from '@feijiu/monitor-protocols';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type GpsBody, GpsMerger } from './gps';
import { normaliseVitals } from './vitals';
import { normaliseWaveform } from './waveform';

// Whatever a monitor or GPS receiver sends, what the bridge queues must be a payload the core
// accepts: the outbox sink refuses an off-contract body, and a refused body is a lost sample.

const NOW = new Date('2026-11-22T08:00:00Z');
const vector = (name: string) => readFileSync(join(__dirname, '../../../libs/monitor-protocols/vectors/hl7', name), 'latin1');
const HL7: string[] = [
  vector('03_mindray_vs900_ORU_R01_numerics.hl7'),
  vector('06_comen_vs8_ORU_R01_numerics.hl7'),
  vector('09_ihe_pcd01_acme_gateway_nibp_ucum.hl7'),
  writeHl7Vitals({ controlId: 'v', time: NOW, observations: [{ code: 'HR', value: 80 }, { code: 'NIBP_SYS', value: 120 }], demo: true }),
  writeHl7Waveform({
    controlId: 'w',
    t0: NOW,
    hz: 500,
    channels: [
      { lead: 'I', resolution: 0.001221, samples: [1, -2, 3, 32767] },
      { lead: 'II', resolution: 0.001221, samples: [4, 5, 6, 7] },
    ],
  }),
];

/** The bodies the monitor pipeline would queue for one parsed message (same mapping). */
function bodiesOf(message: Hl7Message): { vitals: unknown[]; waveform: unknown[] } {
  if (message.kind === 'alarm') return { vitals: [], waveform: [] };
  const vitalsTime = message.kind === 'waveform' ? (message.messageTime ?? message.t0) : message.messageTime;
  const vitals = normaliseVitals({ monitorId: 'mon-1', messageTime: vitalsTime, demo: message.demo, observations: message.observations }, NOW).messages;
  const waveform =
    message.kind === 'waveform'
      ? normaliseWaveform({ monitorId: 'mon-1', t0: message.t0 ?? message.messageTime, demo: message.demo, channels: message.channels }, NOW).messages
      : [];
  return { vitals, waveform };
}

function replaceField(text: string, segmentPick: number, fieldPick: number, value: string): string {
  const segments = text.split(/(\r\n|\r|\n)/);
  const indexes = segments.map((_, i) => i).filter((i) => i % 2 === 0 && segments[i]!.length > 0);
  const at = indexes[segmentPick % indexes.length]!;
  const fields = segments[at]!.split('|');
  const from = fields[0] === 'MSH' ? 2 : 1;
  if (fields.length <= from) return text;
  fields[from + (fieldPick % (fields.length - from))] = value;
  segments[at] = fields.join('|');
  return segments.join('');
}

const hostileHl7Field = fc.oneof(
  fc.constantFrom('-999', '32767', '-32768', '1e999', '-0', '', '^^^', '\\X00\\', 'NaN', '0.000000000000000001', '99999999999999999999'),
  // times at the edges: year 0000, offsets that carry the instant past year 9999, leap days
  fc.constantFrom('00000101', '19000101000000-1400', '99991231235959-1400', '99991231', '20240229', '20230229', '202611221230.1234+1400', '20261122123045-0000'),
  fc.constantFrom('0^MDC_ATTR_SAMP_RATE^MDC', '2327^MDC_ATTR_NU_MSMT_RES^MDC', '131330^MDC_ECG_ELEC_POTL_II^MDC', '150456^^MDC', '268192^MDC_DIM_DEGC^MDC', '4416^MDC_DIM_FAHR^MDC', 'NA', 'NM'),
  fc.constantFrom('5e-324', '1e-300', '0.0000001', '2001', '1000000', '0.001221', '-0.001221'),
  fc.array(fc.constantFrom('0', '1', '-1', '32767', '-32768', '100'), { minLength: 1, maxLength: 800 }).map((a) => a.join('^')),
  fc.string({ unit: 'binary', maxLength: 20 }).map((s) => s.replace(/[|\r\n]/g, '')),
);

function expectOnContract(kind: 'vitals' | 'waveform' | 'gps', body: unknown): void {
  const schema = { vitals: VitalsMessageSchema, waveform: WaveformMessageSchema, gps: GpsMessageSchema }[kind];
  const parsed = schema.safeParse({ seq: 1, ...(body as object) });
  expect(parsed.success, `${kind} ${JSON.stringify(body).slice(0, 400)} → ${parsed.error?.message.slice(0, 400)}`).toBe(true);
}

describe('the bridge normalisers', () => {
  it('should queue only contract-valid vitals and waveforms, whatever fields a monitor sends', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...HL7),
        fc.array(fc.tuple(fc.nat(), fc.nat(), hostileHl7Field), { maxLength: 6 }),
        fc.boolean(),
        fc.integer({ min: -720, max: 840 }),
        (text, edits, mllp, offsetMin) => {
          const mutated = edits.reduce((t, [s, f, v]) => replaceField(t, s, f, v), text);
          const parser = new Hl7StreamParser({ now: () => NOW, assumeUtcOffsetMin: offsetMin, maxMessageBytes: 64 * 1024 });
          const events = [...parser.push(mllp ? frameMllp(mutated) : Buffer.from(mutated, 'latin1')), ...parser.flush()];
          for (const e of events) {
            if (e.type !== 'message') continue;
            const { vitals, waveform } = bodiesOf(e.message);
            vitals.forEach((b) => expectOnContract('vitals', b));
            waveform.forEach((b) => expectOnContract('waveform', b));
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('should queue only contract-valid positions, whatever fields a GPS receiver sends', () => {
    const resign = (sentence: string, field: number, value: string) => {
      const fields = sentence.slice(1, sentence.indexOf('*')).split(',');
      fields[1 + (field % (fields.length - 1))] = value;
      const body = fields.join(',');
      return `$${body}*${nmeaChecksum(body)}\r\n`;
    };
    const field = fc.oneof(
      fc.constantFrom('', '-0', '1e9', '9000.0000', '18000.0000', '8959.99999', '17959.99999', '999.9', '360.0', '359.999999', '100.1', '0.0000001'),
      fc.constantFrom('A', 'V', 'N', 'S', 'E', 'W', '0', '1', '2', '6', '9', '000101', '311299', '235959.999', '000000.00'),
      fc.string({ maxLength: 10 }).map((s) => s.replace(/[,*$\r\n]/g, '')),
    );
    const fix = fc.record({
      time: fc.date({ min: new Date('2000-01-01'), max: new Date('2079-12-31'), noInvalidDate: true }),
      lat: fc.double({ min: -89.99, max: 89.99, noNaN: true }),
      lon: fc.double({ min: -179.99, max: 179.99, noNaN: true }),
      speedMps: fc.double({ min: 0, max: 200, noNaN: true }),
      headingDeg: fc.double({ min: 0, max: 359.99, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(fix, { minLength: 1, maxLength: 4 }), fc.array(fc.tuple(fc.nat(), fc.nat(), field), { maxLength: 8 }), (fixes, edits) => {
        const sentences = fixes.flatMap((f) => [writeNmeaRmc(f), writeNmeaGga({ ...f, fixQuality: 1, satellites: 8, hdop: 1.1, altitudeM: 20 }), writeNmeaVtg(f)]);
        for (const [which, at, value] of edits) sentences[which % sentences.length] = resign(sentences[which % sentences.length]!, at, value);
        const emitted: GpsBody[] = [];
        const merger = new GpsMerger({ emit: (b) => emitted.push(b), onInvalid: () => undefined, now: () => NOW });
        const parser = new NmeaStreamParser();
        for (const e of [...parser.push(Buffer.from(sentences.join(''), 'latin1')), ...parser.flush()]) {
          if (e.type === 'fix') merger.pushFix(e);
          else if (e.type === 'course') merger.pushCourse(e);
        }
        merger.flush();
        emitted.forEach((b) => expectOnContract('gps', b));
      }),
      { numRuns: 2000 },
    );
  });
});
