import type { Assignment, Incident } from '@feijiu/contracts';

/** An incident was created or changed (status, destination, assignments). */
export class IncidentChanged {
  static readonly eventName = 'incidents.incident_changed';
  constructor(readonly incident: Incident) {}
}

/** An assignment was offered or changed state. */
export class AssignmentChanged {
  static readonly eventName = 'incidents.assignment_changed';
  constructor(
    readonly assignment: Assignment,
    readonly incident: Incident,
    readonly offered: boolean,
  ) {}
}
