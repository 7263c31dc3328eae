import { VEHICLE_STATUS_TRANSITIONS, type VehicleStatus } from '@feijiu/contracts';

// The vehicle status machine dispatch-core enforces (409 VEHICLE_ILLEGAL_TRANSITION otherwise).
const NEXT = VEHICLE_STATUS_TRANSITIONS;

/** Statuses a crew may report from `current`, the usual next step first. */
export function crewNextStatuses(current: VehicleStatus): VehicleStatus[] {
  return NEXT[current].filter((status) => status !== 'dispatched');
}

/** The forward step of the job (drawn biggest); null when every option is a side exit. */
export function primaryNextStatus(current: VehicleStatus): VehicleStatus | null {
  return crewNextStatuses(current)[0] ?? null;
}

// Before the hospital a side exit (back to available) abandons the job and its patient.
const PATIENT_AHEAD: ReadonlySet<VehicleStatus> = new Set(['dispatched', 'en_route', 'on_scene']);

/** A report that drops a job in hand takes a second tap: a stray touch in a moving ambulance must not. */
export function needsSecondTap(current: VehicleStatus, next: VehicleStatus): boolean {
  return PATIENT_AHEAD.has(current) && next !== primaryNextStatus(current);
}
