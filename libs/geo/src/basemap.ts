import type { Feature, FeatureCollection, LineString, MultiPolygon, Point, Polygon } from 'geojson';
import type { County, PlaceKind, RoadClass } from './county';

// One GeoJSON FeatureCollection the console draws as its base map (GET /api/v1/map/basemap),
// so a demo needs no tile server. Each feature says which layer it belongs to.

export type BasemapLayer = 'boundary' | 'road' | 'place';

export interface BasemapBoundaryProperties {
  layer: 'boundary';
  name: string;
  nameEn: string;
}
export interface BasemapRoadProperties {
  layer: 'road';
  name: string;
  roadClass: RoadClass;
  ref?: string;
}
export interface BasemapPlaceProperties {
  layer: 'place';
  name: string;
  nameEn: string;
  kind: PlaceKind;
}

export type BasemapFeature =
  | Feature<Polygon | MultiPolygon, BasemapBoundaryProperties>
  | Feature<LineString, BasemapRoadProperties>
  | Feature<Point, BasemapPlaceProperties>;
/** A GeoJSON FeatureCollection whose features are typed by layer. */
export interface Basemap extends FeatureCollection<Polygon | MultiPolygon | LineString | Point> {
  features: BasemapFeature[];
}

export function buildBasemap(county: County): Basemap {
  const boundary: BasemapFeature = {
    type: 'Feature',
    geometry: county.boundary.geometry,
    properties: { layer: 'boundary', name: county.boundary.properties.name, nameEn: county.boundary.properties.nameEn },
  };
  const roads = county.roads.features.map(
    (road): BasemapFeature => ({
      type: 'Feature',
      geometry: road.geometry,
      properties: {
        layer: 'road',
        name: road.properties.name,
        roadClass: road.properties.roadClass,
        ...(road.properties.ref ? { ref: road.properties.ref } : {}),
      },
    }),
  );
  const places = county.places.map(
    (place): BasemapFeature => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [place.lon, place.lat] },
      properties: { layer: 'place', name: place.name, nameEn: place.nameEn, kind: place.kind },
    }),
  );
  return { type: 'FeatureCollection', features: [boundary, ...roads, ...places] };
}
