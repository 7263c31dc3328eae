import type { SessionUser } from '@feijiu/contracts';
import type { TelemetryBinding } from './telemetry-bindings';

/**
 * Who may read a vehicle's telemetry history: the dispatch centre any vehicle, a crew its own,
 * an ER clinician a vehicle bringing a patient to its hospital now.
 */
export function canReadTelemetry(user: SessionUser, vehicleId: string, binding: TelemetryBinding | undefined): boolean {
  switch (user.role) {
    case 'dispatcher':
    case 'admin':
      return true;
    case 'crew':
      return user.vehicleId === vehicleId;
    case 'er_clinician':
      return user.hospitalId !== null && binding?.destinationHospitalId === user.hospitalId;
  }
}

/** Only the rows of one hospital's patients: bound to the current incident or to one going there. */
export interface HistoryScope {
  hospitalId: string;
  currentIncidentId: string | null;
}

/**
 * Which rows of a vehicle's history a reader who may read it sees: all (null), or, for an ER
 * clinician, only its hospital's patients' (never the vehicle's earlier patients taken elsewhere,
 * nor what it measured with no patient bound).
 */
export function historyScopeOf(user: SessionUser, binding: TelemetryBinding | undefined): HistoryScope | null {
  if (user.role !== 'er_clinician') return null;
  // canReadTelemetry refuses a clinician of no hospital before this
  return { hospitalId: user.hospitalId ?? '', currentIncidentId: binding?.incidentId ?? null };
}
