import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { LatLonPoint } from './county';

// Geofences: is a point inside a polygon (county boundary, hospital campus)? Ray casting on
// lon/lat is exact enough at county scale; holes are honoured.

export function isPointInPolygon(point: LatLonPoint, polygon: Polygon | MultiPolygon): boolean {
  const polygons = polygon.type === 'Polygon' ? [polygon.coordinates] : polygon.coordinates;
  return polygons.some((rings) => {
    const [outer, ...holes] = rings;
    if (!outer || !isInRing(point, outer)) return false;
    return !holes.some((hole) => isInRing(point, hole));
  });
}

function isInRing(point: LatLonPoint, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    const crosses = yi > point.lat !== yj > point.lat;
    if (crosses && point.lon < ((xj - xi) * (point.lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
