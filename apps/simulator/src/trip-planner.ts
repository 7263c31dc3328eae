import { type County, type CountyPlace, type CountyVehicle, distanceM, type LatLonPoint } from '@feijiu/geo';
import type { TripStop } from './vehicle-driver';

// A plausible call-out: from the station to a village or town (the scene), the patient to the
// lead hospital, then back to the station. A township ambulance serves its own area; a
// county-seat ambulance may go anywhere in the county.

const TOWNSHIP_AREA_M = 12_000;
const COUNTY_REACH_M = 35_000;
const LEAD_HOSPITAL_ID = 'lead';

export function planTrip(vehicle: CountyVehicle, county: County, random: () => number): TripStop[] {
  const station = county.facilities.find((f) => f.id === vehicle.stationId);
  const lead = county.facilities.find((f) => f.id === LEAD_HOSPITAL_ID);
  if (!station || !lead) return [];
  const reachM = station.kind === 'township_centre' ? TOWNSHIP_AREA_M : COUNTY_REACH_M;
  const scenes = county.places.filter(
    (p) => p.kind !== 'landmark' && distanceM(station, p) > 500 && distanceM(station, p) <= reachM,
  );
  const scene = pick(scenes, random);
  if (!scene) return [];
  const stops: TripStop[] = [
    { name: scene.name, at: point(scene), dwellS: minutes(8, 15, random), role: 'scene' },
    { name: lead.name, at: point(lead), dwellS: minutes(10, 20, random), role: 'hospital' },
  ];
  // a lead-hospital ambulance is home once it has handed over
  if (station.id !== lead.id) stops.push({ name: station.name, at: point(station), dwellS: 0, role: 'home' });
  return stops;
}

function pick(places: readonly CountyPlace[], random: () => number): CountyPlace | undefined {
  return places[Math.floor(random() * places.length)];
}

function minutes(min: number, max: number, random: () => number): number {
  return Math.round((min + random() * (max - min)) * 60);
}

function point(p: LatLonPoint): LatLonPoint {
  return { lat: p.lat, lon: p.lon };
}
