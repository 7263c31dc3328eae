import type { Assignment } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { computeDepartureClock, computeOfferRemainingMs } from './departure-clock';

const ORDER_MS = Date.parse('2025-03-01T08:00:00Z');
const at = (sec: number) => new Date(ORDER_MS + sec * 1000).toISOString();

const assignment = (patch: Partial<Assignment> = {}): Assignment => ({
  id: '00000000-0000-4000-8000-000000000001',
  incidentId: '00000000-0000-4000-8000-000000000002',
  vehicleId: 'lh-01',
  status: 'accepted',
  offeredAt: at(0),
  offerExpiresAt: at(60),
  respondedAt: at(20),
  departedAt: null,
  departureDeadlineAt: at(180),
  distanceM: 4200,
  etaSec: 420,
  ...patch,
});

describe(computeDepartureClock.name, () => {
  it('should run without warning when more than 30 s are left', () => {
    const sut = computeDepartureClock(assignment(), 'dispatched', ORDER_MS + 100_000);
    expect(sut).toMatchObject({ state: 'running', warning: false, remainingMs: 80_000 });
  });

  it('should warn (amber) in the last 30 s before the deadline', () => {
    expect(computeDepartureClock(assignment(), 'dispatched', ORDER_MS + 155_000)).toMatchObject({ state: 'running', warning: true });
  });

  it('should be breached once the deadline passed without a departure', () => {
    expect(computeDepartureClock(assignment(), 'dispatched', ORDER_MS + 200_000)).toMatchObject({ state: 'breached', remainingMs: -20_000 });
  });

  it('should stop at the departure and say how long it took', () => {
    const sut = computeDepartureClock(assignment({ departedAt: at(95) }), 'en_route', ORDER_MS + 400_000);
    expect(sut).toMatchObject({ state: 'done', tookMs: 95_000, late: false });
  });

  it('should mark a departure after the deadline as late', () => {
    expect(computeDepartureClock(assignment({ departedAt: at(200) }), 'en_route', ORDER_MS + 400_000)).toMatchObject({ state: 'done', late: true });
  });

  it('should count the vehicle reporting en_route as departed before the server stamps it', () => {
    expect(computeDepartureClock(assignment(), 'en_route', ORDER_MS + 400_000)?.state).toBe('done');
  });

  it('should keep running for an offer even when the vehicle is still en route to an older job', () => {
    expect(computeDepartureClock(assignment({ status: 'offered', respondedAt: null }), 'en_route', ORDER_MS + 10_000)?.state).toBe('running');
  });

  it('should show no clock for a declined assignment', () => {
    expect(computeDepartureClock(assignment({ status: 'declined' }), 'available', ORDER_MS + 10_000)).toBeNull();
  });
});

describe(computeOfferRemainingMs.name, () => {
  it('should count down to the offer expiry while the offer is open', () => {
    expect(computeOfferRemainingMs(assignment({ status: 'offered' }), ORDER_MS + 45_000)).toBe(15_000);
    expect(computeOfferRemainingMs(assignment({ status: 'offered' }), ORDER_MS + 75_000)).toBe(0);
  });

  it('should be null once the crew answered', () => {
    expect(computeOfferRemainingMs(assignment(), ORDER_MS)).toBeNull();
  });
});
