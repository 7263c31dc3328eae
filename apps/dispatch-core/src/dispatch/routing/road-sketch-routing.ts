import { buildRoadGraph, computeTravelTimesFrom, DEMO_COUNTY, type LatLonPoint, type RoadGraph, type TravelEstimate } from '@feijiu/geo';
import type { RoutingProvider } from './routing-provider';

/** Default: the county road sketch with speeds by road class (libs/geo eta.ts); one Dijkstra per call. */
export class RoadSketchRouting implements RoutingProvider {
  readonly name = 'road-sketch';
  private readonly graph: RoadGraph;

  constructor(graph: RoadGraph = buildRoadGraph(DEMO_COUNTY.roads)) {
    this.graph = graph;
  }

  estimateTo(destination: LatLonPoint, origins: readonly LatLonPoint[]): Promise<(TravelEstimate | null)[]> {
    const times = computeTravelTimesFrom(this.graph, destination);
    return Promise.resolve(origins.map((o) => times.to(o)));
  }
}
