import type { Assignment, Incident } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { applyAssignment, needsVehicle, sortIncidentQueue, upsertIncident } from './incident-state';

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const incident = (n: number, patch: Partial<Incident> = {}): Incident => ({
  id: uuid(n),
  number: `20250301-000${n}`,
  status: 'new',
  priority: 'urgent',
  complaint: '胸痛',
  location: { lat: 30, lon: 118.5 },
  address: null,
  callerPhone: null,
  callerName: null,
  patient: null,
  notes: null,
  requiredVehicleType: null,
  destinationHospitalId: null,
  createdAt: `2025-03-01T08:0${n}:00Z`,
  updatedAt: `2025-03-01T08:0${n}:00Z`,
  assignments: [],
  ...patch,
});

const assignment = (incidentId: string, status: Assignment['status']): Assignment => ({
  id: uuid(99),
  incidentId,
  vehicleId: 'lh-01',
  status,
  offeredAt: '2025-03-01T08:05:00Z',
  offerExpiresAt: '2025-03-01T08:06:00Z',
  respondedAt: null,
  departedAt: null,
  departureDeadlineAt: '2025-03-01T08:08:00Z',
  distanceM: 1000,
  etaSec: 120,
});

describe(upsertIncident.name, () => {
  it('should drop an incident from the open list when it is closed', () => {
    const sut = upsertIncident([incident(1)], incident(1, { status: 'closed', updatedAt: '2025-03-01T09:00:00Z' }));
    expect(sut).toEqual([]);
  });

  it('should keep the newer copy when an older update arrives late', () => {
    const newer = incident(1, { status: 'dispatched', updatedAt: '2025-03-01T09:00:00Z' });
    expect(upsertIncident([newer], incident(1))[0]?.status).toBe('dispatched');
  });
});

describe(applyAssignment.name, () => {
  it('should add a new assignment and then replace it by id', () => {
    const offered = applyAssignment([incident(1)], assignment(uuid(1), 'offered'));
    expect(needsVehicle(offered[0]!)).toBe(false);
    const declined = applyAssignment(offered, assignment(uuid(1), 'declined'));
    expect(declined[0]?.assignments).toHaveLength(1);
    expect(needsVehicle(declined[0]!)).toBe(true);
  });
});

describe(sortIncidentQueue.name, () => {
  it('should put incidents waiting for a vehicle first, then critical before urgent, oldest first', () => {
    const covered = incident(1, { priority: 'critical', assignments: [assignment(uuid(1), 'accepted')] });
    const urgentOld = incident(2);
    const critical = incident(3, { priority: 'critical' });
    const urgentNew = incident(4);
    expect(sortIncidentQueue([covered, urgentNew, urgentOld, critical]).map((i) => i.id)).toEqual([
      uuid(3),
      uuid(2),
      uuid(4),
      uuid(1),
    ]);
  });
});
