import type { LatLon } from '@feijiu/contracts';
import * as L from 'leaflet';
import { buildIncidentRings, ringLabelPosition } from '../dispatch/incident-rings';
import type { ProjectLatLon } from './coords';

export interface AssignmentLine {
  from: LatLon;
  /** Accepted assignments are drawn solid, open offers dashed. */
  accepted: boolean;
}

/** The selected incident's radius rings and the lines from its assigned vehicles. */
export function createIncidentFocusLayer(
  centre: LatLon,
  ringsKm: readonly number[],
  lines: readonly AssignmentLine[],
  project: ProjectLatLon,
): L.LayerGroup {
  const group = L.layerGroup();
  const centreLatLng = project(centre.lat, centre.lon);
  for (const ring of buildIncidentRings(ringsKm)) {
    L.circle(centreLatLng, {
      radius: ring.radiusM,
      color: ring.colour,
      weight: ring.weightPx,
      dashArray: '8 6',
      fill: false,
      interactive: false,
      className: 'incident-ring',
    }).addTo(group);
    const at = ringLabelPosition(centre, ring.radiusM);
    L.marker(project(at.lat, at.lon), {
      icon: L.divIcon({
        className: 'ring-label-icon',
        html: `<span class="ring-label" style="color:${ring.colour}">${ring.radiusKm} km</span>`,
        iconSize: [48, 16],
        iconAnchor: [24, 8],
      }),
      interactive: false,
      keyboard: false,
    }).addTo(group);
  }
  for (const line of lines) {
    L.polyline([project(line.from.lat, line.from.lon), centreLatLng], {
      color: line.accepted ? '#16a34a' : '#f59e0b',
      weight: 3,
      opacity: 0.85,
      dashArray: line.accepted ? undefined : '4 6',
      interactive: false,
    }).addTo(group);
  }
  return group;
}
