import type { Assignment, Incident } from '@feijiu/contracts';
import type { AssignmentEntity } from './assignment.entity';
import type { IncidentEntity } from './incident.entity';

export function toAssignment(a: AssignmentEntity): Assignment {
  return {
    id: a.id,
    incidentId: a.incidentId,
    vehicleId: a.vehicleId,
    status: a.status,
    offeredAt: a.offeredAt.toISOString(),
    offerExpiresAt: a.offerExpiresAt.toISOString(),
    respondedAt: a.respondedAt?.toISOString() ?? null,
    departedAt: a.departedAt?.toISOString() ?? null,
    departureDeadlineAt: a.departureDeadlineAt.toISOString(),
    distanceM: a.distanceM,
    etaSec: a.etaSec,
  };
}

export function toIncident(i: IncidentEntity, assignments: AssignmentEntity[]): Incident {
  return {
    id: i.id,
    number: i.number,
    status: i.status,
    priority: i.priority,
    complaint: i.complaint,
    location: { lat: i.lat, lon: i.lon },
    address: i.address,
    callerPhone: i.callerPhone,
    callerName: i.callerName,
    patient:
      i.patientName === null && i.patientSex === null && i.patientAgeYears === null
        ? null
        : { name: i.patientName, sex: i.patientSex, ageYears: i.patientAgeYears },
    notes: i.notes,
    requiredVehicleType: i.requiredVehicleType,
    destinationHospitalId: i.destinationHospitalId,
    createdAt: i.createdAt.toISOString(),
    updatedAt: i.updatedAt.toISOString(),
    assignments: assignments.filter((a) => a.incidentId === i.id).map(toAssignment),
  };
}
