import { describe, expect, it } from 'vitest';
import { readAlarm } from './alarm';
import { parseHl7Message } from './message';
import type { Hl7AlarmMessage } from './types';
import { writeHl7Alarm } from './writer';

const now = (): Date => new Date('2026-11-22T08:00:00Z');
const MSH = 'MSH|^~\\&|GW^0800190000000001^EUI-64||||20261122080000+0000||ORU^R40^ORU_R40|a7|P|2.6|||AL|NE';

function alarm(...rows: string[]): Hl7AlarmMessage {
  const r = parseHl7Message([MSH, 'OBR|1|||196616^MDC_EVT_ALARM^MDC', ...rows].join('\r') + '\r', { now });
  if (!r.ok || r.message.kind !== 'alarm') throw new Error(`expected an alarm, got ${JSON.stringify(r)}`);
  return r.message;
}

describe(readAlarm.name, () => {
  // IHE PCD-04 layout: event id (.1), source with the measured value (.2), phase (.3), state (.4), priority (.6), type (.7)
  it('should read the vital and its value from the source identification row of a limit alarm', () => {
    const sut = alarm(
      'OBX|1|ST|196616^MDC_EVT_ALARM^MDC|1.3.1.150456.1|196670^MDC_EVT_LO^MDC|||L~PH~SP|||F',
      'OBX|2|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC|1.3.1.150456.2|80|262688^MDC_DIM_PERCENT^MDC|90-100|L~PH~SP|||F',
      'OBX|3|ST|68481^MDC_ATTR_EVENT_PHASE^MDC|1.3.1.150456.3|start|||||F',
      'OBX|4|ST|68482^MDC_ATTR_ALARM_STATE^MDC|1.3.1.150456.4|active|||||F',
      'OBX|5|ST|68484^MDC_ATTR_ALARM_PRIORITY^MDC|1.3.1.150456.6|PH|||||F',
      'OBX|6|ST|68485^MDC_ATTR_ALERT_TYPE^MDC|1.3.1.150456.7|SP|||||F',
    );
    expect(sut).toMatchObject({
      alarmCode: 196670,
      alarmName: 'MDC_EVT_LO',
      priority: 'PH',
      technical: false,
      phase: 'start',
      state: 'active',
      vital: { code: 'SPO2', value: 80, unit: '%' },
      demo: false,
    });
  });

  it('should take the vital from the alert source when no value came with the alarm', () => {
    const sut = alarm(
      'OBX|1|CWE|196616^MDC_EVT_ALARM^MDC|1.0.0.0.1|196648^MDC_EVT_HI^MDC|||A~PM~SP|||R',
      'OBX|2|ST|68480^MDC_ATTR_ALERT_SOURCE^MDC|1.0.0.0.2|147842^MDC_ECG_HEART_RATE^MDC||||||R',
      'OBX|3|ST|68482^MDC_ATTR_ALARM_STATE^MDC|1.0.0.0.4|ACTIVE||||||R',
    );
    expect(sut).toMatchObject({ alarmName: 'MDC_EVT_HI', priority: 'PM', state: 'active', vital: { code: 'HR', value: null, unit: null } });
  });

  it('should take the vital from the metric in the event row path when nothing else names it', () => {
    const sut = alarm('OBX|1|CWE|196616^MDC_EVT_ALARM^MDC|1.3.1.149530.1|196648^MDC_EVT_HI^MDC|||A~PH~SP|||R');
    expect(sut.vital).toEqual({ code: 'PR', value: null, unit: null });
  });

  it('should name no vital for a technical alarm about an ECG lead', () => {
    const sut = alarm(
      'OBX|1|CWE|196616^MDC_EVT_ALARM^MDC|1.7.0.196680.1|196680^MDC_EVT_LEAD_OFF^MDC|||A~PL~ST|||R',
      'OBX|2|ST|68480^MDC_ATTR_ALERT_SOURCE^MDC|1.7.0.196680.2|131329^MDC_ECG_ELEC_POTL_I^MDC||||||R',
    );
    expect(sut).toMatchObject({ technical: true, vital: null, state: null });
  });

  it('should keep the code of a vital whose value is a device sentinel, without the value', () => {
    const sut = alarm(
      'OBX|1|CWE|196616^MDC_EVT_ALARM^MDC|1.0.0.0.1|196648^MDC_EVT_HI^MDC|||A~PH~SP|||R',
      'OBX|2|NM|147842^MDC_ECG_HEART_RATE^MDC|1.0.0.0.2|-999|264864^MDC_DIM_BEAT_PER_MIN^MDC|||||R',
    );
    expect(sut.vital).toEqual({ code: 'HR', value: null, unit: null });
  });

  it('should mark an alarm from a monitor in demo mode as demo', () => {
    expect(alarm('OBX|1|CWE|196616^MDC_EVT_ALARM^MDC|1.0.0.0.1|196648^MDC_EVT_HI^MDC|||DEMO~A~PH~SP|||R').demo).toBe(true);
  });

  it('should read back what the writer wrote for an alarm that ends', () => {
    const r = parseHl7Message(
      writeHl7Alarm({ controlId: 'e1', time: now(), alarmMdc: 196648, alarmName: 'MDC_EVT_HI', priority: 'PH', technical: false, phase: 'end', vital: { code: 'HR', value: 152 }, text: '心率过高 HR>120', demo: true }),
      { now },
    );
    expect(r).toMatchObject({
      ok: true,
      message: { kind: 'alarm', alarmCode: 196648, phase: 'end', state: 'inactive', text: '心率过高 HR>120', vital: { code: 'HR', value: 152, unit: '/min' }, demo: true },
    });
  });
});
