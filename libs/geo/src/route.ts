import type { LatLonPoint, RoadClass } from './county';
import { bearingDeg, distanceM } from './distance';
import { travelTimeS } from './eta';
import { MinHeap } from './min-heap';
import { findNearestEntryNode, type RoadGraph } from './road-graph';

/** What a stretch of a route runs on; `access` is the bit between a road and an off-road point. */
export type RouteLegClass = RoadClass | 'access';

export interface Route {
  /** [lon, lat] vertices, GeoJSON order, from the start point to the end point. */
  coordinates: [number, number][];
  /** Metres driven when reaching each vertex; same length as `coordinates`. */
  cumulativeM: number[];
  /** Class of the stretch from vertex i to i+1; one shorter than `coordinates`. */
  legClasses: RouteLegClass[];
  distanceM: number;
  /** Free-flow driving time by the road-class speed table (eta.ts). */
  durationS: number;
  /** Road classes used, in the order first driven. */
  roadClasses: RoadClass[];
  distanceByRoadClassM: Partial<Record<RoadClass, number>>;
}

export interface FindRouteOptions {
  /** `time` (default) prefers faster roads, as a driver would; `distance` takes the shortest. */
  optimise?: 'time' | 'distance';
}

export interface RoutePosition extends LatLonPoint {
  headingDeg: number;
  legClass: RouteLegClass;
}

// Below this an endpoint counts as on the road and gets no access stretch.
const ACCESS_THRESHOLD_M = 1;

/**
 * Drives from `from` to `to` along the roads: each endpoint joins the network at its nearest
 * entry node, then Dijkstra. Returns null when the two entry nodes are not connected.
 */
export function findRoute(
  graph: RoadGraph,
  from: LatLonPoint,
  to: LatLonPoint,
  options: FindRouteOptions = {},
): Route | null {
  const start = findNearestEntryNode(graph, from);
  const goal = findNearestEntryNode(graph, to);
  if (!start || !goal) return null;
  const path = shortestPath(graph, start.id, goal.id, options.optimise ?? 'time');
  if (!path) return null;

  const coordinates: [number, number][] = [];
  const legClasses: RouteLegClass[] = [];
  if (distanceM(from, start) > ACCESS_THRESHOLD_M) {
    coordinates.push([from.lon, from.lat]);
    legClasses.push('access');
  }
  coordinates.push([start.lon, start.lat]);
  let nodeId = start.id;
  for (const edgeId of path) {
    const edge = graph.edges[edgeId];
    nodeId = edge.from === nodeId ? edge.to : edge.from;
    const node = graph.nodes[nodeId];
    coordinates.push([node.lon, node.lat]);
    legClasses.push(edge.roadClass);
  }
  if (distanceM(goal, to) > ACCESS_THRESHOLD_M) {
    coordinates.push([to.lon, to.lat]);
    legClasses.push('access');
  }
  return summariseRoute(coordinates, legClasses);
}

function shortestPath(
  graph: RoadGraph,
  startId: number,
  goalId: number,
  optimise: 'time' | 'distance',
): number[] | null {
  const cost = new Float64Array(graph.nodes.length).fill(Infinity);
  const viaEdge = new Int32Array(graph.nodes.length).fill(-1);
  const heap = new MinHeap();
  cost[startId] = 0;
  heap.push(startId, 0);
  for (let entry = heap.pop(); entry; entry = heap.pop()) {
    const { id: nodeId, key } = entry;
    if (key > cost[nodeId]) continue; // stale heap entry
    if (nodeId === goalId) break;
    for (const edgeId of graph.adjacency[nodeId]) {
      const edge = graph.edges[edgeId];
      const next = edge.from === nodeId ? edge.to : edge.from;
      const step = optimise === 'time' ? travelTimeS(edge.lengthM, edge.roadClass) : edge.lengthM;
      if (key + step < cost[next]) {
        cost[next] = key + step;
        viaEdge[next] = edgeId;
        heap.push(next, key + step);
      }
    }
  }
  if (cost[goalId] === Infinity) return null;
  const path: number[] = [];
  for (let nodeId = goalId; nodeId !== startId; ) {
    const edge = graph.edges[viaEdge[nodeId]];
    path.push(edge.id);
    nodeId = edge.from === nodeId ? edge.to : edge.from;
  }
  return path.reverse();
}

function summariseRoute(coordinates: [number, number][], legClasses: RouteLegClass[]): Route {
  const cumulativeM = [0];
  const roadClasses: RoadClass[] = [];
  const distanceByRoadClassM: Partial<Record<RoadClass, number>> = {};
  let durationS = 0;
  for (let i = 1; i < coordinates.length; i++) {
    const [lonA, latA] = coordinates[i - 1];
    const [lonB, latB] = coordinates[i];
    const legM = distanceM({ lat: latA, lon: lonA }, { lat: latB, lon: lonB });
    const legClass = legClasses[i - 1];
    cumulativeM.push(cumulativeM[i - 1] + legM);
    durationS += travelTimeS(legM, legClass);
    if (legClass !== 'access') {
      if (!roadClasses.includes(legClass)) roadClasses.push(legClass);
      distanceByRoadClassM[legClass] = (distanceByRoadClassM[legClass] ?? 0) + legM;
    }
  }
  return {
    coordinates,
    cumulativeM,
    legClasses,
    distanceM: cumulativeM[cumulativeM.length - 1],
    durationS,
    roadClasses,
    distanceByRoadClassM,
  };
}

/**
 * Where a vehicle is after driving `distanceM` along the route (clamped to its ends), facing
 * along the stretch it is on.
 */
export function pointAlong(route: Route, distanceAlongM: number): RoutePosition {
  const { coordinates, cumulativeM, legClasses } = route;
  const first = coordinates[0];
  if (coordinates.length < 2) {
    return { lon: first[0], lat: first[1], headingDeg: 0, legClass: legClasses[0] ?? 'access' };
  }
  const d = Math.max(0, Math.min(distanceAlongM, route.distanceM));
  // last vertex index i with cumulativeM[i] <= d, kept below the final vertex
  let lo = 0;
  let hi = coordinates.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (cumulativeM[mid] <= d) lo = mid;
    else hi = mid - 1;
  }
  let leg = lo;
  // a zero-length stretch has no direction: look ahead, then back, for one that has
  while (leg < coordinates.length - 2 && cumulativeM[leg + 1] - cumulativeM[leg] === 0) leg++;
  while (leg > 0 && cumulativeM[leg + 1] - cumulativeM[leg] === 0) leg--;
  const [lonA, latA] = coordinates[leg];
  const [lonB, latB] = coordinates[leg + 1];
  const legM = cumulativeM[leg + 1] - cumulativeM[leg];
  const t = legM === 0 ? 0 : Math.max(0, Math.min(1, (d - cumulativeM[leg]) / legM));
  const a = { lat: latA, lon: lonA };
  const b = { lat: latB, lon: lonB };
  return {
    lat: latA + (latB - latA) * t,
    lon: lonA + (lonB - lonA) * t,
    headingDeg: legM === 0 ? 0 : bearingDeg(a, b),
    legClass: legClasses[leg],
  };
}
