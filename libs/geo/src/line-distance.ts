import type { Position } from 'geojson';
import type { LatLonPoint, RoadCollection } from './county';

const EARTH_RADIUS_M = 6371008.8;
const RAD = Math.PI / 180;

/**
 * Shortest distance in metres from a point to a polyline ([lon, lat] vertices). Each segment is
 * projected on a local equirectangular plane around the point: well under 0.1% error for the
 * few-kilometre segments of a county road sketch.
 */
export function distanceToLineM(point: LatLonPoint, line: readonly Position[]): number {
  const cosLat = Math.cos(point.lat * RAD);
  const toXY = (p: Position): [number, number] => [
    (p[0] - point.lon) * RAD * EARTH_RADIUS_M * cosLat,
    (p[1] - point.lat) * RAD * EARTH_RADIUS_M,
  ];
  if (line.length === 0) return Infinity;
  let best = Math.hypot(...toXY(line[0]));
  for (let i = 1; i < line.length; i++) {
    const [ax, ay] = toXY(line[i - 1]);
    const [bx, by] = toXY(line[i]);
    const dx = bx - ax;
    const dy = by - ay;
    const lengthSq = dx * dx + dy * dy;
    const t = lengthSq === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / lengthSq));
    best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
  }
  return best;
}

/** Distance in metres from a point to the nearest road of a collection. */
export function distanceToRoadsM(point: LatLonPoint, roads: RoadCollection): number {
  let best = Infinity;
  for (const road of roads.features) {
    best = Math.min(best, distanceToLineM(point, road.geometry.coordinates));
  }
  return best;
}
