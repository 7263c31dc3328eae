import type { LatLonPoint, RoadClass, RoadCollection } from './county';
import { distanceM } from './distance';
import { buildPointIndex, type PointIndex } from './point-index';

// Roads meet where they share a vertex (the OpenStreetMap convention): two lines that only
// cross, like an expressway over a county road, do not connect. Vertices are matched at
// 1e-6 degree (about 0.1 m).

export interface RoadGraphNode extends LatLonPoint {
  id: number;
  /** Classes of the roads through this node; a node only on expressways is not an entry point. */
  roadClasses: RoadClass[];
}

export interface RoadGraphEdge {
  id: number;
  from: number;
  to: number;
  lengthM: number;
  roadClass: RoadClass;
  roadName: string;
}

export interface RoadGraph {
  nodes: readonly RoadGraphNode[];
  /** Undirected: each edge is listed once and can be driven both ways. */
  edges: readonly RoadGraphEdge[];
  /** Node id → ids of the edges that touch it. */
  adjacency: readonly (readonly number[])[];
  /** Nodes where a vehicle can join the network (every node except expressway-only ones). */
  entryIndex: PointIndex<RoadGraphNode>;
}

export function buildRoadGraph(roads: RoadCollection): RoadGraph {
  const nodes: RoadGraphNode[] = [];
  const edges: RoadGraphEdge[] = [];
  const adjacency: number[][] = [];
  const byKey = new Map<string, number>();

  const nodeAt = (lon: number, lat: number, roadClass: RoadClass): number => {
    const key = `${lon.toFixed(6)},${lat.toFixed(6)}`;
    let id = byKey.get(key);
    if (id === undefined) {
      id = nodes.length;
      byKey.set(key, id);
      nodes.push({ id, lat, lon, roadClasses: [] });
      adjacency.push([]);
    }
    const node = nodes[id];
    if (!node.roadClasses.includes(roadClass)) node.roadClasses.push(roadClass);
    return id;
  };

  for (const road of roads.features) {
    const { roadClass, name } = road.properties;
    let previous: number | undefined;
    for (const [lon, lat] of road.geometry.coordinates as [number, number][]) {
      const current = nodeAt(lon, lat, roadClass);
      if (previous !== undefined && previous !== current) {
        const id = edges.length;
        const lengthM = distanceM(nodes[previous], nodes[current]);
        edges.push({ id, from: previous, to: current, lengthM, roadClass, roadName: name });
        adjacency[previous].push(id);
        adjacency[current].push(id);
      }
      previous = current;
    }
  }

  const entryNodes = nodes.filter((node) => node.roadClasses.some((c) => c !== 'expressway'));
  return { nodes, edges, adjacency, entryIndex: buildPointIndex(entryNodes) };
}

/** Groups node ids by connected component, largest first. */
export function findConnectedComponents(graph: RoadGraph): number[][] {
  const componentOf = new Int32Array(graph.nodes.length).fill(-1);
  const components: number[][] = [];
  for (const start of graph.nodes) {
    if (componentOf[start.id] !== -1) continue;
    const members: number[] = [];
    const stack = [start.id];
    componentOf[start.id] = components.length;
    while (stack.length > 0) {
      const nodeId = stack.pop()!;
      members.push(nodeId);
      for (const edgeId of graph.adjacency[nodeId]) {
        const edge = graph.edges[edgeId];
        const next = edge.from === nodeId ? edge.to : edge.from;
        if (componentOf[next] === -1) {
          componentOf[next] = components.length;
          stack.push(next);
        }
      }
    }
    components.push(members);
  }
  return components.sort((a, b) => b.length - a.length);
}

/** The node where a vehicle at `point` joins the network (never the middle of an expressway). */
export function findNearestEntryNode(graph: RoadGraph, point: LatLonPoint): RoadGraphNode | undefined {
  return graph.entryIndex.nearest(point, { maxResults: 1 })[0];
}
