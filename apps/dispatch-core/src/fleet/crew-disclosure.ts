import type { CrewMember, Vehicle } from '@feijiu/contracts';
import { maskPhone } from '../incidents/incident-disclosure';
import type { Actor } from '../platform/http/actor';

// Who sees the crew's phone numbers whole: the dispatch centre (dispatcher, admin), which calls
// them, and the vehicle's own crew. Everyone else who may read the fleet (the crews of other
// ambulances, ER clinicians) gets the role and the name, which an ER needs to greet the team at
// the door, and the phone masked like a caller's (138****5678): private numbers go through the
// dispatch centre. The same rule as the incident's identifiers (incidents/incident-disclosure.ts).

export function seesCrewPhones(actor: Actor, vehicleId: string): boolean {
  if (actor.kind === 'system') return true;
  switch (actor.role) {
    case 'dispatcher':
    case 'admin':
      return true;
    case 'crew':
      return actor.vehicleId === vehicleId;
    case 'er_clinician':
      return false;
  }
}

export function maskCrewPhones(crew: readonly CrewMember[]): CrewMember[] {
  return crew.map((m) => (m.phone === undefined ? m : { ...m, phone: maskPhone(m.phone) }));
}

/** The vehicle as this caller may see it. */
export function discloseVehicleTo(actor: Actor, vehicle: Vehicle): Vehicle {
  return seesCrewPhones(actor, vehicle.id) ? vehicle : { ...vehicle, crew: maskCrewPhones(vehicle.crew) };
}
