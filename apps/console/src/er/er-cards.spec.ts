import { describe, expect, it } from 'vitest';
import { mergeCards, remainingEtaSec, type ErCard } from './er-cards';

const card = (vehicleId: string, etaSec: number | null): ErCard => ({
  vehicleId,
  callSign: vehicleId.toUpperCase(),
  incident: null,
  vehicleStatus: 'transporting',
  etaSec,
  distanceM: null,
  etaAtMs: 0,
});

describe(mergeCards.name, () => {
  it('should order the inbound ambulances by ETA and add telemetry-only vehicles after them', () => {
    const sut = mergeCards([card('a', null), card('b', 300), card('c', 120)], ['b', 'x'], new Map([['x', '澄溪120-09']]));
    expect(sut.map((c) => c.vehicleId)).toEqual(['c', 'b', 'a', 'x']);
    expect(sut[3]?.callSign).toBe('澄溪120-09');
  });
});

describe(remainingEtaSec.name, () => {
  it('should count the ETA down from when it was fetched, never below zero', () => {
    expect(remainingEtaSec({ etaSec: 300, etaAtMs: 1_000 }, 61_000)).toBe(240);
    expect(remainingEtaSec({ etaSec: 30, etaAtMs: 1_000 }, 61_000)).toBe(0);
    expect(remainingEtaSec({ etaSec: null, etaAtMs: 1_000 }, 61_000)).toBeNull();
  });
});
