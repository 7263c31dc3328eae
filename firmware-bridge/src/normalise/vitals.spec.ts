import { VitalsMessageSchema } from '@feijiu/contracts';
import { type Hl7Message, Hl7StreamParser } from '@feijiu/monitor-protocols';
import { describe, expect, it } from 'vitest';
import { normaliseVitals } from './vitals';

const NOW = new Date('2026-11-22T08:00:06.000Z');

/** Literal bytes → the real parser → its one message. */
function parseOne(segments: string[]): Hl7Message {
  const text = segments.join('\r') + '\r';
  const events = new Hl7StreamParser({ now: () => NOW }).push(Buffer.from(`\x0b${text}\x1c\r`, 'utf8'));
  const [event] = events;
  if (events.length !== 1 || event?.type !== 'message') throw new Error(`expected one message, got ${JSON.stringify(events)}`);
  return event.message;
}

const MSH = (controlId: string, time: string) =>
  `MSH|^~\\&|MINDRAY_VS900^00A0370098007A80^EUI-64||||${time}||ORU^R01^ORU_R01|${controlId}|P|2.6|||AL|NE||UNICODE UTF-8|||IHE_PCD_001^IHE PCD^1.3.6.1.4.1.19376.1.6.1.1.1^ISO`;
const HEAD = ['PID|||^^^Hospital^PI||^^^^^^L', 'PV1||E'];

// A Mindray VS-900-style ORU^R01 (monitor-protocols.md §1.2): local time +0800, NIBP from the
// cuff family measured two minutes before the message, and an axillary temperature sentinel.
const VS900_VITALS = [
  MSH('1001', '20261122160005+0800'),
  ...HEAD,
  'OBR|1|1001^MINDRAY_VS900|1001^MINDRAY_VS900|182777000^monitoring of patient^SCT|||20261122160005+0800',
  'OBX|1||69965^MDC_DEV_MON_PHYSIO_MULTI_PARAM_MDS^MDC|1.0.0.0|||||||X',
  'OBX|2|NM|147842^MDC_ECG_HEART_RATE^MDC|1.1.1.147842|78|264864^MDC_DIM_BEAT_PER_MIN^MDC|||||R|||20261122160005+0800',
  'OBX|3|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC|1.2.1.150456|97|262688^MDC_DIM_PERCENT^MDC|||||R|||20261122160005+0800',
  'OBX|4|NM|150301^MDC_PRESS_CUFF_SYS^MDC|1.3.1.150301|128|266016^MDC_DIM_MMHG^MDC|||||R|||20261122155800+0800||^APERIODIC',
  'OBX|5|NM|150303^MDC_PRESS_CUFF_MEAN^MDC|1.3.1.150303|97|266016^MDC_DIM_MMHG^MDC|||||R|||20261122155800+0800||^APERIODIC',
  'OBX|6|NM|150302^MDC_PRESS_CUFF_DIA^MDC|1.3.1.150302|82|266016^MDC_DIM_MMHG^MDC|||||R|||20261122155800+0800||^APERIODIC',
  'OBX|7|NM|188496^MDC_TEMP_AXIL^MDC|1.4.1.188496|-99.9|268192^MDC_DIM_DEGC^MDC|||||R|||20261122160005+0800',
];

describe(normaliseVitals.name, () => {
  it('should turn a parsed ORU^R01 into the exact vitals payload', () => {
    const message = parseOne(VS900_VITALS);
    if (message.kind !== 'vitals') throw new Error('expected vitals');

    const sut = normaliseVitals({ monitorId: 'm1', ...message }, NOW);

    expect(sut.messages).toEqual([
      {
        ts: '2026-11-22T08:00:05.000Z',
        monitorId: 'm1',
        obs: [
          { code: 'HR', value: 78, unit: '/min', ts: '2026-11-22T08:00:05.000Z', channel: '1.1.1.147842' },
          { code: 'SPO2', value: 97, unit: '%', ts: '2026-11-22T08:00:05.000Z', channel: '1.2.1.150456' },
          { code: 'NIBP_SYS', value: 128, unit: 'mm[Hg]', ts: '2026-11-22T07:58:00.000Z', channel: '1.3.1.150301' },
          { code: 'NIBP_MEAN', value: 97, unit: 'mm[Hg]', ts: '2026-11-22T07:58:00.000Z', channel: '1.3.1.150303' },
          { code: 'NIBP_DIA', value: 82, unit: 'mm[Hg]', ts: '2026-11-22T07:58:00.000Z', channel: '1.3.1.150302' },
        ],
      },
    ]);
    expect(VitalsMessageSchema.safeParse({ seq: 7, ...sut.messages[0] }).success).toBe(true);
  });

  it('should keep flags:["demo"] on every observation of a demo-mode message', () => {
    const message = parseOne([
      MSH('1002', '20261122160006+0800'),
      ...HEAD,
      'OBR|1|1002^MINDRAY_VS900|1002^MINDRAY_VS900|182777000^monitoring of patient^SCT|||20261122160006+0800',
      'OBX|1|NM|149530^MDC_PULS_OXIM_PULS_RATE^MDC|1.2.1.149530|72|264864^MDC_DIM_BEAT_PER_MIN^MDC||DEMO|||R|||20261122160006+0800',
      'OBX|2|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC|1.2.1.150456|99|262688^MDC_DIM_PERCENT^MDC||DEMO|||R|||20261122160006+0800',
    ]);
    if (message.kind !== 'vitals') throw new Error('expected vitals');

    const sut = normaliseVitals({ monitorId: 'm2', ...message }, NOW);

    expect(sut.messages[0]!.obs).toEqual([
      { code: 'PR', value: 72, unit: '/min', ts: '2026-11-22T08:00:06.000Z', channel: '1.2.1.149530', source: 'spo2', flags: ['demo'] },
      { code: 'SPO2', value: 99, unit: '%', ts: '2026-11-22T08:00:06.000Z', channel: '1.2.1.150456', flags: ['demo'] },
    ]);
  });

  it('should pass on the channel (OBX-4) so the two SpO2 probes of a Comen monitor stay apart', () => {
    const message = parseOne([
      'MSH|^~\\&|NC_Monitor|KC261551373G|||20250610015127+0800||ORU^R01^ORU_R01|202506100151270003|P|2.6||||||UNICODE UTF-8',
      'OBR||||1^MON_PARAM^99COMEN|||20250610015127+0800',
      'OBX||NM|150456^MDC_PULS_OXIM_SAT_O2^MDC|1.3.1.150456|97|262688^MDC_DIM_PERCENT^MDC|||||F|||20250610015127+0800',
      'OBX||NM|149522^MDC_PULS_RATE^MDC|1.0.0.149522|59|264864^MDC_DIM_BEAT_PER_MIN^MDC|||||F|||20250610015127+0800',
      'OBX||NM|150456^MDC_PULS_OXIM_SAT_O2^MDC|1.3.2.150456|95|262688^MDC_DIM_PERCENT^MDC|||||F|||20250610015127+0800',
    ]);
    if (message.kind !== 'vitals') throw new Error('expected vitals');

    const sut = normaliseVitals({ monitorId: 'comen', ...message }, NOW);

    expect(sut.messages[0]!.obs.map((o) => [o.code, o.value, o.channel])).toEqual([
      ['SPO2', 97, '1.3.1.150456'],
      ['PR', 59, '1.0.0.149522'],
      ['SPO2', 95, '1.3.2.150456'],
    ]);
    expect(VitalsMessageSchema.safeParse({ seq: 8, ...sut.messages[0] }).success).toBe(true);
  });

  it('should take the first OBX time, then the gateway clock, when the message has no time', () => {
    const withObxTime = normaliseVitals(
      { monitorId: 'm1', messageTime: null, demo: false, observations: [{ code: 'HR', value: 80, unit: '/min', measuredAt: '2026-11-22T07:59:59.000Z' }] },
      NOW,
    );
    const withNothing = normaliseVitals(
      { monitorId: 'm1', messageTime: null, demo: false, observations: [{ code: 'HR', value: 80, unit: '/min', measuredAt: null }] },
      NOW,
    );
    expect(withObxTime.messages[0]!.ts).toBe('2026-11-22T07:59:59.000Z');
    expect(withNothing.messages[0]).toEqual({ ts: NOW.toISOString(), monitorId: 'm1', obs: [{ code: 'HR', value: 80, unit: '/min' }] });
  });

  it('should never forward a value outside the physiological range', () => {
    const sut = normaliseVitals(
      {
        monitorId: 'm1',
        messageTime: null,
        demo: false,
        observations: [
          { code: 'SPO2', value: 127, unit: '%', measuredAt: null },
          { code: 'HR', value: 64, unit: '/min', measuredAt: null },
        ],
      },
      NOW,
    );
    expect(sut.implausible).toEqual([{ code: 'SPO2', value: 127 }]);
    expect(sut.messages[0]!.obs.map((o) => o.code)).toEqual(['HR']);
  });
});
