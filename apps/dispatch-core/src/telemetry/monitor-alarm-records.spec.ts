import type { AlarmMessage } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { toMonitorAlarmEvent, toMonitorAlarmRecord } from './monitor-alarm-records';

const RECEIVED = new Date('2026-11-22T08:00:05.000Z');
const INCIDENT = '5a1e7d2c-4b6f-4c1d-9e8a-2f3b4c5d6e7f';
const msg = (over: Partial<AlarmMessage> = {}): AlarmMessage => ({
  seq: 7,
  ts: '2026-11-22T08:00:04.000Z',
  monitorId: 'front',
  name: 'MDC_EVT_LEAD_OFF',
  code: 196680,
  priority: 'medium',
  technical: true,
  state: 'active',
  ...over,
});

describe(toMonitorAlarmRecord.name, () => {
  it('should carry an alarm to the socket payload with nulls for what the monitor did not send', () => {
    const sut = toMonitorAlarmEvent(toMonitorAlarmRecord('lh-01', msg(), RECEIVED, 30, INCIDENT));
    expect(sut).toEqual({
      vehicleId: 'lh-01',
      incidentId: INCIDENT,
      monitorId: 'front',
      seq: 7,
      measuredAt: '2026-11-22T08:00:04.000Z',
      receivedAt: '2026-11-22T08:00:05.000Z',
      code: 196680,
      name: 'MDC_EVT_LEAD_OFF',
      text: null,
      priority: 'medium',
      technical: true,
      state: 'active',
      phase: null,
      vital: null,
      flags: [],
    });
  });

  it.each([
    // [measured, monitor clock offset ms, flags]
    ['2026-11-22T07:58:00.000Z', 0, ['late']], // a backlog after an outage
    ['2026-11-22T07:58:00.000Z', 125_000, ['clock_skew']], // a monitor clock two minutes slow, live
    ['2026-11-22T08:00:04.000Z', 0, []],
  ] as const)('should flag an alarm measured at %s with a clock %d ms behind as %j', (ts, offsetMs, flags) => {
    expect(toMonitorAlarmRecord('lh-01', msg({ ts, flags: undefined }), RECEIVED, 30, null, offsetMs).flags).toEqual(flags);
  });

  it('should keep the demo flag and drop NUL characters PostgreSQL text cannot hold', () => {
    const sut = toMonitorAlarmRecord('lh-01', msg({ monitorId: 'a\u0000b', name: 'X\u0000', text: 'HR\u0000 high', phase: 'st\u0000art', vital: { code: 'HR', unit: '/m\u0000in' }, flags: ['demo'] }), RECEIVED, 30, null);
    expect(sut).toMatchObject({ monitorId: 'ab', name: 'X', text: 'HR high', phase: 'start', vital: { code: 'HR', value: null, unit: '/min' }, flags: ['demo'] });
  });
});
