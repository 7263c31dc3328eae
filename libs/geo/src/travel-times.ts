import type { LatLonPoint } from './county';
import { distanceM } from './distance';
import { travelTimeS } from './eta';
import { MinHeap } from './min-heap';
import { findNearestEntryNode, type RoadGraph } from './road-graph';

export interface TravelEstimate {
  distanceM: number;
  etaSec: number;
}

export interface TravelTimesFrom {
  /** Road distance and free-flow time from `point` to the origin; null when not connected. */
  to(point: LatLonPoint): TravelEstimate | null;
}

/**
 * One Dijkstra from the origin over the whole road sketch (roads are undirected, so it gives the
 * time *to* the origin from anywhere), then each query costs an entry-node lookup. This is how
 * dispatch ranks every free ambulance for a call with one graph search.
 */
export function computeTravelTimesFrom(graph: RoadGraph, origin: LatLonPoint): TravelTimesFrom {
  const n = graph.nodes.length;
  const timeS = new Float64Array(n).fill(Infinity);
  const lengthM = new Float64Array(n).fill(Infinity);
  const start = findNearestEntryNode(graph, origin);
  if (start) {
    const accessM = distanceM(origin, start);
    timeS[start.id] = travelTimeS(accessM, 'access');
    lengthM[start.id] = accessM;
    const heap = new MinHeap();
    heap.push(start.id, timeS[start.id]);
    for (let entry = heap.pop(); entry; entry = heap.pop()) {
      const { id, key } = entry;
      if (key > timeS[id]) continue;
      for (const edgeId of graph.adjacency[id]) {
        const edge = graph.edges[edgeId];
        const next = edge.from === id ? edge.to : edge.from;
        const t = key + travelTimeS(edge.lengthM, edge.roadClass);
        if (t < timeS[next]) {
          timeS[next] = t;
          lengthM[next] = lengthM[id] + edge.lengthM;
          heap.push(next, t);
        }
      }
    }
  }
  return {
    to(point) {
      const entry = findNearestEntryNode(graph, point);
      if (!entry || timeS[entry.id] === Infinity) return null;
      const accessM = distanceM(point, entry);
      return { distanceM: lengthM[entry.id] + accessM, etaSec: timeS[entry.id] + travelTimeS(accessM, 'access') };
    },
  };
}
