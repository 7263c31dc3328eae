import { bearing } from '@turf/bearing';
import { distance } from '@turf/distance';
import type { LatLonPoint } from './county';

/** Great-circle distance in metres (haversine on turf's mean earth radius). */
export function distanceM(a: LatLonPoint, b: LatLonPoint): number {
  return distance([a.lon, a.lat], [b.lon, b.lat], { units: 'meters' });
}

/** Initial great-circle bearing from `a` to `b`, degrees clockwise from north in [0, 360). */
export function bearingDeg(a: LatLonPoint, b: LatLonPoint): number {
  return normaliseHeadingDeg(bearing([a.lon, a.lat], [b.lon, b.lat]));
}

/** Folds any angle into [0, 360), the range the GPS contract accepts. */
export function normaliseHeadingDeg(deg: number): number {
  const folded = ((deg % 360) + 360) % 360;
  // -1e-15 % 360 + 360 rounds to 360 in floating point
  return folded >= 360 ? 0 : folded;
}
