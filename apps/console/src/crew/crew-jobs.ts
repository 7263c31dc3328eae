import type { Assignment, Incident } from '@feijiu/contracts';
import { isOpenIncident } from '../dispatch/incident-state';

// Which of the crew's incidents is an open offer and which is the job in hand.

export interface CrewAssignment {
  incident: Incident;
  assignment: Assignment;
}

function assignmentsOf(incidents: readonly Incident[], vehicleId: string, status: Assignment['status']): CrewAssignment[] {
  return incidents.flatMap((incident) =>
    incident.assignments
      .filter((a) => a.vehicleId === vehicleId && a.status === status)
      .map((assignment) => ({ incident, assignment })),
  );
}

/**
 * The newest open offer. Only the server ends an offer (assignment.updated → expired): a tablet
 * whose clock runs fast must not hide a job it could still accept.
 */
export function findOpenOffer(incidents: readonly Incident[], vehicleId: string): CrewAssignment | null {
  const open = assignmentsOf(incidents, vehicleId, 'offered').filter(({ incident }) => isOpenIncident(incident));
  open.sort((a, b) => Date.parse(b.assignment.offeredAt) - Date.parse(a.assignment.offeredAt));
  return open[0] ?? null;
}

/** The accepted job of an incident that is still open. */
export function findCurrentJob(incidents: readonly Incident[], vehicleId: string): CrewAssignment | null {
  const jobs = assignmentsOf(incidents, vehicleId, 'accepted').filter(({ incident }) => isOpenIncident(incident));
  jobs.sort((a, b) => Date.parse(b.assignment.offeredAt) - Date.parse(a.assignment.offeredAt));
  return jobs[0] ?? null;
}
