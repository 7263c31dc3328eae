import type { Assignment, VehicleStatus } from '@feijiu/contracts';

// The 3-minute departure target: from the order (offeredAt) to wheels rolling (departedAt, or the
// vehicle reporting en_route before the server stamped the departure).

export type DepartureClockState = 'running' | 'breached' | 'done';

export interface DepartureClock {
  state: DepartureClockState;
  /** Running and inside the last stretch before the deadline: shown amber. */
  warning: boolean;
  /** Until the deadline; negative once breached. */
  remainingMs: number;
  /** Done: how long the departure took from the order; null when the departure time is unknown. */
  tookMs: number | null;
  /** Done after the deadline. */
  late: boolean;
}

export const DEPARTURE_WARNING_MS = 30_000;

const ENDED: ReadonlySet<Assignment['status']> = new Set(['declined', 'expired', 'cancelled']);
const ROLLING: ReadonlySet<VehicleStatus> = new Set(['en_route', 'on_scene', 'transporting', 'at_hospital', 'returning']);

type ClockAssignment = Pick<Assignment, 'status' | 'offeredAt' | 'departedAt' | 'departureDeadlineAt'>;

export function hasDeparted(assignment: ClockAssignment, vehicleStatus: VehicleStatus | null): boolean {
  if (assignment.departedAt !== null || assignment.status === 'completed') return true;
  return assignment.status === 'accepted' && vehicleStatus !== null && ROLLING.has(vehicleStatus);
}

/** The clock of one assignment, or null for an assignment that ended without a departure. */
export function computeDepartureClock(
  assignment: ClockAssignment,
  vehicleStatus: VehicleStatus | null,
  nowMs: number,
): DepartureClock | null {
  const deadlineMs = Date.parse(assignment.departureDeadlineAt);
  if (hasDeparted(assignment, vehicleStatus)) {
    const departedMs = assignment.departedAt ? Date.parse(assignment.departedAt) : null;
    return {
      state: 'done',
      warning: false,
      remainingMs: deadlineMs - (departedMs ?? nowMs),
      tookMs: departedMs === null ? null : departedMs - Date.parse(assignment.offeredAt),
      late: departedMs !== null && departedMs > deadlineMs,
    };
  }
  if (ENDED.has(assignment.status)) return null;
  const remainingMs = deadlineMs - nowMs;
  const breached = remainingMs <= 0;
  return {
    state: breached ? 'breached' : 'running',
    warning: !breached && remainingMs <= DEPARTURE_WARNING_MS,
    remainingMs,
    tookMs: null,
    late: false,
  };
}

/** Time left for the crew to answer an offer; null once it is no longer an open offer. */
export function computeOfferRemainingMs(assignment: Pick<Assignment, 'status' | 'offerExpiresAt'>, nowMs: number): number | null {
  if (assignment.status !== 'offered') return null;
  return Math.max(0, Date.parse(assignment.offerExpiresAt) - nowMs);
}
