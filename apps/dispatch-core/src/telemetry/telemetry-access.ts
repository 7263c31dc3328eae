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
