import { describe, expect, it } from 'vitest';
import { DEMO_COUNTY } from './demo-county';
import { buildRoadGraph } from './road-graph';
import { findRoute } from './route';
import { computeTravelTimesFrom } from './travel-times';

describe(computeTravelTimesFrom.name, () => {
  const graph = buildRoadGraph(DEMO_COUNTY.roads);
  const lead = DEMO_COUNTY.facilities.find((f) => f.id === 'lead')!;

  it('should give every township centre the same ETA as a point-to-point route when ranking from the lead hospital', () => {
    const sut = computeTravelTimesFrom(graph, lead);
    for (const f of DEMO_COUNTY.facilities.filter((x) => x.kind === 'township_centre')) {
      const route = findRoute(graph, f, lead)!;
      const estimate = sut.to(f)!;
      expect(estimate.etaSec).toBeCloseTo(route.durationS, 0);
      expect(estimate.distanceM).toBeCloseTo(route.distanceM, -1);
    }
  });

  it('should give a point next to the origin an ETA of under a minute', () => {
    const sut = computeTravelTimesFrom(graph, lead);
    expect(sut.to({ lat: lead.lat + 0.0005, lon: lead.lon })!.etaSec).toBeLessThan(60);
  });
});
