import type { Incident, LatLon } from '@feijiu/contracts';
import * as L from 'leaflet';
import type { ProjectLatLon } from './coords';
import { renderIncidentIconHtml } from './incident-icon-html';

export type DescribeIncident = (incident: Incident) => string;

function createIncidentIcon(incident: Incident, selected: boolean): L.DivIcon {
  return L.divIcon({
    className: 'incident-icon',
    html: renderIncidentIconHtml(incident, selected),
    iconSize: [24, 24],
    iconAnchor: [12, 12],
    tooltipAnchor: [0, -14],
  });
}

/** One marker per open incident; clicking one selects it. */
export class IncidentLayer {
  readonly group = L.layerGroup();
  private readonly markers = new Map<string, { marker: L.Marker; html: string; incident: Incident }>();

  constructor(
    private readonly project: ProjectLatLon,
    private describe: DescribeIncident,
    private readonly onSelect: (incidentId: string) => void,
  ) {}

  sync(incidents: readonly Incident[], selectedId: string | null): void {
    const seen = new Set<string>();
    for (const incident of incidents) {
      seen.add(incident.id);
      const selected = incident.id === selectedId;
      const html = renderIncidentIconHtml(incident, selected);
      const latLng = this.project(incident.location.lat, incident.location.lon);
      const existing = this.markers.get(incident.id);
      if (!existing) {
        const marker = L.marker(latLng, { icon: createIncidentIcon(incident, selected), zIndexOffset: 2000, keyboard: false })
          .bindTooltip(this.describe(incident), { direction: 'top', className: 'incident-tooltip' })
          .on('click', () => this.onSelect(incident.id))
          .addTo(this.group);
        this.markers.set(incident.id, { marker, html, incident });
        continue;
      }
      if (existing.incident === incident && existing.html === html) continue;
      existing.marker.setLatLng(latLng);
      if (existing.html !== html) existing.marker.setIcon(createIncidentIcon(incident, selected));
      existing.marker.setZIndexOffset(selected ? 3000 : 2000);
      existing.marker.setTooltipContent(this.describe(incident));
      existing.html = html;
      existing.incident = incident;
    }
    for (const [id, entry] of this.markers) {
      if (seen.has(id)) continue;
      entry.marker.remove();
      this.markers.delete(id);
    }
  }

  relabel(describe: DescribeIncident): void {
    this.describe = describe;
    for (const entry of this.markers.values()) entry.marker.setTooltipContent(describe(entry.incident));
  }

  locate(incidentId: string): LatLon | null {
    return this.markers.get(incidentId)?.incident.location ?? null;
  }
}
