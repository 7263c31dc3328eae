import { VEHICLE_STATUSES, type VehicleStatus } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { canChangeVehicleStatus, nextVehicleStatuses } from './vehicle-status-machine';

describe(canChangeVehicleStatus.name, () => {
  it.each<[VehicleStatus, VehicleStatus]>([
    ['available', 'dispatched'],
    ['dispatched', 'en_route'],
    ['en_route', 'on_scene'],
    ['on_scene', 'transporting'],
    ['transporting', 'at_hospital'],
    ['at_hospital', 'returning'],
    ['returning', 'available'],
    ['returning', 'dispatched'],
    ['available', 'out_of_service'],
    ['out_of_service', 'available'],
    ['on_scene', 'available'],
  ])('should allow %s → %s', (from, to) => {
    expect(canChangeVehicleStatus(from, to)).toBe(true);
  });

  it.each<[VehicleStatus, VehicleStatus]>([
    ['available', 'on_scene'],
    ['available', 'transporting'],
    ['transporting', 'available'],
    ['out_of_service', 'dispatched'],
    ['dispatched', 'transporting'],
    ['at_hospital', 'transporting'],
    ['en_route', 'en_route'],
  ])('should refuse %s → %s', (from, to) => {
    expect(canChangeVehicleStatus(from, to)).toBe(false);
  });

  it('should let every status leave to somewhere', () => {
    for (const s of VEHICLE_STATUSES) expect(nextVehicleStatuses(s).length).toBeGreaterThan(0);
  });
});
