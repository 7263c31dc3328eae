import { describe, expect, it } from 'vitest';
import { isActionableAlert, nextVehicleOf } from './alert-actions';

describe(nextVehicleOf.name, () => {
  it('should read the proposed vehicle only when the server sent a string id', () => {
    expect(nextVehicleOf({ details: { nextVehicleId: 'lh-02' } })).toBe('lh-02');
    expect(nextVehicleOf({ details: { nextVehicleId: 42 } })).toBeNull();
    expect(nextVehicleOf({})).toBeNull();
  });
});

describe(isActionableAlert.name, () => {
  it('should put unanswered offers and late departures in front of the dispatcher', () => {
    expect(isActionableAlert({ kind: 'offer_unanswered' })).toBe(true);
    expect(isActionableAlert({ kind: 'departure_late' })).toBe(true);
    expect(isActionableAlert({ kind: 'telemetry_stale' })).toBe(false);
  });
});
