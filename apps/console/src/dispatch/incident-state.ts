import { INCIDENT_PRIORITIES, type Assignment, type Incident, type IncidentStatus } from '@feijiu/contracts';

// Pure updates of the open-incident list: each returns a new array.

const CLOSED: ReadonlySet<IncidentStatus> = new Set(['closed', 'cancelled']);
const ENDED_ASSIGNMENT: ReadonlySet<Assignment['status']> = new Set(['declined', 'expired', 'cancelled']);

export function isOpenIncident(incident: Pick<Incident, 'status'>): boolean {
  return !CLOSED.has(incident.status);
}

/** Offered, accepted or completed assignments: the vehicles actually on (or asked for) the job. */
export function liveAssignments(incident: Pick<Incident, 'assignments'>): Assignment[] {
  return incident.assignments.filter((a) => !ENDED_ASSIGNMENT.has(a.status));
}

/** Still waiting for a vehicle: nothing offered or accepted. */
export function needsVehicle(incident: Incident): boolean {
  return isOpenIncident(incident) && liveAssignments(incident).length === 0;
}

/** A newer copy replaces the old one; a closed incident leaves the open list. */
export function upsertIncident(list: readonly Incident[], incident: Incident): Incident[] {
  const existing = list.find((i) => i.id === incident.id);
  if (existing && Date.parse(existing.updatedAt) > Date.parse(incident.updatedAt)) return [...list];
  const others = list.filter((i) => i.id !== incident.id);
  return isOpenIncident(incident) ? [...others, incident] : others;
}

export function applyAssignment(list: readonly Incident[], assignment: Assignment): Incident[] {
  return list.map((incident) => {
    if (incident.id !== assignment.incidentId) return incident;
    const known = incident.assignments.some((a) => a.id === assignment.id);
    const assignments = known
      ? incident.assignments.map((a) => (a.id === assignment.id ? assignment : a))
      : [...incident.assignments, assignment];
    return { ...incident, assignments };
  });
}

const PRIORITY_RANK = new Map(INCIDENT_PRIORITIES.map((p, i) => [p, i]));

/** The queue order: incidents still waiting for a vehicle first, then by priority, oldest call first. */
export function sortIncidentQueue(list: readonly Incident[]): Incident[] {
  return [...list].sort(
    (a, b) =>
      Number(needsVehicle(b)) - Number(needsVehicle(a)) ||
      (PRIORITY_RANK.get(a.priority) ?? 9) - (PRIORITY_RANK.get(b.priority) ?? 9) ||
      Date.parse(a.createdAt) - Date.parse(b.createdAt),
  );
}
