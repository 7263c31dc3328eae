import type { LatLon, Vehicle } from '@feijiu/contracts';
import * as L from 'leaflet';
import type { ProjectLatLon } from './coords';
import { renderVehicleIconHtml } from './vehicle-icon-html';

export type DescribeVehicle = (vehicle: Vehicle) => string;

function createVehicleIcon(vehicle: Vehicle): L.DivIcon {
  return L.divIcon({
    className: 'vehicle-icon',
    html: renderVehicleIconHtml(vehicle, vehicle.position?.headingDeg ?? null),
    iconSize: [22, 22],
    iconAnchor: [11, 11],
    tooltipAnchor: [12, 0],
  });
}

/** One ambulance on the map; `update` moves and restyles it in place (no new DOM per fix). */
export class VehicleMarker {
  readonly marker: L.Marker;
  private html: string;

  constructor(
    private vehicle: Vehicle,
    location: LatLon,
    private readonly project: ProjectLatLon,
    describe: DescribeVehicle,
  ) {
    const icon = createVehicleIcon(vehicle);
    this.html = String(icon.options.html);
    this.marker = L.marker(project(location.lat, location.lon), { icon, zIndexOffset: 1000, keyboard: false });
    this.marker.bindTooltip(describe(vehicle), { direction: 'right', className: 'vehicle-tooltip' });
  }

  get current(): Vehicle {
    return this.vehicle;
  }

  update(vehicle: Vehicle, location: LatLon, describe: DescribeVehicle): void {
    this.vehicle = vehicle;
    this.marker.setLatLng(this.project(location.lat, location.lon));
    const icon = createVehicleIcon(vehicle);
    const html = String(icon.options.html);
    if (html !== this.html) {
      this.html = html;
      const element = this.marker.getElement();
      if (element) {
        // Same result as setIcon without re-creating the element (and losing hover state) every second.
        element.innerHTML = html;
        this.marker.options.icon = icon;
      } else {
        this.marker.setIcon(icon);
      }
    }
    this.marker.setTooltipContent(describe(vehicle));
  }

  relabel(describe: DescribeVehicle): void {
    this.marker.setTooltipContent(describe(this.vehicle));
  }
}
