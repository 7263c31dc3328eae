import type { RoadClass } from './county';

// Plausible ambulance cruising speeds on the hilly county roads of southern Anhui, by road
// class. A simple, explainable ETA model: the same table drives the simulator and the
// dispatch recommendation, so what the map shows and what dispatch predicts agree.
export const ROAD_SPEED_KPH: Readonly<Record<RoadClass, number>> = Object.freeze({
  expressway: 90,
  national: 70,
  provincial: 60,
  county: 50,
  township: 35,
});

/** Speed for the short drive between a road and a point off it (yard, lane, village square). */
export const ACCESS_SPEED_KPH = 20;

export function speedMpsForRoadClass(roadClass: RoadClass | 'access'): number {
  const kph = roadClass === 'access' ? ACCESS_SPEED_KPH : ROAD_SPEED_KPH[roadClass];
  return kph / 3.6;
}

export function travelTimeS(distanceM: number, roadClass: RoadClass | 'access'): number {
  return distanceM / speedMpsForRoadClass(roadClass);
}
