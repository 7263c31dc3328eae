import type { IncidentStatus } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { canChangeIncidentStatus, isIncidentOpen } from './incident-lifecycle';

describe(canChangeIncidentStatus.name, () => {
  it.each<[IncidentStatus, IncidentStatus]>([
    ['new', 'dispatched'],
    ['dispatched', 'on_scene'],
    ['on_scene', 'transporting'],
    ['transporting', 'at_hospital'],
    ['at_hospital', 'closed'],
    ['new', 'cancelled'],
    ['dispatched', 'cancelled'],
    ['on_scene', 'closed'],
  ])('should allow %s → %s', (from, to) => expect(canChangeIncidentStatus(from, to)).toBe(true));

  it.each<[IncidentStatus, IncidentStatus]>([
    ['new', 'on_scene'],
    ['new', 'closed'],
    ['transporting', 'cancelled'],
    ['closed', 'new'],
    ['cancelled', 'dispatched'],
    ['at_hospital', 'transporting'],
  ])('should refuse %s → %s', (from, to) => expect(canChangeIncidentStatus(from, to)).toBe(false));

  it('should count only closed and cancelled incidents as finished', () => {
    expect(isIncidentOpen('at_hospital')).toBe(true);
    expect(isIncidentOpen('closed')).toBe(false);
    expect(isIncidentOpen('cancelled')).toBe(false);
  });
});
