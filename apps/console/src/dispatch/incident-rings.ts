import type { LatLon, RecommendationList } from '@feijiu/contracts';

// The radius rings (5/10/20 km by default) drawn around an incident, innermost first.

export interface IncidentRing {
  radiusKm: number;
  radiusM: number;
  colour: string;
  /** Inner rings are drawn stronger: that is where the dispatcher wants a vehicle from. */
  weightPx: number;
}

const RING_COLOURS = ['#dc2626', '#f97316', '#64748b'] as const;
const METRES_PER_DEGREE_LAT = 111_320;

export function buildIncidentRings(ringsKm: readonly number[]): IncidentRing[] {
  return [...ringsKm]
    .filter((km) => Number.isFinite(km) && km > 0)
    .sort((a, b) => a - b)
    .map((radiusKm, index) => ({
      radiusKm,
      radiusM: radiusKm * 1000,
      colour: RING_COLOURS[Math.min(index, RING_COLOURS.length - 1)] ?? '#64748b',
      weightPx: index === 0 ? 2 : 1.5,
    }));
}

/** The smallest ring a distance falls in, or null beyond the last ring. */
export function findRingKm(distanceM: number, ringsKm: readonly number[]): number | null {
  const fits = ringsKm.filter((km) => distanceM <= km * 1000);
  return fits.length === 0 ? null : Math.min(...fits);
}

/** Where a ring's label sits: on the ring, due north of the centre. */
export function ringLabelPosition(centre: LatLon, radiusM: number): LatLon {
  return { lat: centre.lat + radiusM / METRES_PER_DEGREE_LAT, lon: centre.lon };
}

/** How much map to show around an incident: the ring of the best ambulance (the outer ring beyond it). */
export function framingRadiusM(list: Pick<RecommendationList, 'ringsKm' | 'items'>): number {
  const outerKm = Math.max(...list.ringsKm, 5);
  const bestRingKm = list.items[0]?.ring ?? outerKm;
  return Math.min(bestRingKm, outerKm) * 1000;
}
