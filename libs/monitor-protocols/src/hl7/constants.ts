import type { WaveformLead } from '@feijiu/contracts';

// MLLP block (HL7 v2 minimal lower layer protocol): VT + message + FS + CR.
export const MLLP_START = 0x0b;
export const MLLP_END = 0x1c;
export const MLLP_TRAILER = 0x0d;

export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

// IHE PCD-01 reporter defaults used by the writers (monitor-protocols.md §1.2).
export const PCD_DEC_PROFILE = 'IHE_PCD_001^IHE PCD^1.3.6.1.4.1.19376.1.6.1.1.1^ISO';
export const PCD_ACM_PROFILE = 'IHE_PCD_ACM_001^IHE PCD^1.3.6.1.4.1.19376.1.6.1.4.1^ISO';
export const OBR_MONITORING = '182777000^monitoring of patient^SCT';

/** Raw values that devices send instead of "no value" (monitor-protocols.md §1.6, §6.2). */
export const SENTINEL_VALUES: ReadonlySet<number> = new Set([-999, -99.9, -100, 32767, -32767, -32768, 65535]);
/** Datex and others: anything at or below this is a status code, not data (§3.4). */
export const SENTINEL_FLOOR = -32001;

/** Invalid waveform sample (Mindray: no sensor or out of range; §1.4). */
export const INVALID_SAMPLE = 32767;

// IEEE 11073-10101 ECG leads: MDC_ECG_ELEC_POTL (131328) + lead term. Leads I, II = 1, 2; V1..V6 = 3..8;
// III, aVR, aVL, aVF = 61..64. Cross-checked with the real Mindray capture (131329 lead I) and
// Philips NLS_NOM_ECG_ELEC_POTL_II 0x00020102 (§2.5).
export const WAVEFORM_LEAD_BY_MDC: ReadonlyMap<number, WaveformLead> = new Map<number, WaveformLead>([
  [131329, 'I'],
  [131330, 'II'],
  [131389, 'III'],
  [131390, 'aVR'],
  [131391, 'aVL'],
  [131392, 'aVF'],
  [131331, 'V1'],
  [131332, 'V2'],
  [131333, 'V3'],
  [131334, 'V4'],
  [131335, 'V5'],
  [131336, 'V6'],
  // MDC_PULS_OXIM_PLETH (Mindray capture; Philips 0x00024BB4)
  [150452, 'PLETH'],
  // MDC_IMPED_TTHOR, impedance respiration (real Mindray D-series waveform message)
  [151780, 'RESP'],
  // MDC_AWAY_CO2 (Philips NLS_NOM_AWAY_CO2 0x000250AC) and MDC_CONC_AWAY_CO2 (151708 ET - 4)
  [151724, 'CO2'],
  [151704, 'CO2'],
]);

export const MDC_BY_WAVEFORM_LEAD: ReadonlyMap<WaveformLead, number> = new Map(
  [...WAVEFORM_LEAD_BY_MDC].filter(([mdc]) => mdc !== 151704).map(([mdc, lead]) => [lead, mdc]),
);

export const WAVEFORM_REF_ID: Readonly<Record<WaveformLead, string>> = {
  I: 'MDC_ECG_ELEC_POTL_I',
  II: 'MDC_ECG_ELEC_POTL_II',
  III: 'MDC_ECG_ELEC_POTL_III',
  aVR: 'MDC_ECG_ELEC_POTL_AVR',
  aVL: 'MDC_ECG_ELEC_POTL_AVL',
  aVF: 'MDC_ECG_ELEC_POTL_AVF',
  V1: 'MDC_ECG_ELEC_POTL_V1',
  V2: 'MDC_ECG_ELEC_POTL_V2',
  V3: 'MDC_ECG_ELEC_POTL_V3',
  V4: 'MDC_ECG_ELEC_POTL_V4',
  V5: 'MDC_ECG_ELEC_POTL_V5',
  V6: 'MDC_ECG_ELEC_POTL_V6',
  PLETH: 'MDC_PULS_OXIM_PLETH',
  RESP: 'MDC_IMPED_TTHOR',
  CO2: 'MDC_AWAY_CO2',
};

// Waveform attribute rows that follow an NA row (§1.4). Mindray sends MDC_ATTR_SAMP_RATE with code 0,
// so the reference id is matched first and the code second.
export const ATTR_SAMPLE_RATE_NAMES: ReadonlySet<string> = new Set(['MDC_ATTR_SAMP_RATE', 'MDC_ATTR_SAMPLE_RATE']);
export const ATTR_SAMPLE_PERIOD_NAME = 'MDC_ATTR_TIME_PD_SAMP';
export const ATTR_SAMPLE_PERIOD_MDC = 2445;
export const ATTR_RESOLUTION_NAME = 'MDC_ATTR_NU_MSMT_RES';
export const ATTR_RESOLUTION_MDC = 2327;
export const EVT_INOP_NAME = 'MDC_EVT_INOP';
export const EVT_INOP_MDC = 196660;

// IHE PCD ACM (ORU^R40) rows (§1.5). Two generations of codes are seen in the wild: 68480-68485
// (Mindray, IHE examples) and 68164-68168 (older ACM drafts, Draeger/GE gateways).
export const EVT_ALARM_MDC = 196616;
export const ALERT_ATTR_BY_MDC: ReadonlyMap<number, AlertAttr> = new Map<number, AlertAttr>([
  [68480, 'source'],
  [68164, 'source'],
  [68481, 'phase'],
  [68165, 'phase'],
  [68482, 'state'],
  [68166, 'state'],
  [68483, 'inactivation'],
  [68167, 'inactivation'],
  [68484, 'priority'],
  [68168, 'priority'],
  [68485, 'type'],
  [68546, 'text'],
  [67860, 'watchdog'],
]);
export const ALERT_ATTR_BY_NAME: ReadonlyMap<string, AlertAttr> = new Map<string, AlertAttr>([
  ['MDC_ATTR_ALERT_SOURCE', 'source'],
  ['MDC_ATTR_EVENT_PHASE', 'phase'],
  ['MDC_ATTR_ALARM_STATE', 'state'],
  ['MDC_ATTR_ALERT_STATE', 'state'],
  ['MDC_ATTR_ALARM_INACTIVATION_STATE', 'inactivation'],
  ['MDC_ATTR_ALARM_PRIORITY', 'priority'],
  ['MDC_ATTR_ALERT_TYPE', 'type'],
  ['MDC_ATTR_ALERT_TEXT', 'text'],
  ['MDC_ATTR_CONFIRM_TIMEOUT', 'watchdog'],
  ['MDC_ATTR_SYS_ID', 'sysId'],
]);
export type AlertAttr =
  | 'source'
  | 'phase'
  | 'state'
  | 'inactivation'
  | 'priority'
  | 'type'
  | 'text'
  | 'watchdog'
  | 'sysId';

/** MDC reference ids for the codes the writers emit. */
export const MDC_REF_ID: ReadonlyMap<number, string> = new Map([
  [147842, 'MDC_ECG_HEART_RATE'],
  [149530, 'MDC_PULS_OXIM_PULS_RATE'],
  [150456, 'MDC_PULS_OXIM_SAT_O2'],
  [151562, 'MDC_RESP_RATE'],
  [150021, 'MDC_PRESS_BLD_NONINV_SYS'],
  [150022, 'MDC_PRESS_BLD_NONINV_DIA'],
  [150023, 'MDC_PRESS_BLD_NONINV_MEAN'],
  [150301, 'MDC_PRESS_CUFF_SYS'],
  [150302, 'MDC_PRESS_CUFF_DIA'],
  [150303, 'MDC_PRESS_CUFF_MEAN'],
  [150033, 'MDC_PRESS_BLD_ART_SYS'],
  [150034, 'MDC_PRESS_BLD_ART_DIA'],
  [150035, 'MDC_PRESS_BLD_ART_MEAN'],
  [150344, 'MDC_TEMP'],
  [151708, 'MDC_CONC_AWAY_CO2_ET'],
  [150488, 'MDC_BLD_PERF_INDEX'],
]);

/** NIBP in the MDC_PRESS_CUFF_* family (Mindray VS-900, XH80X, Comen NC5; §0.2). */
export const NIBP_CUFF_MDC = { NIBP_SYS: 150301, NIBP_DIA: 150302, NIBP_MEAN: 150303 } as const;
