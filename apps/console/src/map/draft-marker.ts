import type { LatLon } from '@feijiu/contracts';
import * as L from 'leaflet';
import type { ProjectLatLon, UnprojectLatLng } from './coords';

/** The draggable pin of the call being taken; reports its WGS-84 position after a drag. */
export class DraftMarker {
  private marker: L.Marker | null = null;

  constructor(
    private readonly project: ProjectLatLon,
    private readonly unproject: UnprojectLatLng,
    private readonly onMoved: (location: LatLon) => void,
  ) {}

  show(location: LatLon | null, map: L.Map): void {
    if (!location) {
      this.marker?.remove();
      this.marker = null;
      return;
    }
    const latLng = this.project(location.lat, location.lon);
    if (this.marker) {
      this.marker.setLatLng(latLng);
      return;
    }
    this.marker = L.marker(latLng, {
      draggable: true,
      autoPan: true,
      zIndexOffset: 4000,
      keyboard: false,
      icon: L.divIcon({
        className: 'draft-icon',
        html: '<div class="draft-marker" data-testid="call-draft-marker"><span class="draft-pin"></span></div>',
        iconSize: [28, 36],
        iconAnchor: [14, 34],
      }),
    })
      .on('dragend', () => {
        const at = this.marker?.getLatLng();
        if (at) this.onMoved(this.unproject(at.lat, at.lng));
      })
      .addTo(map);
  }
}
