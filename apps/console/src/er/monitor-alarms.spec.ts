import type { MonitorAlarmEvent } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { alarmKindOf, formatAlarmValue, MonitorAlarmBoard, START_ONLY_SHOWN_MS } from './monitor-alarms';

const INCIDENT = '5a1e7d2c-4b6f-4c1d-9e8a-2f3b4c5d6e7f';
const T0 = Date.parse('2026-11-22T08:00:00.000Z');
// the board is looked at soon after the reports of the tests
const NOW = T0 + 30_000;
let seq = 0;
const at = (sec: number) => new Date(T0 + sec * 1000).toISOString();
const report = (sec: number, over: Partial<MonitorAlarmEvent> = {}): MonitorAlarmEvent => ({
  vehicleId: 'lh-01',
  incidentId: INCIDENT,
  monitorId: 'front',
  seq: ++seq,
  measuredAt: at(sec),
  receivedAt: at(sec + 1),
  code: 196648,
  name: 'MDC_EVT_HI',
  text: null,
  priority: 'high',
  technical: false,
  state: 'active',
  phase: 'start',
  vital: { code: 'HR', value: 152, unit: '/min' },
  flags: [],
  ...over,
});

describe(MonitorAlarmBoard.name, () => {
  it('should show an active high alarm from when it went on until the monitor reports it over', () => {
    const sut = new MonitorAlarmBoard();
    sut.apply(report(0));
    sut.apply(report(30, { phase: 'continue', vital: { code: 'HR', value: 160, unit: '/min' } }));
    expect(sut.banner('lh-01', INCIDENT, NOW)).toMatchObject([{ tone: 'high', kind: 'high', sinceMs: T0, vital: { code: 'HR', value: 160 } }]);

    sut.apply(report(60, { state: 'inactive', phase: 'end' }));
    expect(sut.banner('lh-01', INCIDENT, NOW)).toEqual([]);
  });

  it('should not let an older report from the history bring back an alarm a live one ended', () => {
    const sut = new MonitorAlarmBoard();
    const started = report(0);
    const ended = report(20, { state: 'inactive', phase: 'end' });
    expect(sut.apply(ended)).toBe(true);
    expect(sut.apply(started)).toBe(false);
    expect(sut.banner('lh-01', INCIDENT, NOW)).toEqual([]);
  });

  it('should show high before medium, newest first, and leave out low and no-priority alarms', () => {
    const sut = new MonitorAlarmBoard();
    sut.apply(report(0, { code: 196680, name: 'MDC_EVT_LEAD_OFF', priority: 'medium', technical: true, vital: null }));
    sut.apply(report(5, { code: 196670, name: 'MDC_EVT_LO', vital: { code: 'SPO2', value: 84, unit: '%' } }));
    sut.apply(report(9, { name: 'MDC_EVT_HI', vital: { code: 'RR', value: 34, unit: '/min' } }));
    sut.apply(report(12, { code: null, name: 'BATTERY LOW', priority: 'low', technical: true, vital: null }));
    sut.apply(report(13, { code: null, name: 'INFO', priority: 'none', vital: null }));
    // the monitor gave no priority: shown, as medium
    sut.apply(report(14, { code: null, name: 'ST ALARM', text: 'ST-II 0.3 mV', priority: null, vital: null }));
    expect(sut.banner('lh-01', INCIDENT, NOW).map((a) => [a.tone, a.kind ?? a.name])).toEqual([
      ['high', 'high'],
      ['high', 'low'],
      ['medium', 'ST ALARM'],
      ['medium', 'leadOff'],
    ]);
  });

  it("should show only the incident's alarms on a card with an incident, and mark demo and late ones", () => {
    const sut = new MonitorAlarmBoard();
    sut.apply(report(0, { incidentId: null, name: 'PREVIOUS PATIENT', code: null }));
    sut.apply(report(1, { flags: ['demo', 'late'] }));
    expect(sut.banner('lh-01', INCIDENT, NOW).map((a) => [a.name, a.demo, a.late])).toEqual([['MDC_EVT_HI', true, true]]);
    expect(sut.banner('lh-01', null, NOW)).toHaveLength(2);
    expect(sut.banner('lh-02', INCIDENT, NOW)).toEqual([]);
  });

  it('should clear an alarm when its end report comes without the vital its start named', () => {
    const sut = new MonitorAlarmBoard();
    sut.apply(report(0));
    // the monitor sent the end without the source row: the bridge could not name the vital
    sut.apply(report(20, { state: 'inactive', phase: 'end', vital: null }));
    expect(sut.banner('lh-01', INCIDENT, NOW)).toEqual([]);
  });

  it('should not guess which alarm an end without a vital ends when two of that event are on', () => {
    const sut = new MonitorAlarmBoard();
    sut.apply(report(0));
    sut.apply(report(5, { vital: { code: 'RR', value: 34, unit: '/min' } }));
    sut.apply(report(20, { state: 'inactive', phase: 'end', vital: null }));
    expect(sut.banner('lh-01', INCIDENT, NOW).map((a) => a.vital?.code)).toEqual(['RR', 'HR']);
  });

  it("should order one gateway's reports by seq, not by the monitor's clock", () => {
    const sut = new MonitorAlarmBoard();
    // the monitor's clock was set back between the start and the end
    const started = report(100);
    const ended = report(40, { state: 'inactive', phase: 'end' });
    sut.apply(started);
    expect(sut.apply(ended)).toBe(true);
    expect(sut.banner('lh-01', INCIDENT, NOW)).toEqual([]);
    // and the start read again from the history does not bring it back
    expect(sut.apply(started)).toBe(false);
    expect(sut.banner('lh-01', INCIDENT, NOW)).toEqual([]);
  });

  it('should take a start-only alarm off the banner a minute after it was reported (no end will come)', () => {
    const sut = new MonitorAlarmBoard();
    sut.apply(report(0, { phase: 'start_only' }));
    expect(sut.banner('lh-01', INCIDENT, T0 + 59_000)).toHaveLength(1);
    expect(sut.banner('lh-01', INCIDENT, T0 + START_ONLY_SHOWN_MS + 1000)).toEqual([]);
    // reported again: on again, from the new report
    sut.apply(report(90, { phase: 'start_only' }));
    expect(sut.banner('lh-01', INCIDENT, T0 + 100_000)).toMatchObject([{ sinceMs: T0 + 90_000 }]);
  });

  it('should time an alarm by the core when the monitor clock is known to be off', () => {
    const sut = new MonitorAlarmBoard();
    sut.apply(report(0, { measuredAt: '2026-11-22T00:00:00.000Z', receivedAt: at(2), flags: ['clock_skew'] }));
    expect(sut.banner('lh-01', INCIDENT, NOW)[0]?.sinceMs).toBe(T0 + 2000);
  });
});

describe(alarmKindOf.name, () => {
  it.each([
    [196648, 'MDC_EVT_HI', 'high'],
    [null, 'MDC_EVT_LO_VAL_LT_LIM', 'low'],
    [196680, 'MDC_EVT_LEAD_OFF', 'leadOff'],
    [null, 'MDC_EVT_ECG_V_TACHY', 'vtach'],
    [null, 'MDC_EVT_ECG_ASYSTOLE', 'asystole'],
    [null, 'MDC_EVT_APNEA', 'apnoea'],
    [null, 'SPO2 PROBE OFF', 'sensorOff'],
    [196670, 'vendor text', 'low'],
    [null, '血压过低', null],
  ] as const)('should read code %j name %j as %j', (code, name, kind) => {
    expect(alarmKindOf(code, name)).toBe(kind);
  });
});

describe(formatAlarmValue.name, () => {
  it('should show the value in the display unit with the vital sign\'s decimals', () => {
    expect(formatAlarmValue({ code: 'HR', value: 152 })).toBe('152 bpm');
    expect(formatAlarmValue({ code: 'TEMP', value: 39.25 })).toBe('39.3 °C');
    expect(formatAlarmValue({ code: 'SPO2', value: null })).toBeNull();
  });
});
