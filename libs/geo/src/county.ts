import type { FacilityCapability, FacilityKind, VehicleType } from '@feijiu/contracts';
import type { Feature, FeatureCollection, LineString, MultiPolygon, Polygon } from 'geojson';

// The shape of a county as the system knows it: where the ambulances live, which roads they
// drive, and the names a caller gives. The demo county (demo-county/) is one instance.

export const ROAD_CLASSES = ['expressway', 'national', 'provincial', 'county', 'township'] as const;
export type RoadClass = (typeof ROAD_CLASSES)[number];

export interface RoadProperties {
  name: string;
  roadClass: RoadClass;
  /** Official route number when there is one, e.g. `G205`, `S217`, `X104`. */
  ref?: string;
}
export type RoadFeature = Feature<LineString, RoadProperties>;
export type RoadCollection = FeatureCollection<LineString, RoadProperties>;

export interface BoundaryProperties {
  name: string;
  nameEn: string;
}
export type BoundaryFeature = Feature<Polygon | MultiPolygon, BoundaryProperties>;

/** A dispatch ring area as stored (ring-areas.ts validates and reads it). */
export interface RingAreaProperties {
  id: string;
  name: string;
  nameEn?: string;
  /** Ascending; the last ring is the area's service radius. */
  ringsKm: number[];
}
export type RingAreaCollection = FeatureCollection<Polygon | MultiPolygon, RingAreaProperties>;

export interface LatLonPoint {
  lat: number;
  lon: number;
}

export interface CountyFacility extends LatLonPoint {
  id: string;
  name: string;
  nameEn: string;
  kind: FacilityKind;
  address: string;
  capabilities: readonly FacilityCapability[];
}

export interface CountyVehicle {
  id: string;
  callSign: string;
  plate: string;
  type: VehicleType;
  /** The facility the vehicle is based at. */
  stationId: string;
}

export const PLACE_KINDS = ['town', 'village', 'landmark'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

export interface CountyPlace extends LatLonPoint {
  name: string;
  nameEn: string;
  kind: PlaceKind;
}

export interface County {
  id: string;
  name: string;
  nameEn: string;
  centre: LatLonPoint;
  boundary: BoundaryFeature;
  roads: RoadCollection;
  facilities: readonly CountyFacility[];
  vehicles: readonly CountyVehicle[];
  places: readonly CountyPlace[];
  /** Areas with their own dispatch rings (the county seat's town rings); elsewhere the default rings. */
  ringAreas: RingAreaCollection;
}
