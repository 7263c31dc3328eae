import { INCIDENT_STATUSES } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { buildEndingRequest, CANCEL_REASONS, cancelReasonForKey, describeEndingRefusal, endingsOf } from './incident-ending';

const label = (reason: string) => `<${reason}>`;

describe(endingsOf.name, () => {
  // dispatch-core incident-lifecycle.ts: new/dispatched/on_scene → cancelled; on_scene/at_hospital → closed
  it.each([
    ['new', ['cancelled']],
    ['dispatched', ['cancelled']],
    ['on_scene', ['closed', 'cancelled']],
    ['transporting', []],
    ['at_hospital', ['closed']],
    ['closed', []],
    ['cancelled', []],
  ] as const)('should offer %s → %j', (status, endings) => {
    expect(endingsOf(status)).toEqual(endings);
  });

  it('should know every incident status', () => {
    for (const status of INCIDENT_STATUSES) expect(endingsOf(status)).toBeDefined();
  });
});

describe(cancelReasonForKey.name, () => {
  it('should pick the reasons by their digit and nothing else', () => {
    expect(CANCEL_REASONS.map((_, i) => cancelReasonForKey(String(i + 1)))).toEqual([...CANCEL_REASONS]);
    for (const key of ['0', '7', 'a', 'Enter', '12']) expect(cancelReasonForKey(key)).toBeNull();
  });
});

describe(buildEndingRequest.name, () => {
  it('should refuse a cancellation without a reason', () => {
    expect(buildEndingRequest('cancelled', { reason: null, detail: 'anything' }, label, '：')).toEqual({ problem: 'reason' });
  });

  it('should ask for words when the reason is other', () => {
    expect(buildEndingRequest('cancelled', { reason: 'other', detail: '   ' }, label, '：')).toEqual({ problem: 'detail' });
    expect(buildEndingRequest('cancelled', { reason: 'other', detail: ' 走错地址 ' }, label, '：')).toEqual({
      request: { status: 'cancelled', reason: '<other>：走错地址' },
    });
  });

  it('should send the reason as the dispatcher reads it, with the trimmed details after it', () => {
    expect(buildEndingRequest('cancelled', { reason: 'duplicate_call', detail: '' }, label, '：')).toEqual({
      request: { status: 'cancelled', reason: '<duplicate_call>' },
    });
    expect(buildEndingRequest('cancelled', { reason: 'hoax_call', detail: ' same number thrice ' }, label, ': ')).toEqual({
      request: { status: 'cancelled', reason: '<hoax_call>: same number thrice' },
    });
  });

  it('should keep the reason within the 500 characters the server takes', () => {
    const built = buildEndingRequest('cancelled', { reason: 'caller_cancelled', detail: 'x'.repeat(600) }, label, '：');
    expect('request' in built && built.request.reason?.length).toBe(500);
  });

  it('should close without a reason, or with the note given', () => {
    expect(buildEndingRequest('closed', { reason: null, detail: '' }, label, '：')).toEqual({ request: { status: 'closed' } });
    expect(buildEndingRequest('closed', { reason: 'hoax_call', detail: ' 现场处置后拒绝转运 ' }, label, '：')).toEqual({
      request: { status: 'closed', reason: '现场处置后拒绝转运' },
    });
  });
});

describe(describeEndingRefusal.name, () => {
  it('should name the status the server found when the incident moved on', () => {
    expect(describeEndingRefusal({ code: 'INCIDENT_ILLEGAL_TRANSITION', message: 'm', details: { from: 'closed', to: 'cancelled', allowed: [] } })).toEqual({
      kind: 'illegal',
      status: 'closed',
    });
    expect(describeEndingRefusal({ code: 'INCIDENT_ILLEGAL_TRANSITION', message: 'm' })).toEqual({ kind: 'illegal', status: null });
    expect(describeEndingRefusal({ code: 'INCIDENT_ILLEGAL_TRANSITION', message: 'm', details: { from: 'bogus' } })).toEqual({ kind: 'illegal', status: null });
  });

  it.each([
    ['INCIDENT_NOT_FOUND', { kind: 'notFound' }],
    ['FORBIDDEN', { kind: 'forbidden' }],
    ['VALIDATION_FAILED', { kind: 'invalid', message: 'reason too long' }],
    ['INTERNAL', { kind: 'other', code: 'INTERNAL', message: 'reason too long' }],
    [null, { kind: 'other', code: null, message: 'reason too long' }],
  ] as const)('should word %s', (code, refusal) => {
    expect(describeEndingRefusal({ code, message: 'reason too long' })).toEqual(refusal);
  });
});
