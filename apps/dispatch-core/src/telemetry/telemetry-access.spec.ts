import type { SessionUser } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { canReadTelemetry, historyScopeOf } from './telemetry-access';

const user = (over: Partial<SessionUser>): SessionUser => ({
  id: 'u',
  username: 'u',
  displayName: 'u',
  role: 'dispatcher',
  vehicleId: null,
  hospitalId: null,
  ...over,
});
const toLead = { incidentId: '6f1c8a52-5f3e-4d36-9a55-0d1f1f3e2a10', destinationHospitalId: 'lead', startedAt: new Date('2026-11-22T10:00:00Z') };

describe(canReadTelemetry.name, () => {
  it.each([
    ['dispatcher, any vehicle', user({ role: 'dispatcher' }), 'lh-02', undefined, true],
    ['admin, any vehicle', user({ role: 'admin' }), 'lh-02', undefined, true],
    ['crew, own vehicle', user({ role: 'crew', vehicleId: 'lh-01' }), 'lh-01', undefined, true],
    ['crew, another vehicle', user({ role: 'crew', vehicleId: 'lh-01' }), 'lh-02', toLead, false],
    ['ER, vehicle bound for its hospital', user({ role: 'er_clinician', hospitalId: 'lead' }), 'lh-02', toLead, true],
    ['ER, vehicle bound elsewhere', user({ role: 'er_clinician', hospitalId: 'tcm' }), 'lh-02', toLead, false],
    ['ER, unbound vehicle', user({ role: 'er_clinician', hospitalId: 'lead' }), 'lh-02', undefined, false],
    ['ER, bound without a destination yet', user({ role: 'er_clinician', hospitalId: 'lead' }), 'lh-02', { ...toLead, destinationHospitalId: null }, false],
  ])('should decide %s', (_, who, vehicleId, binding, expected) => {
    expect(canReadTelemetry(who, vehicleId, binding)).toBe(expected);
  });
});

describe(historyScopeOf.name, () => {
  it('should narrow an ER clinician to its hospital\'s patients and the incident the vehicle carries now', () => {
    expect(historyScopeOf(user({ role: 'er_clinician', hospitalId: 'lead' }), toLead)).toEqual({ hospitalId: 'lead', currentIncidentId: toLead.incidentId });
  });

  it.each([
    ['dispatcher', user({ role: 'dispatcher' })],
    ['admin', user({ role: 'admin' })],
    ['crew', user({ role: 'crew', vehicleId: 'lh-02' })],
  ])('should leave the %s the whole history of a vehicle it may read', (_, who) => {
    expect(historyScopeOf(who, toLead)).toBeNull();
  });
});
