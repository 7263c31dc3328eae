import type { IncidentStatus } from '@feijiu/contracts';
import { AppError } from '../platform/errors/app-error';

export class IncidentNotFoundError extends AppError {
  constructor(id: string) {
    super('INCIDENT_NOT_FOUND', `no incident with id ${id}`);
  }
}

export class IllegalIncidentTransitionError extends AppError {
  constructor(id: string, from: IncidentStatus, to: IncidentStatus, allowed: readonly IncidentStatus[]) {
    super('INCIDENT_ILLEGAL_TRANSITION', `incident ${id} cannot go from ${from} to ${to}`, { from, to, allowed });
  }
}

export class AssignmentNotFoundError extends AppError {
  constructor(id: string) {
    super('ASSIGNMENT_NOT_FOUND', `no assignment with id ${id}`);
  }
}
