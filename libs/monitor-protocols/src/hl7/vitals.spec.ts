import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHl7Message } from './message';
import type { Hl7Observation } from './types';

const vector = (name: string): string => readFileSync(join(__dirname, '../../vectors/hl7', name), 'utf8');
const observations = (text: string): Hl7Observation[] => {
  const r = parseHl7Message(text);
  if (!r.ok || r.message.kind !== 'vitals') throw new Error('expected vitals');
  return r.message.observations;
};
const MSH = 'MSH|^~\\&|TEST_MON^00A0370000000001^EUI-64||||20260124131540+0800||ORU^R01^ORU_R01|42|P|2.6';

describe('readVitalRow: channel and pulse source', () => {
  it('should keep the OBX-4 sub-id of each of the two Comen SpO2 channels', () => {
    const sut = observations(vector('06_comen_vs8_ORU_R01_numerics.hl7'));
    expect(sut.filter((o) => o.code === 'SPO2').map((o) => o.channel)).toEqual(['1.3.1.150456', '1.3.2.150456']);
  });

  it.each([
    // vector, the pulse-rate row's OBX-3 (monitor-protocols.md §1.3), where the pulse was counted
    ['03_mindray_vs900_ORU_R01_numerics.hl7', '1.3.1.149530', 'spo2'], // MDC_PULS_OXIM_PULS_RATE
    ['06_comen_vs8_ORU_R01_numerics.hl7', '1.0.0.149522', null], // Comen's MDC_PULS_RATE label: no source
    ['09_ihe_pcd01_acme_gateway_nibp_ucum.hl7', '1.1.1.4', 'nibp'], // MDC_PULS_RATE_NON_INV
  ] as const)('should say where the pulse rate of %s was counted', (name, channel, source) => {
    const pr = observations(vector(name)).find((o) => o.code === 'PR');
    expect(pr).toMatchObject({ channel, source });
  });

  it('should leave the channel out, and keep the value, when OBX-4 is empty or not a plain sub-id', () => {
    const sut = observations(
      [
        MSH,
        'OBR|1|||182777000^monitoring of patient^SCT',
        'OBX|1|NM|147842^MDC_ECG_HEART_RATE^MDC||72|264864^MDC_DIM_BEAT_PER_MIN^MDC|||||R',
        'OBX|2|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC|channel one|97|262688^MDC_DIM_PERCENT^MDC|||||R',
      ].join('\r'),
    );
    expect(sut.map((o) => [o.code, o.value, o.channel])).toEqual([
      ['HR', 72, null],
      ['SPO2', 97, null],
    ]);
  });
});
