import { VEHICLE_STATUSES } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { crewNextStatuses, needsSecondTap, primaryNextStatus } from './vehicle-transitions';

describe(crewNextStatuses.name, () => {
  it.each([
    ['dispatched', ['en_route', 'available']],
    ['en_route', ['on_scene', 'available']],
    ['on_scene', ['transporting', 'available']],
    ['transporting', ['at_hospital']],
    ['at_hospital', ['returning', 'available']],
    ['returning', ['available', 'out_of_service']],
    ['available', ['out_of_service']],
    ['out_of_service', ['available']],
  ] as const)('should offer a crew in %s exactly %j', (current, next) => {
    expect(crewNextStatuses(current)).toEqual(next);
  });

  it('should never offer "dispatched": only an assignment dispatches a vehicle', () => {
    for (const status of VEHICLE_STATUSES) expect(crewNextStatuses(status)).not.toContain('dispatched');
  });
});

describe(primaryNextStatus.name, () => {
  it('should make the forward step of the job the primary button', () => {
    expect(primaryNextStatus('en_route')).toBe('on_scene');
  });
});

describe(needsSecondTap.name, () => {
  it('should ask twice before a crew on its way to a patient goes back to available', () => {
    expect(needsSecondTap('en_route', 'available')).toBe(true);
    expect(needsSecondTap('en_route', 'on_scene')).toBe(false);
  });

  it('should take one tap once the patient is at hospital', () => {
    expect(needsSecondTap('at_hospital', 'available')).toBe(false);
    expect(needsSecondTap('returning', 'available')).toBe(false);
  });
});
