import { describe, expect, it } from 'vitest';
import type { RoadClass, RoadCollection } from './county';
import { buildRoadGraph, findConnectedComponents, findNearestEntryNode } from './road-graph';

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

describe(buildRoadGraph.name, () => {
  it('should join two roads when they share a vertex', () => {
    const sut = buildRoadGraph(
      roads(
        ['county', [[118.5, 30], [118.51, 30], [118.52, 30]]],
        ['township', [[118.51, 30], [118.51, 30.01]]],
      ),
    );
    expect(sut.nodes).toHaveLength(4);
    expect(sut.edges).toHaveLength(3);
    expect(findConnectedComponents(sut)).toHaveLength(1);
    const junction = sut.nodes.find((n) => n.lon === 118.51 && n.lat === 30)!;
    expect(junction.roadClasses.sort()).toEqual(['county', 'township']);
  });

  it('should keep roads apart when they only cross (an overpass)', () => {
    const sut = buildRoadGraph(
      roads(
        ['expressway', [[118.5, 30], [118.52, 30]]],
        ['county', [[118.51, 29.99], [118.51, 30.01]]],
      ),
    );
    expect(findConnectedComponents(sut)).toHaveLength(2);
  });

  it('should give each edge its geodesic length when built', () => {
    const sut = buildRoadGraph(roads(['county', [[118.5, 30], [118.5, 30.01]]]));
    // 0.01° of latitude ≈ 1,112 m
    expect(sut.edges[0].lengthM).toBeGreaterThan(1105);
    expect(sut.edges[0].lengthM).toBeLessThan(1118);
  });
});

describe(findNearestEntryNode.name, () => {
  it('should skip a closer expressway node when joining the network', () => {
    const graph = buildRoadGraph(
      roads(
        ['expressway', [[118.5, 30], [118.6, 30]]],
        ['township', [[118.5, 30.02], [118.6, 30.02]]],
      ),
    );
    const sut = findNearestEntryNode(graph, { lat: 30.001, lon: 118.5 });
    expect(sut).toMatchObject({ lat: 30.02, lon: 118.5 });
  });
});
