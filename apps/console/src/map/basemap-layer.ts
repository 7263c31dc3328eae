import * as L from 'leaflet';
import type { Locale } from '../i18n/locale';
import { BOUNDARY_STYLE, ROAD_CLASSES, ROAD_STYLES, isRoadClass, type RoadClass } from './basemap-style';
import type { ProjectLatLon } from './coords';

type BasemapFeature = GeoJSON.Feature<GeoJSON.Geometry, Record<string, unknown> | null>;

export interface BasemapLayer {
  group: L.LayerGroup;
  /** The county boundary's extent, to frame the map; null when the basemap has no boundary. */
  bounds: L.LatLngBounds | null;
}

function isFeatureCollection(data: unknown): data is GeoJSON.FeatureCollection {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as { type?: unknown }).type === 'FeatureCollection' &&
    Array.isArray((data as { features?: unknown }).features)
  );
}

function prop(feature: BasemapFeature, key: string): unknown {
  return feature.properties?.[key];
}

function placeName(feature: BasemapFeature, locale: Locale): string {
  const zh = prop(feature, 'name');
  const en = prop(feature, 'nameEn');
  if (locale === 'en' && typeof en === 'string' && en) return en;
  return typeof zh === 'string' ? zh : '';
}

function layerOf(data: GeoJSON.FeatureCollection, name: string): BasemapFeature[] {
  return (data.features as BasemapFeature[]).filter((f) => prop(f, 'layer') === name);
}

export function createBasemapLayer(data: unknown, project: ProjectLatLon, locale: Locale): BasemapLayer {
  const group = L.layerGroup();
  if (!isFeatureCollection(data)) {
    console.warn('[feijiu] basemap is not a GeoJSON FeatureCollection; drawing without it');
    return { group, bounds: null };
  }
  const coordsToLatLng = (coords: [number, number] | [number, number, number]) => L.latLng(project(coords[1], coords[0]));

  const boundary = L.geoJSON(layerOf(data, 'boundary'), {
    coordsToLatLng,
    style: () => ({ ...BOUNDARY_STYLE, interactive: false }),
  }).addTo(group);

  const roads = layerOf(data, 'road');
  const roadsOf = (roadClass: RoadClass) =>
    roads.filter((f) => (isRoadClass(prop(f, 'roadClass')) ? prop(f, 'roadClass') : 'township') === roadClass);
  for (const pass of ['casing', 'line'] as const) {
    for (const roadClass of ROAD_CLASSES) {
      const style = ROAD_STYLES[roadClass];
      if (pass === 'casing' && !style.casingColour) continue;
      L.geoJSON(roadsOf(roadClass), {
        coordsToLatLng,
        style: () => ({
          color: pass === 'casing' ? (style.casingColour ?? style.colour) : style.colour,
          weight: pass === 'casing' ? style.weightPx + 2 : style.weightPx,
          lineCap: 'round',
          lineJoin: 'round',
          interactive: false,
        }),
      }).addTo(group);
    }
  }

  L.geoJSON(layerOf(data, 'place'), {
    coordsToLatLng,
    pointToLayer: (feature: BasemapFeature, latlng) => {
      const kind = prop(feature, 'kind');
      const isTown = kind === 'town';
      const dot = L.circleMarker(latlng, {
        radius: isTown ? 4 : 2.5,
        color: '#334155',
        weight: 1,
        fillColor: isTown ? '#ffffff' : '#94a3b8',
        fillOpacity: 1,
        interactive: false,
      });
      const name = placeName(feature, locale);
      if (name) {
        dot.bindTooltip(name, {
          permanent: true,
          // Left of the dot: vehicle call signs sit to the right of their markers.
          direction: 'left',
          offset: [-4, 0],
          className: `place-label place-${isTown ? 'town' : 'minor'}`,
        });
      }
      return dot;
    },
  }).addTo(group);

  const bounds = boundary.getBounds();
  return { group, bounds: bounds.isValid() ? bounds : null };
}
