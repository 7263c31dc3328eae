import { describe, expect, it } from 'vitest';
import type { RoadClass, RoadCollection } from './county';
import { distanceM } from './distance';
import { buildRoadGraph } from './road-graph';
import { findRoute, pointAlong } from './route';

function roads(...lines: [RoadClass, [number, number][]][]): RoadCollection {
  return {
    type: 'FeatureCollection',
    features: lines.map(([roadClass, coordinates], i) => ({
      type: 'Feature',
      properties: { name: `road ${i}`, roadClass },
      geometry: { type: 'LineString', coordinates },
    })),
  };
}

// Two ways from A (118.50, 30.00) to B (118.60, 30.00): a straight township road and a longer
// national road that bows north through (118.55, 30.02).
const A: [number, number] = [118.5, 30];
const B: [number, number] = [118.6, 30];
const network = buildRoadGraph(
  roads(
    ['township', [A, [118.55, 30], B]],
    ['national', [A, [118.55, 30.02], B]],
  ),
);

describe(findRoute.name, () => {
  it('should take the faster national road when optimising time', () => {
    const sut = findRoute(network, { lat: 30, lon: 118.5 }, { lat: 30, lon: 118.6 })!;
    expect(sut.roadClasses).toEqual(['national']);
    expect(sut.coordinates).toContainEqual([118.55, 30.02]);
  });

  it('should take the shorter township road when optimising distance', () => {
    const sut = findRoute(network, { lat: 30, lon: 118.5 }, { lat: 30, lon: 118.6 }, { optimise: 'distance' })!;
    expect(sut.roadClasses).toEqual(['township']);
    expect(sut.distanceM).toBeCloseTo(distanceM({ lat: 30, lon: 118.5 }, { lat: 30, lon: 118.6 }), 0);
  });

  it('should start and end at the given points when they are off the road', () => {
    const from = { lat: 30.001, lon: 118.5 };
    const to = { lat: 29.999, lon: 118.6 };
    const sut = findRoute(network, from, to)!;
    expect(sut.coordinates[0]).toEqual([from.lon, from.lat]);
    expect(sut.coordinates.at(-1)).toEqual([to.lon, to.lat]);
    expect(sut.legClasses[0]).toBe('access');
    expect(sut.legClasses.at(-1)).toBe('access');
    expect(sut.cumulativeM).toHaveLength(sut.coordinates.length);
  });

  it('should return null when the two points are on unconnected roads', () => {
    const islands = buildRoadGraph(
      roads(['county', [[118.5, 30], [118.51, 30]]], ['county', [[118.7, 30], [118.71, 30]]]),
    );
    expect(findRoute(islands, { lat: 30, lon: 118.5 }, { lat: 30, lon: 118.71 })).toBeNull();
  });
});

describe(pointAlong.name, () => {
  const route = findRoute(network, { lat: 30, lon: 118.5 }, { lat: 30, lon: 118.6 }, { optimise: 'distance' })!;

  it('should be halfway and heading east when driven half the route', () => {
    const sut = pointAlong(route, route.distanceM / 2);
    expect(distanceM(sut, { lat: 30, lon: 118.55 })).toBeLessThan(5);
    expect(Math.abs(sut.headingDeg - 90)).toBeLessThan(0.1);
    expect(sut.legClass).toBe('township');
  });

  it('should stay at the ends when driven before the start or past the end', () => {
    expect(pointAlong(route, -10)).toMatchObject({ lat: 30, lon: 118.5 });
    expect(pointAlong(route, route.distanceM + 1000)).toMatchObject({ lat: 30, lon: 118.6 });
  });

  it('should face back west when driving the return trip', () => {
    const back = findRoute(network, { lat: 30, lon: 118.6 }, { lat: 30, lon: 118.5 }, { optimise: 'distance' })!;
    expect(Math.abs(pointAlong(back, 100).headingDeg - 270)).toBeLessThan(0.1);
  });
});
