import type { IncidentStatus } from '@feijiu/contracts';

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

export function isIncidentOpen(status: IncidentStatus): boolean {
  return status !== 'closed' && status !== 'cancelled';
}
