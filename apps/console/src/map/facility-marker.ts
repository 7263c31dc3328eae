import type { Facility } from '@feijiu/contracts';
import * as L from 'leaflet';
import type { ProjectLatLon } from './coords';
import { escapeHtml } from './escape-html';

export type DescribeFacility = (facility: Facility) => string;

const GLYPHS: Record<Facility['kind'], string> = {
  command_centre: '120',
  hospital: '',
  township_centre: '',
};

function createFacilityIcon(facility: Facility): L.DivIcon {
  const size: [number, number] = facility.kind === 'township_centre' ? [16, 16] : [22, 22];
  return L.divIcon({
    className: 'facility-icon',
    html: `<div class="facility-marker facility-${facility.kind}" data-facility-id="${escapeHtml(facility.id)}">${GLYPHS[facility.kind]}</div>`,
    iconSize: size,
    iconAnchor: [size[0] / 2, size[1] / 2],
  });
}

export function createFacilityLayer(
  facilities: readonly Facility[],
  project: ProjectLatLon,
  describe: DescribeFacility,
): L.LayerGroup {
  const group = L.layerGroup();
  for (const facility of facilities) {
    L.marker(project(facility.lat, facility.lon), {
      icon: createFacilityIcon(facility),
      keyboard: false,
      zIndexOffset: facility.kind === 'command_centre' ? 500 : 0,
    })
      .bindTooltip(describe(facility), { direction: 'top', offset: [0, -10], className: 'facility-tooltip' })
      .addTo(group);
  }
  return group;
}
