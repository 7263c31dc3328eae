import { around } from 'geokdbush';
import KDBush from 'kdbush';
import type { LatLonPoint } from './county';

export interface NearestOptions<T> {
  maxResults?: number;
  maxDistanceM?: number;
  filter?: (item: T) => boolean;
}

/** A static geodesic nearest-neighbour index over points (kdbush + geokdbush). */
export interface PointIndex<T extends LatLonPoint> {
  readonly items: readonly T[];
  /** Items closest first. */
  nearest(point: LatLonPoint, options?: NearestOptions<T>): T[];
}

export function buildPointIndex<T extends LatLonPoint>(items: readonly T[]): PointIndex<T> {
  const index = new KDBush(Math.max(items.length, 1));
  for (const item of items) index.add(item.lon, item.lat);
  // kdbush refuses an empty index, so an empty set gets one unused slot
  if (items.length === 0) index.add(0, 0);
  index.finish();
  return {
    items,
    nearest(point, options = {}) {
      if (items.length === 0) return [];
      const filter = options.filter;
      const ids = around(
        index,
        point.lon,
        point.lat,
        options.maxResults ?? 1,
        options.maxDistanceM === undefined ? Infinity : options.maxDistanceM / 1000,
        filter ? (id: number) => filter(items[id]) : undefined,
      );
      return ids.map((id) => items[id]);
    },
  };
}
