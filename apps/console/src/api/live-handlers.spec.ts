import type { AlertRaisedEvent } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { mergeLiveHandlers } from './live-handlers';

const alert: AlertRaisedEvent = {
  id: 'a1',
  kind: 'other',
  severity: 'info',
  message: 'm',
  vehicleId: null,
  incidentId: null,
  raisedAt: '2025-03-01T08:00:00Z',
};

describe(mergeLiveHandlers.name, () => {
  it('should call every handler of an event when two sets listen to it', () => {
    const seen: string[] = [];
    const sut = mergeLiveHandlers(
      { 'alert.raised': (event) => seen.push(`fleet ${event.id}`) },
      { 'alert.raised': (event) => seen.push(`view ${event.id}`), 'vehicle.moved': () => seen.push('moved') },
    );
    sut['alert.raised']?.(alert);
    expect(seen).toEqual(['fleet a1', 'view a1']);
    expect(Object.keys(sut).sort()).toEqual(['alert.raised', 'vehicle.moved']);
  });
});
