import type { LatLon } from '@feijiu/contracts';
import { distanceM } from '@feijiu/geo';

// The crew tablet's own distance and ETA from the live fix: great-circle, scaled to a road
// estimate (county roads wind) at an average ambulance speed. Labelled as an estimate.

/** Road distance over straight-line distance on hilly county roads. */
export const ROAD_DETOUR_FACTOR = 1.3;
/** Average speed of an ambulance with lights on county roads. */
export const AVERAGE_SPEED_KPH = 50;

export interface JobEta {
  straightM: number;
  etaSec: number;
}

export function estimateJobEta(from: LatLon | null, to: LatLon | null): JobEta | null {
  if (!from || !to) return null;
  const straightM = distanceM(from, to);
  return { straightM, etaSec: (straightM * ROAD_DETOUR_FACTOR) / (AVERAGE_SPEED_KPH / 3.6) };
}
