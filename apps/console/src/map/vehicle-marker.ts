import type { LatLon, Vehicle } from '@feijiu/contracts';
import * as L from 'leaflet';
import type { ProjectLatLon } from './coords';
import type { PixelOffset } from './station-ring';
import { renderVehicleIconHtml } from './vehicle-icon-html';

export type DescribeVehicle = (vehicle: Vehicle) => string;

function renderHtml(vehicle: Vehicle): string {
  return renderVehicleIconHtml(vehicle, vehicle.position?.headingDeg ?? null);
}

const NO_OFFSET: PixelOffset = [0, 0];

function createVehicleIcon(html: string, [dx, dy]: PixelOffset): L.DivIcon {
  return L.divIcon({
    className: 'vehicle-icon',
    html,
    iconSize: [22, 22],
    iconAnchor: [11 - dx, 11 - dy],
    tooltipAnchor: [12 + dx, dy],
  });
}

const sameOffset = (a: PixelOffset, b: PixelOffset) => a[0] === b[0] && a[1] === b[1];

/** One ambulance on the map; `update` moves and restyles it in place (no new DOM per fix). */
export class VehicleMarker {
  readonly marker: L.Marker;
  private html: string;

  constructor(
    private vehicle: Vehicle,
    location: LatLon,
    private readonly project: ProjectLatLon,
    describe: DescribeVehicle,
    private offset: PixelOffset = NO_OFFSET,
  ) {
    this.html = renderHtml(vehicle);
    const icon = createVehicleIcon(this.html, offset);
    this.marker = L.marker(project(location.lat, location.lon), { icon, zIndexOffset: 1000, keyboard: false });
    this.marker.bindTooltip(describe(vehicle), { direction: 'right', className: 'vehicle-tooltip' });
  }

  get current(): Vehicle {
    return this.vehicle;
  }

  get pixelOffset(): PixelOffset {
    return this.offset;
  }

  update(vehicle: Vehicle, location: LatLon, describe: DescribeVehicle, offset: PixelOffset = NO_OFFSET): void {
    this.vehicle = vehicle;
    this.marker.setLatLng(this.project(location.lat, location.lon));
    const html = renderHtml(vehicle);
    if (!sameOffset(offset, this.offset)) {
      this.offset = offset;
      this.html = html;
      this.marker.setIcon(createVehicleIcon(html, offset)); // rare: a vehicle leaves or joins its station ring
    } else if (html !== this.html) {
      this.html = html;
      const icon = createVehicleIcon(html, offset);
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
