import type { Assignment, Incident } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { findCurrentJob, findOpenOffer } from './crew-jobs';

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const assignment = (n: number, patch: Partial<Assignment>): Assignment => ({
  id: uuid(100 + n),
  incidentId: uuid(n),
  vehicleId: 'lh-01',
  status: 'offered',
  offeredAt: '2025-03-01T08:09:30Z',
  offerExpiresAt: '2025-03-01T08:10:30Z',
  respondedAt: null,
  departedAt: null,
  departureDeadlineAt: '2025-03-01T08:12:30Z',
  distanceM: 3000,
  etaSec: 300,
  ...patch,
});

const incident = (n: number, assignments: Assignment[], patch: Partial<Incident> = {}): Incident => ({
  id: uuid(n),
  number: `N${n}`,
  status: 'dispatched',
  priority: 'critical',
  complaint: '胸痛',
  location: { lat: 30, lon: 118.5 },
  address: null,
  callerPhone: null,
  callerName: null,
  patient: null,
  notes: null,
  requiredVehicleType: null,
  destinationHospitalId: null,
  createdAt: '2025-03-01T08:09:00Z',
  updatedAt: '2025-03-01T08:09:30Z',
  assignments,
  ...patch,
});

describe(findOpenOffer.name, () => {
  it('should find the offer made to this vehicle while it is still open', () => {
    const list = [incident(1, [assignment(1, { vehicleId: 'lh-02' })]), incident(2, [assignment(2, {})])];
    expect(findOpenOffer(list, 'lh-01')?.incident.id).toBe(uuid(2));
  });

  it('should keep an offer until the server ends it, whatever the tablet clock says', () => {
    expect(findOpenOffer([incident(1, [assignment(1, {})])], 'lh-01')).not.toBeNull();
    expect(findOpenOffer([incident(1, [assignment(1, { status: 'expired' })])], 'lh-01')).toBeNull();
  });

  it('should ignore an offer on a cancelled incident', () => {
    expect(findOpenOffer([incident(1, [assignment(1, {})], { status: 'cancelled' })], 'lh-01')).toBeNull();
  });
});

describe(findCurrentJob.name, () => {
  it('should take the accepted assignment of an open incident as the job', () => {
    const list = [incident(1, [assignment(1, { status: 'declined' })]), incident(2, [assignment(2, { status: 'accepted' })])];
    expect(findCurrentJob(list, 'lh-01')?.incident.id).toBe(uuid(2));
  });

  it('should have no job once the incident is closed', () => {
    expect(findCurrentJob([incident(1, [assignment(1, { status: 'accepted' })], { status: 'closed' })], 'lh-01')).toBeNull();
  });
});
