import type { VehicleStatus } from '@feijiu/contracts';

// Who may move an ambulance between statuses. `dispatched` is entered only by an assignment
// (the dispatcher's order), never from the tablet.
const NEXT: Readonly<Record<VehicleStatus, readonly VehicleStatus[]>> = {
  available: ['dispatched', 'out_of_service'],
  dispatched: ['en_route', 'available'],
  en_route: ['on_scene', 'available'],
  on_scene: ['transporting', 'available'],
  transporting: ['at_hospital'],
  at_hospital: ['returning', 'available'],
  returning: ['available', 'dispatched', 'out_of_service'],
  out_of_service: ['available'],
};

export function canChangeVehicleStatus(from: VehicleStatus, to: VehicleStatus): boolean {
  return NEXT[from].includes(to);
}

export function nextVehicleStatuses(from: VehicleStatus): readonly VehicleStatus[] {
  return NEXT[from];
}

/** Statuses from which a vehicle can take a new job. */
export const ASSIGNABLE_STATUSES: readonly VehicleStatus[] = ['available', 'returning'];
