import { VITAL_SIGNS, type VitalCode, type WaveformLead } from '@feijiu/contracts';
import { INVALID_SAMPLE, MDC_BY_WAVEFORM_LEAD, MDC_REF_ID, NIBP_CUFF_MDC, OBR_MONITORING, PCD_ACM_PROFILE, PCD_DEC_PROFILE, WAVEFORM_REF_ID } from './constants';
import { escapeHl7 } from './er7';
import { formatHl7Time } from './time';

// Writers produce IHE PCD-01 / PCD-04 messages the way real monitors do (Mindray VS-900 layout),
// for the simulator and for round-trip tests.

type SegmentEnd = '\r' | '\n' | '\r\n';
type AckMode = 'AL' | 'NE';

const MDC_UNIT: Record<string, string> = {
  '/min': '264864^MDC_DIM_BEAT_PER_MIN^MDC',
  '%': '262688^MDC_DIM_PERCENT^MDC',
  'mm[Hg]': '266016^MDC_DIM_MMHG^MDC',
  Cel: '268192^MDC_DIM_DEGC^MDC',
};
const UCUM_UNIT: Record<string, string> = {
  '/min': '{beat}/min^{beat}/min^UCUM',
  '%': '%^%^UCUM',
  'mm[Hg]': 'mm[Hg]^mm[Hg]^UCUM',
  Cel: 'Cel^Cel^UCUM',
};
const RESP_UNIT = { mdc: '264928^MDC_DIM_RESP_PER_MIN^MDC', ucum: '{breath}/min^{breath}/min^UCUM' };

function msh(app: string, time: Date, type: string, controlId: string, ackMode: AckMode, profile: string): string {
  return `MSH|^~\\&|${app}||||${formatHl7Time(time)}||${type}|${escapeHl7(controlId)}|P|2.6|||${ackMode}|NE||UNICODE UTF-8|||${profile}`;
}

const PID = 'PID|||^^^Hospital^PI||^^^^^^L';

// MSH-3 may carry components (name^EUI-64^EUI-64); only a field separator or a line end would break it.
const appField = (app: string | undefined): string => (app ?? 'FEIJIU_SIM').replace(/[|\r\n]/g, '');
const PV1 = 'PV1||E';

/** A number as HL7 NM text (no exponent notation). */
export function formatNm(value: number): string {
  if (!Number.isFinite(value)) return '';
  const text = String(value);
  return /e/i.test(text) ? value.toFixed(6).replace(/\.?0+$/, '') : text;
}

function mdcFor(code: VitalCode, nibpFamily: 'noninv' | 'cuff'): number {
  if (nibpFamily === 'cuff' && (code === 'NIBP_SYS' || code === 'NIBP_DIA' || code === 'NIBP_MEAN')) return NIBP_CUFF_MDC[code];
  return VITAL_SIGNS[code].mdcCodes[0]!;
}

function unitFor(code: VitalCode, style: 'mdc' | 'ucum'): string {
  if (code === 'RR') return RESP_UNIT[style];
  const ucum = VITAL_SIGNS[code].ucum;
  return (style === 'mdc' ? MDC_UNIT : UCUM_UNIT)[ucum] ?? '';
}

export interface WriteHl7VitalsInput {
  controlId: string;
  sendingApp?: string;
  time: Date;
  observations: Array<{ code: VitalCode; value: number; time?: Date }>;
  demo?: boolean;
  nibpFamily?: 'noninv' | 'cuff';
  unitStyle?: 'mdc' | 'ucum';
  segmentEnd?: SegmentEnd;
  ackMode?: AckMode;
}

/** ORU^R01 with one NM OBX per observation, under an MDS containment row. */
export function writeHl7Vitals(input: WriteHl7VitalsInput): string {
  const app = appField(input.sendingApp);
  const nibp = input.nibpFamily ?? 'noninv';
  const style = input.unitStyle ?? 'mdc';
  const ts = formatHl7Time(input.time);
  const id = escapeHl7(input.controlId);
  const segments = [
    msh(app, input.time, 'ORU^R01^ORU_R01', input.controlId, input.ackMode ?? 'AL', PCD_DEC_PROFILE),
    PID,
    PV1,
    `OBR|1|${id}^${app}|${id}^${app}|${OBR_MONITORING}|||${ts}`,
    'OBX|1||69965^MDC_DEV_MON_PHYSIO_MULTI_PARAM_MDS^MDC|1.0.0.0|||||||X',
  ];
  input.observations.forEach((o, i) => {
    const mdc = mdcFor(o.code, nibp);
    const ref = MDC_REF_ID.get(mdc) ?? VITAL_SIGNS[o.code].mdcRefId;
    const aperiodic = o.code.startsWith('NIBP') ? '^APERIODIC' : '';
    const flags = input.demo ? 'DEMO' : '';
    segments.push(
      `OBX|${i + 2}|NM|${mdc}^${ref}^MDC|1.${i + 1}.1.${mdc}|${formatNm(o.value)}|${unitFor(o.code, style)}||${flags}|||R|||` +
        `${formatHl7Time(o.time ?? input.time)}|||${aperiodic}`,
    );
  });
  return join(segments, input.segmentEnd);
}

export interface WriteHl7WaveformInput {
  controlId: string;
  sendingApp?: string;
  t0: Date;
  hz: number;
  channels: Array<{ lead: WaveformLead; resolution: number; samples: ArrayLike<number> }>;
  ackMode?: AckMode;
}

/** ORU^R01 with, per channel, an NA row of counts and its sample-rate and resolution rows (Mindray layout). */
export function writeHl7Waveform(input: WriteHl7WaveformInput): string {
  const app = appField(input.sendingApp);
  const longest = Math.max(0, ...input.channels.map((c) => c.samples.length));
  const t1 = new Date(input.t0.getTime() + (input.hz > 0 ? Math.round((longest / input.hz) * 1000) : 0));
  const id = escapeHl7(input.controlId);
  const segments = [
    msh(app, t1, 'ORU^R01^ORU_R01', input.controlId, input.ackMode ?? 'AL', PCD_DEC_PROFILE),
    PID,
    PV1,
    `OBR|1|${id}^${app}|${id}^${app}|${OBR_MONITORING}|||${formatHl7Time(input.t0)}|${formatHl7Time(t1)}`,
  ];
  let n = 1;
  for (const ch of input.channels) {
    const mdc = MDC_BY_WAVEFORM_LEAD.get(ch.lead)!;
    const path = `1.7.1.${mdc}`;
    const unit = /^(I|II|III|aVR|aVL|aVF|V[1-6])$/.test(ch.lead) ? '266418^MDC_DIM_MILLI_VOLT^MDC' : '262656^MDC_DIM_DIMLESS^MDC';
    const samples = Array.from(ch.samples, (v) =>
      Number.isFinite(v) && v >= -32768 && v < INVALID_SAMPLE ? Math.round(v) : INVALID_SAMPLE,
    ).join('^');
    segments.push(
      `OBX|${n++}|NA|${mdc}^${WAVEFORM_REF_ID[ch.lead]}^MDC|${path}|${samples}|${unit}|||||R|||${formatHl7Time(input.t0)}`,
      `OBX|${n++}|NM|0^MDC_ATTR_SAMP_RATE^MDC|${path}.1|${formatNm(input.hz)}|264640^MDC_DIM_HZ^MDC|||||R`,
      `OBX|${n++}|NM|2327^MDC_ATTR_NU_MSMT_RES^MDC|${path}.2|${formatNm(ch.resolution)}|${unit}|||||R`,
    );
  }
  return join(segments);
}

export interface WriteHl7AlarmInput {
  controlId: string;
  sendingApp?: string;
  time: Date;
  alarmMdc: number;
  alarmName: string;
  priority: 'PH' | 'PM' | 'PL';
  technical: boolean;
  /** 'start' (default) for an alarm that starts now, 'end' when it is over (state inactive). */
  phase?: 'start' | 'continue' | 'end';
  /** The vital the alarm is about and its value (PCD-04 source identification row). */
  vital?: { code: VitalCode; value: number };
  /** The device's alarm text (OBX-5 original text of the event row). */
  text?: string;
  demo?: boolean;
  ackMode?: AckMode;
}

/** ORU^R40 (IHE PCD ACM) for an alarm that starts, goes on or ends. */
export function writeHl7Alarm(input: WriteHl7AlarmInput): string {
  const app = appField(input.sendingApp);
  const ts = formatHl7Time(input.time);
  const id = escapeHl7(input.controlId);
  const type = input.technical ? 'ST' : 'SP';
  const phase = input.phase ?? 'start';
  const mdc = input.vital ? mdcFor(input.vital.code, 'noninv') : 0;
  const path = `1.0.0.${mdc}`;
  const flags = (input.demo ? ['DEMO'] : []).concat(['A', input.priority, type]).join('~');
  const text = input.text ? `^^^^^^${escapeHl7(input.text)}` : '';
  const segments = [
    msh(app, input.time, 'ORU^R40^ORU_R40', input.controlId, input.ackMode ?? 'AL', PCD_ACM_PROFILE),
    PID,
    PV1,
    `OBR|1|${id}^${app}|${id}^${app}|196616^MDC_EVT_ALARM^MDC|||${ts}`,
    `OBX|1|CWE|196616^MDC_EVT_ALARM^MDC|${path}.1|${Math.trunc(input.alarmMdc)}^${escapeHl7(input.alarmName)}^MDC${text}|||${flags}|||R|||${ts}`,
  ];
  if (input.vital) {
    const ref = MDC_REF_ID.get(mdc) ?? VITAL_SIGNS[input.vital.code].mdcRefId;
    segments.push(`OBX|2|NM|${mdc}^${ref}^MDC|${path}.2|${formatNm(input.vital.value)}|${unitFor(input.vital.code, 'mdc')}||${flags}|||R|||${ts}`);
  }
  const n = segments.length - 3;
  segments.push(
    `OBX|${n + 1}|ST|68481^MDC_ATTR_EVENT_PHASE^MDC|${path}.3|${phase}||||||R`,
    `OBX|${n + 2}|ST|68482^MDC_ATTR_ALARM_STATE^MDC|${path}.4|${phase === 'end' ? 'inactive' : 'active'}||||||R`,
    `OBX|${n + 3}|ST|68484^MDC_ATTR_ALARM_PRIORITY^MDC|${path}.6|${input.priority}||||||R`,
    `OBX|${n + 4}|ST|68485^MDC_ATTR_ALERT_TYPE^MDC|${path}.7|${type}||||||R`,
  );
  return join(segments);
}

const join = (segments: string[], end: SegmentEnd = '\r'): string => segments.map((s) => s + end).join('');
