import type { Vehicle } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../platform/http/actor';
import { discloseVehicleTo } from './crew-disclosure';

const user = (role: 'dispatcher' | 'admin' | 'crew' | 'er_clinician', vehicleId: string | null = null): Actor => ({
  kind: 'user',
  userId: 'u',
  username: role,
  role,
  vehicleId,
  hospitalId: role === 'er_clinician' ? 'lead' : null,
  address: null,
});

const VEHICLE: Vehicle = {
  id: 'lh-02',
  callSign: '澄溪120-02',
  plate: '皖P·1202X',
  type: 'ALS',
  status: 'available',
  stationId: 'lead',
  position: null,
  crew: [
    { role: 'doctor', name: '张伟', phone: '13905561201' },
    { role: 'driver', name: '王强' },
  ],
  crewUpdatedAt: '2026-11-22T00:00:00.000Z',
};
const MASKED_CREW = [
  { role: 'doctor', name: '张伟', phone: '139****1201' },
  { role: 'driver', name: '王强' },
];

describe(discloseVehicleTo.name, () => {
  it.each([
    ['a dispatcher', user('dispatcher')],
    ['an admin', user('admin')],
    ["the vehicle's own crew", user('crew', 'lh-02')],
    ['the core itself', { kind: 'system', component: 'test' } as const],
  ])('should show %s the crew whole', (_who, actor) => {
    expect(discloseVehicleTo(actor, VEHICLE)).toBe(VEHICLE);
  });

  it.each([
    ["another ambulance's crew", user('crew', 'lh-03')],
    ['an ER clinician', user('er_clinician')],
  ])('should show %s the names and the phones masked', (_who, actor) => {
    const sut = discloseVehicleTo(actor, VEHICLE);
    expect(sut.crew).toEqual(MASKED_CREW);
    expect({ ...sut, crew: VEHICLE.crew }).toEqual(VEHICLE);
  });
});
