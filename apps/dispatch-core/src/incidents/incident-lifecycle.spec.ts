import { INCIDENT_STATUSES, type IncidentStatus, type TimeNode } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { canChangeIncidentStatus, isIncidentOpen, nextIncidentStatusesByHand, timeNodeOfStatus } from './incident-lifecycle';

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

describe(nextIncidentStatusesByHand.name, () => {
  it.each<[IncidentStatus, IncidentStatus[]]>([
    // `dispatched` needs an ambulance (an assignment); `new` again only when every offer ended
    ['new', ['cancelled']],
    ['dispatched', ['on_scene', 'cancelled']],
    ['on_scene', ['transporting', 'closed', 'cancelled']],
    ['at_hospital', ['closed']],
    ['closed', []],
  ])('should let a person take %s on to %j', (from, allowed) => expect(nextIncidentStatusesByHand(from)).toEqual(allowed));

  it.each<[IncidentStatus, IncidentStatus[]]>([
    // ending a call is the dispatch centre's: a crew closes only after the handover at the hospital
    ['new', []],
    ['dispatched', ['on_scene']],
    ['on_scene', ['transporting']],
    ['at_hospital', ['closed']],
  ])('should let a crew take %s on to %j only', (from, allowed) => expect(nextIncidentStatusesByHand(from, 'crew')).toEqual(allowed));

  it.each(['dispatcher', 'admin'] as const)('should let a %s end a call as the lifecycle allows', (role) => {
    expect(nextIncidentStatusesByHand('on_scene', role)).toEqual(['transporting', 'closed', 'cancelled']);
    expect(nextIncidentStatusesByHand('dispatched', role)).toEqual(['on_scene', 'cancelled']);
  });
});

describe(timeNodeOfStatus.name, () => {
  it.each<[IncidentStatus, TimeNode]>([
    ['new', 'returned_to_queue'],
    ['dispatched', 'dispatch_order'],
    ['on_scene', 'arrival_on_scene'],
    ['transporting', 'leave_scene'],
    ['at_hospital', 'arrival_at_hospital'],
    ['closed', 'incident_closed'],
    ['cancelled', 'incident_cancelled'],
  ])('should put entering %s on the timeline as %s', (status, node) => expect(timeNodeOfStatus(status)).toBe(node));

  it('should give every status its own node', () => {
    expect(new Set(INCIDENT_STATUSES.map(timeNodeOfStatus)).size).toBe(INCIDENT_STATUSES.length);
  });
});
