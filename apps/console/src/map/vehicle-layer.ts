import type { Facility, Vehicle } from '@feijiu/contracts';
import * as L from 'leaflet';
import { locateVehicle } from '../fleet/fleet-state';
import type { ProjectLatLon } from './coords';
import { computeStationRingOffsets } from './station-ring';
import { type DescribeVehicle, VehicleMarker } from './vehicle-marker';

/** Keeps one marker per locatable vehicle in step with the fleet list. */
export class VehicleLayer {
  readonly group = L.layerGroup();
  private readonly markers = new Map<string, VehicleMarker>();
  private facilitiesById: ReadonlyMap<string, Facility> = new Map();

  constructor(
    private readonly project: ProjectLatLon,
    private describe: DescribeVehicle,
  ) {}

  get drawnCount(): number {
    return this.markers.size;
  }

  setFacilities(facilities: readonly Facility[]): void {
    this.facilitiesById = new Map(facilities.map((f) => [f.id, f]));
  }

  sync(vehicles: readonly Vehicle[]): void {
    const seen = new Set<string>();
    const ringOffsets = computeStationRingOffsets(vehicles);
    for (const vehicle of vehicles) {
      const location = locateVehicle(vehicle, this.facilitiesById);
      if (!location) continue;
      seen.add(vehicle.id);
      const offset = ringOffsets.get(vehicle.id) ?? [0, 0];
      const existing = this.markers.get(vehicle.id);
      if (!existing) {
        const created = new VehicleMarker(vehicle, location, this.project, this.describe, offset);
        this.markers.set(vehicle.id, created);
        created.marker.addTo(this.group);
      } else if (existing.current !== vehicle || existing.pixelOffset.join() !== offset.join()) {
        // Fleet updates keep unchanged vehicles by reference, so mostly only moved ones get here.
        existing.update(vehicle, location, this.describe, offset);
      }
    }
    for (const [id, marker] of this.markers) {
      if (seen.has(id)) continue;
      marker.marker.remove();
      this.markers.delete(id);
    }
  }

  relabel(describe: DescribeVehicle): void {
    this.describe = describe;
    for (const marker of this.markers.values()) marker.relabel(describe);
  }

  focus(vehicleId: string, map: L.Map): void {
    const marker = this.markers.get(vehicleId);
    if (!marker) return;
    map.setView(marker.marker.getLatLng(), Math.max(map.getZoom(), 13), { animate: true });
    marker.marker.openTooltip();
  }
}
