import { Hl7StreamParser } from '@feijiu/monitor-protocols';
import { describe, expect, it } from 'vitest';
import { normaliseWaveform } from './waveform';

const NOW = new Date('2026-11-22T08:00:06.000Z');

// The Mindray waveform layout (monitor-protocols.md §1.4): per channel an NA row of counts, then
// its sample rate and resolution rows. ECG I is cut to 8 samples with one invalid (32767); the
// pleth has no sensor attached, so every sample is 32767.
const MINDRAY_WAVEFORM = [
  'MSH|^~\\&|MINDRAY_D^00A0370098007A80^EUI-64||||20261122160006+0800||ORU^R01^ORU_R01|2001|P|2.6|||NE|NE||UNICODE UTF-8|||IHE_PCD_001^IHE PCD^1.3.6.1.4.1.19376.1.6.1.1.1^ISO',
  'PID|||^^^Hospital^PI||^^^^^^L',
  'PV1||E',
  'OBR|1|2001^MINDRAY_D|2001^MINDRAY_D|100001^CONTINUOUS WAVEFORM^99MNDRY|||20261122160005+0800|20261122160006+0800',
  'OBX|1|NA|131329^MDC_ECG_ELEC_POTL_I^MDC|1.7.1.131329|0^12^244^-31^32767^-2^0^7|266418^MDC_DIM_MILLI_VOLT^MDC|||||R|||20261122160005+0800',
  'OBX|2|NM|0^MDC_ATTR_SAMP_RATE^MDC|1.7.1.131329.1|500|264640^MDC_DIM_HZ^MDC|||||R',
  'OBX|3|NM|2327^MDC_ATTR_NU_MSMT_RES^MDC|1.7.1.131329.2|0.001221|266418^MDC_DIM_MILLI_VOLT^MDC|||||R',
  'OBX|4|NA|150452^MDC_PULS_OXIM_PLETH^MDC|1.7.1.150452|32767^32767^32767^32767|262656^MDC_DIM_DIMLESS^MDC|||||R|||20261122160005+0800',
  'OBX|5|NM|0^MDC_ATTR_SAMP_RATE^MDC|1.7.1.150452.1|60|264640^MDC_DIM_HZ^MDC|||||R',
  'OBX|6|NM|2327^MDC_ATTR_NU_MSMT_RES^MDC|1.7.1.150452.2|1|262656^MDC_DIM_DIMLESS^MDC|||||R',
];

describe(`${normaliseWaveform.name} on parsed HL7`, () => {
  it('should publish ECG I with its gap and drop the pleth that has no sensor', () => {
    const text = MINDRAY_WAVEFORM.join('\r') + '\r';
    const [event] = new Hl7StreamParser({ now: () => NOW }).push(Buffer.from(`\x0b${text}\x1c\r`));
    if (event?.type !== 'message' || event.message.kind !== 'waveform') throw new Error(`expected a waveform, got ${JSON.stringify(event)}`);
    const { message } = event;

    const sut = normaliseWaveform({ monitorId: 'm1', t0: message.t0, demo: message.demo, channels: message.channels }, NOW);

    expect(sut.dropped).toEqual([{ lead: 'PLETH', reason: 'no valid samples' }]);
    expect(sut.messages).toHaveLength(1);
    const [wave] = sut.messages;
    expect({ ...wave, data: undefined }).toEqual({ t0: '2026-11-22T08:00:05.000Z', monitorId: 'm1', hz: 500, leads: ['I'], lsbUv: 1.221, data: undefined });
    const bytes = Buffer.from(wave!.data, 'base64');
    const samples = Array.from({ length: bytes.length / 2 }, (_, i) => bytes.readInt16LE(i * 2));
    expect(samples).toEqual([0, 12, 244, -31, 32767, -2, 0, 7]);
  });
});
