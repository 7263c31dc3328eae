import {
  VEHICLE_STATUSES,
  type Facility,
  type LatLon,
  type Vehicle,
  type VehicleMovedEvent,
  type VehicleStatus,
  type VehicleStatusChangedEvent,
} from '@feijiu/contracts';

// Pure updates of the fleet list: each returns a new array (or the same one when nothing changed).

export function applyVehicleMoved(vehicles: readonly Vehicle[], event: VehicleMovedEvent): Vehicle[] {
  return vehicles.map((vehicle) => {
    if (vehicle.id !== event.vehicleId) return vehicle;
    // An out-of-order fix must not move the marker backwards.
    if (vehicle.position && Date.parse(vehicle.position.measuredAt) > Date.parse(event.measuredAt)) return vehicle;
    return {
      ...vehicle,
      status: event.status,
      position: {
        lat: event.lat,
        lon: event.lon,
        speedMps: event.speedMps,
        headingDeg: event.headingDeg,
        measuredAt: event.measuredAt,
      },
    };
  });
}

export function applyStatusChanged(vehicles: readonly Vehicle[], event: VehicleStatusChangedEvent): Vehicle[] {
  return vehicles.map((vehicle) => (vehicle.id === event.vehicleId ? { ...vehicle, status: event.to } : vehicle));
}

export function countByStatus(vehicles: readonly Vehicle[]): Record<VehicleStatus, number> {
  const counts = Object.fromEntries(VEHICLE_STATUSES.map((status) => [status, 0])) as Record<VehicleStatus, number>;
  for (const vehicle of vehicles) counts[vehicle.status] += 1;
  return counts;
}

export interface StatusGroup {
  status: VehicleStatus;
  vehicles: Vehicle[];
}

/** Non-empty groups in the contract's status order, call signs sorted inside each. */
export function groupByStatus(vehicles: readonly Vehicle[]): StatusGroup[] {
  const sorted = sortByCallSign(vehicles);
  return VEHICLE_STATUSES.map((status) => ({ status, vehicles: sorted.filter((v) => v.status === status) })).filter(
    (group) => group.vehicles.length > 0,
  );
}

export function sortByCallSign(vehicles: readonly Vehicle[]): Vehicle[] {
  return [...vehicles].sort((a, b) => a.callSign.localeCompare(b.callSign, 'zh-CN', { numeric: true }));
}

/** Where to draw a vehicle: its last fix, else its station; null when neither is known. */
export function locateVehicle(vehicle: Vehicle, facilitiesById: ReadonlyMap<string, Facility>): LatLon | null {
  if (vehicle.position) return { lat: vehicle.position.lat, lon: vehicle.position.lon };
  const station = facilitiesById.get(vehicle.stationId);
  return station ? { lat: station.lat, lon: station.lon } : null;
}

export function speedKmh(speedMps: number | null | undefined): number | null {
  return speedMps === null || speedMps === undefined ? null : Math.round(speedMps * 3.6);
}

/**
 * A fresh REST snapshot, except where a live fix already seen is newer (the socket can beat the
 * snapshot's response). Vehicles that did not change keep their reference.
 */
export function mergeFleetSnapshot(current: readonly Vehicle[], snapshot: readonly Vehicle[]): Vehicle[] {
  const currentById = new Map(current.map((v) => [v.id, v]));
  return snapshot.map((fresh) => {
    const seen = currentById.get(fresh.id);
    if (!seen) return fresh;
    const seenAtMs = seen.position ? Date.parse(seen.position.measuredAt) : -Infinity;
    const freshAtMs = fresh.position ? Date.parse(fresh.position.measuredAt) : -Infinity;
    const merged = seenAtMs > freshAtMs ? { ...fresh, position: seen.position, status: seen.status } : fresh;
    return JSON.stringify(merged) === JSON.stringify(seen) ? seen : merged;
  });
}
