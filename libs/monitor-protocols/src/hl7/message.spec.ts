import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHl7Message } from './message';
import type { Hl7AlarmMessage, Hl7Message, Hl7ParseResult, Hl7VitalsMessage, Hl7WaveformMessage } from './types';

const vector = (name: string): string => readFileSync(join(__dirname, '../../vectors/hl7', name), 'utf8');
const now = (): Date => new Date('2026-11-22T08:00:00Z');

const MSH = 'MSH|^~\\&|TEST_MON^00A0370000000001^EUI-64||||20260124131540000+0800||ORU^R01^ORU_R01|42|P|2.6|||AL|NE';
const report = (...obx: string[]): string => [MSH, 'PID|||^^^Hospital^PI', 'OBR|1|||182777000^monitoring of patient^SCT', ...obx].join('\r') + '\r';

function messageOf(r: Hl7ParseResult): Hl7Message {
  if (!r.ok) throw new Error(`expected a message, got ${r.code}: ${r.detail}`);
  return r.message;
}
function vitals(text: string): Hl7VitalsMessage {
  const m = messageOf(parseHl7Message(text, { now }));
  if (m.kind !== 'vitals') throw new Error(`expected vitals, got ${m.kind}`);
  return m;
}
const values = (m: Hl7VitalsMessage): Array<[string, number, string]> => m.observations.map((o) => [o.code, o.value, o.unit]);

describe(parseHl7Message.name, () => {
  describe('real vectors', () => {
    it('should read the Mindray VS-900 numerics a clinician sees on the monitor', () => {
      const sut = vitals(vector('03_mindray_vs900_ORU_R01_numerics.hl7'));
      expect(sut).toMatchObject({ controlId: '1914', sendingApp: 'MINDRAY_VS900', deviceId: '00A0370098007A80', demo: false });
      // MSH-7 carries no offset: read as UTC
      expect(sut.messageTime).toBe('2019-12-06T11:34:52.000Z');
      expect(values(sut)).toEqual([
        ['SPO2', 99, '%'],
        ['PR', 94, '/min'],
        ['PI', 0.94, '%'],
        // Mindray sends the cuff family in the order SYS, MEAN, DIA
        ['NIBP_SYS', 147, 'mm[Hg]'],
        ['NIBP_MEAN', 109, 'mm[Hg]'],
        ['NIBP_DIA', 90, 'mm[Hg]'],
        ['TEMP', 35.1, 'Cel'],
      ]);
      // NIBP keeps its own, older measurement time
      expect(sut.observations.find((o) => o.code === 'NIBP_SYS')?.measuredAt).toBe('2019-12-06T11:10:16.000Z');
      expect(sut.observations.find((o) => o.code === 'TEMP')).toMatchObject({ mdc: 188496, measuredAt: '2019-12-06T11:34:15.000Z' });
      expect(sut.ignored).toEqual([]);
    });

    it('should read the Mindray times, which carry no offset, in the gateway time zone when it is Asia/Shanghai', () => {
      const sut = messageOf(parseHl7Message(vector('03_mindray_vs900_ORU_R01_numerics.hl7'), { now, assumeTimeZone: 'Asia/Shanghai' }));
      if (sut.kind !== 'vitals') throw new Error(`expected vitals, got ${sut.kind}`);
      // 11:34:52 on the monitor's clock in China is 03:34:52 UTC, not 8 h in the future
      expect(sut.messageTime).toBe('2019-12-06T03:34:52.000Z');
      expect(sut.observations.find((o) => o.code === 'NIBP_SYS')?.measuredAt).toBe('2019-12-06T03:10:16.000Z');
      expect(sut.observations.find((o) => o.code === 'TEMP')?.measuredAt).toBe('2019-12-06T03:34:15.000Z');
      expect(sut.assumedUtcOffsetMin).toBe(480);
    });

    it('should prefer a fixed offset over the time zone and say which one it applied', () => {
      const sut = messageOf(parseHl7Message(vector('03_mindray_vs900_ORU_R01_numerics.hl7'), { assumeUtcOffsetMin: -300, assumeTimeZone: 'Asia/Shanghai' }));
      expect(sut.messageTime).toBe('2019-12-06T16:34:52.000Z');
      expect(sut.assumedUtcOffsetMin).toBe(-300);
      // no option: read as UTC, and still reported as an assumption
      expect(messageOf(parseHl7Message(vector('03_mindray_vs900_ORU_R01_numerics.hl7'))).assumedUtcOffsetMin).toBe(0);
    });

    it('should report no assumed offset when every time carries its own', () => {
      const sut = messageOf(parseHl7Message(vector('06_comen_vs8_ORU_R01_numerics.hl7'), { assumeTimeZone: 'Asia/Shanghai' }));
      expect(sut.assumedUtcOffsetMin).toBeNull();
      expect(sut.messageTime).toBe('2025-06-09T17:51:27.000Z');
    });

    it("should read an OBX-14 without an offset at MSH-7's offset, the sender's evident one, whatever the gateway's zone", () => {
      // MSH-7 is 20260124131540000+0800: the monitor's clock is at +08:00
      const hr = 'OBX|1|NM|147842^MDC_ECG_HEART_RATE^MDC|1.7.4.147842|80|264864^MDC_DIM_BEAT_PER_MIN^MDC|||||R|||20260124131500';
      for (const opts of [{}, { assumeTimeZone: 'UTC' }, { assumeTimeZone: 'Europe/Berlin' }]) {
        const sut = messageOf(parseHl7Message(report(hr), { now, ...opts }));
        if (sut.kind !== 'vitals') throw new Error(`expected vitals, got ${sut.kind}`);
        expect(sut.observations[0]?.measuredAt).toBe('2026-01-24T05:15:00.000Z');
        // nothing was guessed: no MONITOR_TIME_WITHOUT_OFFSET for this message
        expect(sut.assumedUtcOffsetMin).toBeNull();
      }
      // a monitor configured with utcOffsetMin keeps it for such times
      const fixed = messageOf(parseHl7Message(report(hr), { now, assumeUtcOffsetMin: 0 }));
      if (fixed.kind !== 'vitals') throw new Error(`expected vitals, got ${fixed.kind}`);
      expect(fixed.observations[0]?.measuredAt).toBe('2026-01-24T13:15:00.000Z');
      expect(fixed.assumedUtcOffsetMin).toBe(0);
    });

    it('should read the OBR window of a waveform at MSH-7\'s offset when the OBR times carry none', () => {
      const text =
        [
          'MSH|^~\\&|TEST_MON||||20260124131541+0800||ORU^R01^ORU_R01|43|P|2.6|||AL|NE',
          'OBR|1|||100001^CONTINUOUS WAVEFORM^99MNDRY|||20260124131540|20260124131541',
          'OBX|1|NA|131329^MDC_ECG_ELEC_POTL_I^MDC|1.1.1.131329|1^2^3^4|266418^MDC_DIM_MILLI_VOLT^MDC|||||R',
          'OBX|2|NM|2327^MDC_ATTR_NU_MSMT_RES^MDC|1.1.1.131329.2|0.001221',
        ].join('\r') + '\r';
      const sut = messageOf(parseHl7Message(text, { now, assumeTimeZone: 'UTC' }));
      if (sut.kind !== 'waveform') throw new Error(`expected a waveform, got ${sut.kind}`);
      expect(sut.t0).toBe('2026-01-24T05:15:40.000Z');
      expect(sut.channels[0]?.hz).toBe(4);
    });

    it("should not take MSH-7's UTC instant for a wall-clock time in the gateway's zone across a DST change", () => {
      // Berlin went from +01:00 to +02:00 at 2026-03-29 01:00Z; the message is 03:00 local, +0200.
      // Read as a Berlin wall clock, its UTC digits (01:00) would give +01:00 and an OBX-14 an hour off.
      const text =
        [
          'MSH|^~\\&|TEST_MON||||20260329030000+0200||ORU^R01^ORU_R01|44|P|2.6|||AL|NE',
          'OBX|1|NM|147842^MDC_ECG_HEART_RATE^MDC|1.7.4.147842|80|264864^MDC_DIM_BEAT_PER_MIN^MDC|||||R|||20260329030000',
        ].join('\r') + '\r';
      const sut = messageOf(parseHl7Message(text, { now, assumeTimeZone: 'Europe/Berlin' }));
      if (sut.kind !== 'vitals') throw new Error(`expected vitals, got ${sut.kind}`);
      expect(sut.observations[0]?.measuredAt).toBe('2026-03-29T01:00:00.000Z');
      // without an offset in MSH-7, its digits are the wall clock looked up in the zone (+02:00 by then)
      const local = messageOf(parseHl7Message(text.replace('20260329030000+0200', '20260329030000'), { now, assumeTimeZone: 'Europe/Berlin' }));
      if (local.kind !== 'vitals') throw new Error(`expected vitals, got ${local.kind}`);
      expect(local.messageTime).toBe('2026-03-29T01:00:00.000Z');
      expect(local.observations[0]?.measuredAt).toBe('2026-03-29T01:00:00.000Z');
      expect(local.assumedUtcOffsetMin).toBe(120);
    });

    it('should ACK the Mindray message with AA and its control id when it asks with MSH-15 AL', () => {
      const sut = parseHl7Message(vector('03_mindray_vs900_ORU_R01_numerics.hl7'), { now });
      expect(sut.ack).toBe(
        'MSH|^~\\&|||MINDRAY_VS900^00A0370098007A80^EUI-64||20261122080000+0000||ACK^R01^ACK|1914|P|2.6|||NE|NE\rMSA|AA|1914\r',
      );
    });

    it('should read the Comen VS8 numerics, both SpO2 channels and the non-invasive NIBP family', () => {
      const sut = vitals(vector('06_comen_vs8_ORU_R01_numerics.hl7'));
      expect(sut).toMatchObject({ controlId: '202506100151270003', sendingApp: 'NC_Monitor', deviceId: 'KC261551373G' });
      expect(sut.messageTime).toBe('2025-06-09T17:51:27.000Z');
      expect(values(sut)).toEqual([
        ['SPO2', 97, '%'],
        ['PR', 59, '/min'],
        ['SPO2', 97, '%'],
        ['RR', 20, '/min'],
        ['TEMP', 37, 'Cel'],
        ['NIBP_SYS', 120, 'mm[Hg]'],
        ['NIBP_DIA', 80, 'mm[Hg]'],
        ['NIBP_MEAN', 90, 'mm[Hg]'],
      ]);
      expect(sut.observations.filter((o) => o.code === 'SPO2').map((o) => o.path)).toEqual(['1.3.1.150456', '1.3.2.150456']);
      // vendor body position, SpO2 quality and the empty height/weight are reported, not used
      expect(sut.ignored.map((i) => i.mdc)).toEqual([160324, 150468, null, 188740, 188736]);
    });

    it('should send no ACK to the Comen sender when MSH-15 and MSH-16 are empty', () => {
      expect(parseHl7Message(vector('06_comen_vs8_ORU_R01_numerics.hl7'), { now }).ack).toBeNull();
    });

    it('should read the IHE PCD-01 example with UCUM units and skip its containment rows', () => {
      const sut = vitals(vector('09_ihe_pcd01_acme_gateway_nibp_ucum.hl7'));
      expect(sut).toMatchObject({ controlId: '0104ef190d604db188c3', sendingApp: 'ACME_Gateway', deviceId: '080019FFFE3ED02D' });
      expect(values(sut)).toEqual([
        ['NIBP_SYS', 120, 'mm[Hg]'],
        ['NIBP_DIA', 80, 'mm[Hg]'],
        ['NIBP_MEAN', 93, 'mm[Hg]'],
        ['PR', 63, '/min'],
      ]);
      expect(sut.observations.every((o) => o.measuredAt === '2011-06-02T04:58:42.000Z')).toBe(true);
      expect(sut.ignored).toEqual([]);
    });
  });

  describe('observations', () => {
    it('should map both NIBP code families to the same vitals when a device uses either', () => {
      const noninv = vitals(report('OBX|1|NM|150021^MDC_PRESS_BLD_NONINV_SYS^MDC|1.1.9.150021|118|266016^MDC_DIM_MMHG^MDC|||||R', 'OBX|2|NM|150022^MDC_PRESS_BLD_NONINV_DIA^MDC|1.1.9.150022|76|266016^MDC_DIM_MMHG^MDC|||||R'));
      const cuff = vitals(report('OBX|1|NM|150301^MDC_PRESS_CUFF_SYS^MDC|1.1.9.150301|118|266016^MDC_DIM_MMHG^MDC|||||R', 'OBX|2|NM|150302^MDC_PRESS_CUFF_DIA^MDC|1.1.9.150302|76|266016^MDC_DIM_MMHG^MDC|||||R'));
      expect(values(noninv)).toEqual([['NIBP_SYS', 118, 'mm[Hg]'], ['NIBP_DIA', 76, 'mm[Hg]']]);
      expect(values(cuff)).toEqual(values(noninv));
    });

    it('should report invasive arterial pressure as IBP, never NIBP, when codes are 150033-150035', () => {
      const sut = vitals(report('OBX|1|NM|150033^MDC_PRESS_BLD_ART_SYS^MDC|1.5.1.1|132|266016^MDC_DIM_MMHG^MDC', 'OBX|2|NM|150034^MDC_PRESS_BLD_ART_DIA^MDC|1.5.1.2|71|266016^MDC_DIM_MMHG^MDC', 'OBX|3|NM|150035^MDC_PRESS_BLD_ART_MEAN^MDC|1.5.1.3|91|266016^MDC_DIM_MMHG^MDC'));
      expect(sut.observations.map((o) => o.code)).toEqual(['IBP_SYS', 'IBP_DIA', 'IBP_MEAN']);
    });

    it.each([
      ['147842^MDC_ECG_HEART_RATE^MDC', '264864^MDC_DIM_BEAT_PER_MIN^MDC', 'HR'],
      ['149538^MDC_PULS_OXIM_PULS_RATE^MDC', '264864^MDC_DIM_BEAT_PER_MIN^MDC', 'PR'],
      ['149514^MDC_PULS_RATE^MDC', '/min^/min^UCUM', 'PR'],
      ['151578^MDC_TTHOR_RESP_RATE^MDC', '264928^MDC_DIM_RESP_PER_MIN^MDC', 'RR'],
      ['151708^MDC_CONC_AWAY_CO2_ET^MDC', '266016^MDC_DIM_MMHG^MDC', 'ETCO2'],
      ['151712^MDC_CONC_AWAY_CO2_EXP^MDC', 'mm[Hg]^mm[Hg]^UCUM', 'ETCO2'],
      ['151728^MDC_AWAY_CO2_ET^MDC', '266016^MDC_DIM_MMHG^MDC', 'ETCO2'],
      ['150364^MDC_TEMP_BODY^MDC', '268192^MDC_DIM_DEGC^MDC', 'TEMP'],
      ['188424^MDC_TEMP_ORAL^MDC', 'Cel^Cel^UCUM', 'TEMP'],
      ['150392^MDC_TEMP_TYMP^MDC', '268192^MDC_DIM_DEGC^MDC', 'TEMP'],
    ])('should map %s to %s', (obx3, obx6, code) => {
      const sut = vitals(report(`OBX|1|NM|${obx3}|1.1.1.1|36|${obx6}|||||R`));
      expect(sut.observations.map((o) => o.code)).toEqual([code]);
    });

    it('should convert kPa to mmHg when a capnograph reports EtCO2 in kPa', () => {
      const sut = vitals(report('OBX|1|NM|151708^MDC_CONC_AWAY_CO2_ET^MDC|1.6.1.151708|5.3|265987^MDC_DIM_KILO_PASCAL^MDC', 'OBX|2|NM|151708^MDC_CONC_AWAY_CO2_ET^MDC|1.6.1.151708|4.0|kPa^kPa^UCUM'));
      expect(values(sut)).toEqual([['ETCO2', 39.75, 'mm[Hg]'], ['ETCO2', 30, 'mm[Hg]']]);
    });

    it('should convert °F to Cel when a thermometer reports Fahrenheit', () => {
      const sut = vitals(report('OBX|1|NM|150344^MDC_TEMP^MDC|1.2.1.150344|100.4|[degF]^[degF]^UCUM', 'OBX|2|NM|150344^MDC_TEMP^MDC|1.2.1.150344|98.6|266560^MDC_DIM_FAHR^MDC'));
      expect(values(sut)).toEqual([['TEMP', 38, 'Cel'], ['TEMP', 37, 'Cel']]);
    });

    it('should refuse a unit of the wrong kind when SpO2 arrives in mmHg', () => {
      const sut = vitals(report('OBX|1|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC|1.3.1.150456|97|266016^MDC_DIM_MMHG^MDC'));
      expect(sut.observations).toEqual([]);
      expect(sut.ignored[0]).toMatchObject({ mdc: 150456, reason: expect.stringContaining('not a percent unit') });
    });

    it.each([
      ['-999', 'sentinel'],
      ['-99.9', 'sentinel'],
      ['-100', 'sentinel'],
      ['32767', 'sentinel'],
      ['', 'empty'],
      ['N/A', 'non-numeric'],
      ['37.2.1', 'non-numeric'],
      ['1e3', 'non-numeric'],
      ['384.5', 'implausible'],
      ['12', 'implausible'],
    ])('should never turn the temperature value %j into an observation (%s)', (raw, reason) => {
      const sut = vitals(report(`OBX|1|NM|150344^MDC_TEMP^MDC|1.2.1.150344|${raw}|268192^MDC_DIM_DEGC^MDC|||||R`));
      expect(sut.observations).toEqual([]);
      expect(sut.ignored).toEqual([{ mdc: 150344, reason: expect.stringContaining(reason) }]);
    });

    it('should report unknown MDC codes and vendor codes in ignored when they are not vitals', () => {
      const sut = vitals(report('OBX|1|NM|148066^MDC_ECG_V_P_C_RATE^MDC|1.7.1.1|3|264864^MDC_DIM_BEAT_PER_MIN^MDC', 'OBX|2|NM|1234^MNDRY_ST_SOMETHING^99MNDRY|1.7.1.2|0.1'));
      expect(sut.ignored).toEqual([
        { mdc: 148066, reason: 'not a tracked vital: 148066 MDC_ECG_V_P_C_RATE' },
        { mdc: null, reason: 'not an MDC code: 1234 MNDRY_ST_SOMETHING (99MNDRY)' },
      ]);
    });

    it('should take the MDC code from the alternate identifier when OBX-3 leads with LOINC', () => {
      const sut = vitals(report('OBX|1|NM|8867-4^Heart rate^LN^147842^MDC_ECG_HEART_RATE^MDC|1.7.4.147842|72|/min^/min^UCUM'));
      expect(sut.observations).toMatchObject([{ code: 'HR', mdc: 147842, value: 72 }]);
    });

    it('should flag demo data on the row and the message when OBX-8 says DEMO', () => {
      const sut = vitals(report('OBX|1|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC|1.3.1.150456|98|262688^MDC_DIM_PERCENT^MDC||DEMO|||R', 'OBX|2|NM|147842^MDC_ECG_HEART_RATE^MDC|1.7.4.147842|80|264864^MDC_DIM_BEAT_PER_MIN^MDC|||||R'));
      expect(sut.demo).toBe(true);
      expect(sut.observations.map((o) => [o.code, o.flags])).toEqual([['SPO2', ['demo']], ['HR', []]]);
    });

    it('should read OBX-14 with fractional seconds and an offset as UTC', () => {
      const sut = vitals(report('OBX|1|NM|147842^MDC_ECG_HEART_RATE^MDC|1.7.4.147842|80|264864^MDC_DIM_BEAT_PER_MIN^MDC|||||R|||20260726231332.1106+0800'));
      expect(sut.observations[0]?.measuredAt).toBe('2026-07-26T15:13:32.110Z');
      expect(sut.messageTime).toBe('2026-01-24T05:15:40.000Z');
    });

    it('should read separators from MSH-1/MSH-2 and unescape values when a device uses others', () => {
      const text = 'MSH#$*@%#MON$EUI@S@1####20260101000000##ORU$R01#7@F@1#P#2.6\rOBX#1#NM#147842$MDC_ECG_HEART_RATE$MDC#1.7.4.147842#61#264864$MDC_DIM_BEAT_PER_MIN$MDC\r';
      const sut = vitals(text);
      expect(sut).toMatchObject({ controlId: '7#1', sendingApp: 'MON', deviceId: 'EUI$1' });
      expect(values(sut)).toEqual([['HR', 61, '/min']]);
    });

    it('should skip retracted results when OBX-11 is W', () => {
      const sut = vitals(report('OBX|1|NM|147842^MDC_ECG_HEART_RATE^MDC|1.7.4.147842|80|264864^MDC_DIM_BEAT_PER_MIN^MDC|||||W'));
      expect(sut.observations).toEqual([]);
    });
  });

  describe('waveforms', () => {
    const ecg = Array.from({ length: 500 }, (_, i) => (i === 10 ? 32767 : Math.round(244 * Math.sin(i / 20))));
    const waveform = [
      'MSH|^~\\&|MINDRAY_^00A037000000^EUI-64|MINDRAY|||20260124131540000+0800||ORU^R01^ORU_R01|1227|P|2.6|||AL|NE',
      'OBR|1||1227^MINDRAY_^00A037000000^EUI-64|100001^CONTINUOUS WAVEFORM^99MNDRY|||20260124131539000+0800|20260124131540000+0800',
      `OBX|1|NA|131329^MDC_ECG_ELEC_POTL_I^MDC|1.7.6.131329|${ecg.join('^')}|266418^MDC_DIM_MILLI_VOLT^MDC`,
      'OBX|2|NM|0^MDC_ATTR_SAMP_RATE^MDC|1.7.6.131329.1|500|264640^MDC_DIM_HZ^MDC',
      'OBX|3|NM|2327^MDC_ATTR_NU_MSMT_RES^MDC|1.7.6.131329.2|0.001221|266418^MDC_DIM_MILLI_VOLT^MDC',
      'OBX|4|NM|196660^MDC_EVT_INOP^MDC|1.7.6.131329.3|32767',
      `OBX|5|NA|150452^MDC_PULS_OXIM_PLETH^MDC|1.3.1.150452|${Array(125).fill(32767).join('^')}|262656^MDC_DIM_DIMLESS^MDC`,
      'OBX|6|NM|0^MDC_ATTR_SAMP_RATE^MDC|1.3.1.150452.1|125|264608^MDC_DIM_PER_SEC^MDC',
      'OBX|7|NM|2327^MDC_ATTR_NU_MSMT_RES^MDC|1.3.1.150452.2|1.000000|262656^MDC_DIM_DIMLESS^MDC',
      'OBX|8|NM|262196^MDC_EVT_INOP^MDC|1.3.1.150452.3|32767',
    ].join('\r');

    function wave(text: string): Hl7WaveformMessage {
      const m = messageOf(parseHl7Message(text, { now }));
      if (m.kind !== 'waveform') throw new Error(`expected waveform, got ${m.kind}`);
      return m;
    }

    it('should read ECG lead I with its sample rate, resolution and invalid samples', () => {
      const sut = wave(waveform);
      expect(sut.t0).toBe('2026-01-24T05:15:39.000Z');
      const lead = sut.channels[0]!;
      expect(lead).toMatchObject({ lead: 'I', mdc: 131329, hz: 500, resolution: 0.001221, unit: 'mV', invalidSampleCount: 1 });
      expect(lead.samples).toBeInstanceOf(Int16Array);
      expect(lead.samples.length).toBe(500);
      expect(lead.samples[10]).toBe(32767);
      expect(Math.max(...Array.from(lead.samples).filter((s) => s !== 32767)) * lead.resolution).toBeCloseTo(0.298, 3);
      // attribute and INOP rows are not vitals
      expect(sut.ignored).toEqual([]);
    });

    it('should report a pleth channel with no sensor when every sample is 32767', () => {
      const pleth = wave(waveform).channels[1]!;
      expect(pleth).toMatchObject({ lead: 'PLETH', hz: 125, resolution: 1, unit: '1' });
      expect(pleth.invalidSampleCount).toBe(pleth.samples.length);
      expect(pleth.samples.length).toBe(125);
    });

    it('should derive the sample rate from OBR-7..OBR-8 when the rate row is missing', () => {
      const sut = wave(waveform.split('\r').filter((s) => !s.includes('MDC_ATTR_SAMP_RATE')).join('\r'));
      expect(sut.channels.map((c) => [c.lead, c.hz])).toEqual([['I', 500], ['PLETH', 125]]);
    });

    it('should map the 11073 ECG lead codes to the leads when a 12-lead monitor sends them', () => {
      const codes = [131329, 131330, 131389, 131390, 131391, 131392, 131331, 131332, 131333, 131334, 131335, 131336];
      const rows = codes.flatMap((mdc, i) => [`OBX|${2 * i + 1}|NA|${mdc}^X^MDC|1.7.6.${mdc}|1^2^3`, `OBX|${2 * i + 2}|NM|0^MDC_ATTR_SAMP_RATE^MDC|1.7.6.${mdc}.1|250|264640^MDC_DIM_HZ^MDC`]);
      const sut = wave([MSH, ...rows].join('\r'));
      expect(sut.channels.map((c) => c.lead)).toEqual(['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']);
    });

    it('should accept ORU^W01 as a waveform when it has NA rows', () => {
      const sut = wave(waveform.replace('ORU^R01^ORU_R01', 'ORU^W01'));
      expect(sut.channels).toHaveLength(2);
    });

    it('should give each channel its own attributes by OBX-4 when they come after all the NA rows', () => {
      const rows = [
        'MSH|^~\\&|MON^00A0370000000001^EUI-64||||20260124131540000+0800||ORU^R01^ORU_R01|88|P|2.6',
        'OBX|1|NA|131329^MDC_ECG_ELEC_POTL_I^MDC|1.7.6.131329|1^2^3^4|266418^MDC_DIM_MILLI_VOLT^MDC',
        'OBX|2|NA|150452^MDC_PULS_OXIM_PLETH^MDC|1.3.1.150452|5^6|262656^MDC_DIM_DIMLESS^MDC',
        'OBX|3|NM|0^MDC_ATTR_SAMP_RATE^MDC|1.7.6.131329.1|500|264640^MDC_DIM_HZ^MDC',
        'OBX|4|NM|2327^MDC_ATTR_NU_MSMT_RES^MDC|1.7.6.131329.2|0.001221|266418^MDC_DIM_MILLI_VOLT^MDC',
        'OBX|5|NM|0^MDC_ATTR_SAMP_RATE^MDC|1.3.1.150452.1|125|264608^MDC_DIM_PER_SEC^MDC',
        'OBX|6|NM|2327^MDC_ATTR_NU_MSMT_RES^MDC|1.3.1.150452.2|1.000000|262656^MDC_DIM_DIMLESS^MDC',
      ];
      const sut = wave(rows.join('\r'));
      expect(sut.channels.map((c) => [c.lead, c.hz, c.resolution, c.unit])).toEqual([
        ['I', 500, 0.001221, 'mV'],
        ['PLETH', 125, 1, '1'],
      ]);
      expect(sut.ignored).toEqual([]);
    });

    it('should read a channel whose sample rate and resolution rows come before its NA row', () => {
      const rows = [
        'MSH|^~\\&|MON||||20260124131540000+0800||ORU^R01^ORU_R01|89|P|2.6',
        'OBX|1|NM|0^MDC_ATTR_SAMP_RATE^MDC|1.7.6.131330.1|250|264640^MDC_DIM_HZ^MDC',
        'OBX|2|NM|2327^MDC_ATTR_NU_MSMT_RES^MDC|1.7.6.131330.2|0.005|266418^MDC_DIM_MILLI_VOLT^MDC',
        'OBX|3|NA|131330^MDC_ECG_ELEC_POTL_II^MDC|1.7.6.131330|1^2^3',
      ];
      const sut = wave(rows.join('\r'));
      expect(sut.channels).toMatchObject([{ lead: 'II', hz: 250, resolution: 0.005, unit: 'mV' }]);
      expect(sut.ignored).toEqual([]);
    });

    it('should read attribute rows before the NA row when the device sends no OBX-4 at all', () => {
      const rows = [
        'MSH|^~\\&|MON||||20260124131540000+0800||ORU^R01^ORU_R01|90|P|2.6',
        'OBX|1|NM|0^MDC_ATTR_SAMP_RATE^MDC||250|264640^MDC_DIM_HZ^MDC',
        'OBX|2|NA|131330^MDC_ECG_ELEC_POTL_II^MDC||1^2^3',
      ];
      expect(wave(rows.join('\r')).channels).toMatchObject([{ lead: 'II', hz: 250 }]);
    });

    it.each([
      ['a code and no name', '0^^MDC', '264640^MDC_DIM_HZ^MDC'],
      ['a vendor code', '1^SAMPLING^99MNDRY', '264608^^MDC'],
      ['a UCUM unit', '0^^MDC', 'Hz^Hz^UCUM'],
    ])('should take the sample rate from its unit when the rate row has %s', (_name, code, unit) => {
      const rows = [
        'MSH|^~\\&|MON||||20260124131540000+0800||ORU^R01^ORU_R01|91|P|2.6',
        'OBX|1|NA|131330^MDC_ECG_ELEC_POTL_II^MDC|1.7.6.131330|1^2^3',
        `OBX|2|NM|${code}|1.7.6.131330.1|500|${unit}`,
      ];
      expect(wave(rows.join('\r')).channels).toMatchObject([{ lead: 'II', hz: 500 }]);
    });

    it('should not give the attributes of an untracked waveform to another channel', () => {
      const rows = [
        'MSH|^~\\&|MON||||20260124131540000+0800||ORU^R01^ORU_R01|92|P|2.6',
        'OBX|1|NA|131330^MDC_ECG_ELEC_POTL_II^MDC|1.7.6.131330|1^2^3',
        'OBX|2|NA|150036^MDC_PRESS_BLD_ART_ABP^MDC|1.9.1.150036|80^90^100',
        'OBX|3|NM|0^MDC_ATTR_SAMP_RATE^MDC|1.9.1.150036.1|125|264640^MDC_DIM_HZ^MDC',
        'OBX|4|NM|0^MDC_ATTR_SAMP_RATE^MDC|1.7.6.131330.1|500|264640^MDC_DIM_HZ^MDC',
      ];
      const sut = wave(rows.join('\r'));
      expect(sut.channels).toMatchObject([{ lead: 'II', hz: 500 }]);
      expect(sut.ignored).toMatchObject([{ mdc: 150036 }]);
    });

    it('should turn decimal samples into counts when a device sends physical values', () => {
      const sut = wave([MSH, 'OBX|1|NA|131330^MDC_ECG_ELEC_POTL_II^MDC|1|0.125^-0.250^x', 'OBX|2|NM|0^MDC_ATTR_SAMP_RATE^MDC|1.1|250|264640^MDC_DIM_HZ^MDC'].join('\r'));
      expect(sut.channels[0]).toMatchObject({ lead: 'II', resolution: 0.001, unit: 'mV', invalidSampleCount: 1 });
      expect(Array.from(sut.channels[0]!.samples)).toEqual([125, -250, 32767]);
    });
  });

  describe('alarms', () => {
    function alarm(text: string): Hl7AlarmMessage {
      const m = messageOf(parseHl7Message(text, { now }));
      if (m.kind !== 'alarm') throw new Error(`expected alarm, got ${m.kind}`);
      return m;
    }

    it('should read a Mindray lead-off technical alarm from ORU^R40', () => {
      const sut = alarm(
        [
          'MSH|^~\\&|MINDRAY_^00A037000000^EUI-64|MINDRAY|||20260124124738000+0800||ORU^R40^ORU_R40|77|P|2.6|||AL|NE||UNICODE UTF-8|||IHE_PCD_ACM_001^IHE PCD^1.3.6.1.4.1.19376.1.6.1.4.1^ISO',
          'OBR|1|||196616^MDC_EVT_ALARM^MDC|||20260124124738+0800',
          'OBX|1|CWE|196616^MDC_EVT_ALARM^MDC|1.7.0.196680.1|196680^MDC_EVT_LEAD_OFF^MDC|||A~PL~ST|||R|||20260124124738+0800',
          'OBX|2|ST|68480^MDC_ATTR_ALERT_SOURCE^MDC|1.7.0.196680.2|131329^MDC_ECG_ELEC_POTL_I^MDC||||||R',
          'OBX|3|ST|68481^MDC_ATTR_EVENT_PHASE^MDC|1.7.0.196680.3|start||||||R',
          'OBX|4|ST|68482^MDC_ATTR_ALARM_STATE^MDC|1.7.0.196680.4|active||||||R',
          'OBX|6|ST|68484^MDC_ATTR_ALARM_PRIORITY^MDC|1.7.0.196680.6|PL||||||R',
          'OBX|7|ST|68485^MDC_ATTR_ALERT_TYPE^MDC|1.7.0.196680.7|ST||||||R',
        ].join('\r'),
      );
      expect(sut).toMatchObject({ kind: 'alarm', controlId: '77', alarmCode: 196680, alarmName: 'MDC_EVT_LEAD_OFF', priority: 'PL', technical: true, phase: 'start', text: null });
      expect(sut.messageTime).toBe('2026-01-24T04:47:38.000Z');
    });

    it('should read a physiological alarm whose event code is in OBX-3 and text in OBX-5', () => {
      const sut = alarm(
        [
          'MSH|^~\\&|GW||||20210120082326.275+0000||ORU^R40^ORU_R40|9|P|2.6',
          'OBX|1||69965^MDC_DEV_MON_PHYSIO_MULTI_PARAM_MDS^MDC|1.0.0.0|||||||X',
          'OBX|2|ST|196650^MDC_EVT_HI^MDC|1.0.0.0.1|HR 150 > 120|||A~PH~SP|||R',
          'OBX|3|ST|68165^MDC_ATTR_EVENT_PHASE^MDC|1.0.0.0.3|update|||A~PH~SP|||R',
        ].join('\r'),
      );
      expect(sut).toMatchObject({ alarmCode: 196650, alarmName: 'MDC_EVT_HI', priority: 'PH', technical: false, phase: 'update', text: 'HR 150 > 120' });
    });

    it('should report HL7_NO_OBSERVATIONS with an AE ACK when an R40 has no event row', () => {
      const sut = parseHl7Message('MSH|^~\\&|GW||||20210120082326||ORU^R40^ORU_R40|9|P|2.6|||AL|NE\rOBX|1||69965^MDC_DEV_MON_PHYSIO_MULTI_PARAM_MDS^MDC|1.0.0.0|||||||X\r', { now });
      expect(sut).toMatchObject({ ok: false, code: 'HL7_NO_OBSERVATIONS' });
      expect(sut.ack?.split('\r')[1]).toMatch(/^MSA\|AE\|9\|/);
    });
  });

  describe('errors', () => {
    it.each([
      ['', 'HL7_NOT_HL7'],
      ['hello world', 'HL7_NOT_HL7'],
      ['\u0000\u0001\u00ff', 'HL7_NOT_HL7'],
      ['PID|||123\rOBX|1|NM|147842^HR^MDC||80\r', 'HL7_NO_MSH'],
      ['MSH|^~\\&|APP', 'HL7_TRUNCATED'],
      ['MSHX^~\\&|APP\r', 'HL7_NOT_HL7'],
    ])('should report %j as %s', (text, code) => {
      expect(parseHl7Message(text)).toMatchObject({ ok: false, code, ack: null });
    });

    it('should reject an ADT message with an AR ACK when the sender asks for one', () => {
      const sut = parseHl7Message('MSH|^~\\&|HIS|H|||20260101||ADT^A01^ADT_A01|55|P|2.6|||AL|AL\rPID|||1\r', { now });
      expect(sut).toMatchObject({ ok: false, code: 'HL7_UNSUPPORTED_TYPE' });
      expect(sut.ack?.split('\r')[1]).toMatch(/^MSA\|AR\|55\|/);
    });

    it('should not acknowledge an ACK when one arrives', () => {
      expect(parseHl7Message('MSH|^~\\&|A|B|||20260101||ACK^R01^ACK|5|P|2.6|||AL|AL\rMSA|AA|4\r')).toMatchObject({ ok: false, code: 'HL7_UNSUPPORTED_TYPE', ack: null });
    });

    it('should report HL7_NO_OBSERVATIONS when an R01 holds only containment rows', () => {
      const sut = parseHl7Message(report('OBX|1||69965^MDC_DEV_MON_PHYSIO_MULTI_PARAM_MDS^MDC|1.0.0.0|||||||X'), { now });
      expect(sut).toMatchObject({ ok: false, code: 'HL7_NO_OBSERVATIONS' });
      expect(sut.ack).toContain('MSA|AE|42|');
    });

    it('should ACK only errors when MSH-16 is ER and MSH-15 is NE', () => {
      const ok = report('OBX|1|NM|147842^MDC_ECG_HEART_RATE^MDC|1|80').replace('|AL|NE', '|NE|ER');
      const bad = report().replace('|AL|NE', '|NE|ER');
      expect(parseHl7Message(ok, { now }).ack).toBeNull();
      expect(parseHl7Message(bad, { now }).ack).toContain('MSA|AE|42');
    });
  });
});
