import type { IncidentStatus, Role, TimeNode } from '@feijiu/contracts';

// new → dispatched → on scene → transporting → at hospital → closed, or cancelled.
// `dispatched → new` happens only when every offer was declined or expired (back in the queue);
// `on_scene → closed` is a patient treated on scene and not transported.
const NEXT: Readonly<Record<IncidentStatus, readonly IncidentStatus[]>> = {
  new: ['dispatched', 'cancelled'],
  dispatched: ['on_scene', 'new', 'cancelled'],
  on_scene: ['transporting', 'closed', 'cancelled'],
  transporting: ['at_hospital'],
  at_hospital: ['closed'],
  closed: [],
  cancelled: [],
};

export function canChangeIncidentStatus(from: IncidentStatus, to: IncidentStatus): boolean {
  return NEXT[from].includes(to);
}

export function nextIncidentStatuses(from: IncidentStatus): readonly IncidentStatus[] {
  return NEXT[from];
}

// Entered only by the core: `dispatched` through an assignment (an ambulance is offered the call),
// `new` again when every offer ended.
const NOT_BY_HAND: readonly IncidentStatus[] = ['new', 'dispatched'];

/**
 * The statuses a person may set next (the rest follow from assignments); with `role`, those this
 * role may set. Ending a call is the dispatch centre's decision: a crew never cancels, and closes
 * only after the handover at the hospital (treated on scene, its clearing closes the incident).
 */
export function nextIncidentStatusesByHand(from: IncidentStatus, role?: Role): readonly IncidentStatus[] {
  const byHand = NEXT[from].filter((s) => !NOT_BY_HAND.includes(s));
  if (role === undefined || role === 'dispatcher' || role === 'admin') return byHand;
  return byHand.filter((s) => s !== 'cancelled' && (s !== 'closed' || from === 'at_hospital'));
}

// The time node that puts an incident's entering each status on its timeline; `new` is entered
// again only by a requeue (the call itself is `call_received`).
const NODE_OF_STATUS: Readonly<Record<IncidentStatus, TimeNode>> = {
  new: 'returned_to_queue',
  dispatched: 'dispatch_order',
  on_scene: 'arrival_on_scene',
  transporting: 'leave_scene',
  at_hospital: 'arrival_at_hospital',
  closed: 'incident_closed',
  cancelled: 'incident_cancelled',
};

export function timeNodeOfStatus(to: IncidentStatus): TimeNode {
  return NODE_OF_STATUS[to];
}

export function isIncidentOpen(status: IncidentStatus): boolean {
  return status !== 'closed' && status !== 'cancelled';
}
