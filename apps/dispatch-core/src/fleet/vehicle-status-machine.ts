import { VEHICLE_STATUS_TRANSITIONS, type VehicleStatus } from '@feijiu/contracts';

const NEXT = VEHICLE_STATUS_TRANSITIONS;

export function canChangeVehicleStatus(from: VehicleStatus, to: VehicleStatus): boolean {
  return NEXT[from].includes(to);
}

export function nextVehicleStatuses(from: VehicleStatus): readonly VehicleStatus[] {
  return NEXT[from];
}

/** Statuses from which a vehicle can take a new job. */
export const ASSIGNABLE_STATUSES: readonly VehicleStatus[] = ['available', 'returning'];
