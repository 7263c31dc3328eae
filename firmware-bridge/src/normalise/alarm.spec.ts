import { AlarmMessageSchema } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { type AlarmInput, normaliseAlarm } from './alarm';

const NOW = new Date('2026-11-22T08:00:10.000Z');
const input = (over: Partial<AlarmInput> = {}): AlarmInput => ({
  monitorId: 'm1',
  messageTime: '2026-11-22T08:00:09.500Z',
  alarmCode: 196680,
  alarmName: 'MDC_EVT_LEAD_OFF',
  text: null,
  priority: 'PL',
  technical: true,
  phase: 'start',
  state: 'active',
  vital: null,
  demo: false,
  ...over,
});

describe(normaliseAlarm.name, () => {
  it('should turn a parsed lead-off alarm into the alarm payload', () => {
    expect(normaliseAlarm(input(), NOW)).toEqual({
      ts: '2026-11-22T08:00:09.500Z',
      monitorId: 'm1',
      code: 196680,
      name: 'MDC_EVT_LEAD_OFF',
      priority: 'low',
      technical: true,
      state: 'active',
      phase: 'start',
    });
  });

  it.each([
    // [MDC_ATTR_ALARM_STATE, event phase, state] (IHE PCD-04 ACM)
    ['inactive', 'start', 'inactive'],
    ['latched', 'end', 'latched'],
    ['OFF', null, 'inactive'],
    [null, 'end', 'inactive'],
    [null, 'stop', 'inactive'],
    [null, 'continue', 'active'],
    [null, 'escalate', 'active'],
    [null, null, 'active'],
  ] as const)('should read state %j with phase %j as %s', (state, phase, expected) => {
    expect(normaliseAlarm(input({ state, phase }), NOW).state).toBe(expected);
  });

  it.each([
    ['PH', 'high'],
    ['PM', 'medium'],
    ['PL', 'low'],
    ['PN', 'none'],
  ] as const)('should map PCD-04 priority %s to %s', (priority, expected) => {
    expect(normaliseAlarm(input({ priority }), NOW).priority).toBe(expected);
  });

  it('should leave out what the monitor did not say, and time the alarm by the gateway clock without a message time', () => {
    const sut = normaliseAlarm(input({ priority: null, phase: null, state: null, alarmCode: null, messageTime: null }), NOW);
    expect(sut).toEqual({ ts: NOW.toISOString(), monitorId: 'm1', name: 'MDC_EVT_LEAD_OFF', technical: true, state: 'active' });
  });

  it('should carry the vital with its value and the demo flag, and clip long texts to what the contract takes', () => {
    const sut = normaliseAlarm(
      input({ alarmName: '', text: `${'心'.repeat(255)}𠜎`, vital: { code: 'SPO2', value: 84, unit: '%' }, demo: true, technical: false }),
      NOW,
    );
    expect(sut.vital).toEqual({ code: 'SPO2', value: 84, unit: '%' });
    expect(sut.flags).toEqual(['demo']);
    expect(sut.text).toBe('心'.repeat(255));
    expect(sut.name).toBe('心'.repeat(128));
    expect(AlarmMessageSchema.safeParse({ seq: 1, ...sut }).success).toBe(true);
  });
});
