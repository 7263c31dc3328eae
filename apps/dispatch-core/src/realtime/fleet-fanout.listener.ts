import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { VehicleCrewChanged, VehicleMoved } from '../fleet/fleet.events';
import { LiveEmitter } from './live-emitter';
import { DISPATCH_ROOM, vehicleRoom } from './live-rooms';

/** Fleet domain events → `vehicle.*` socket events. */
@Injectable()
export class FleetFanoutListener {
  constructor(private readonly live: LiveEmitter) {}

  @OnEvent(VehicleMoved.eventName)
  onVehicleMoved(e: VehicleMoved): void {
    this.live.emit([DISPATCH_ROOM, vehicleRoom(e.vehicleId)], 'vehicle.moved', {
      vehicleId: e.vehicleId,
      lat: e.lat,
      lon: e.lon,
      speedMps: e.speedMps,
      headingDeg: e.headingDeg,
      status: e.status,
      measuredAt: e.measuredAt.toISOString(),
    });
  }

  // Only the rooms that see the crew's phones whole (fleet/crew-disclosure.ts): the dispatch
  // centre and the vehicle's own crew; others read the crew masked through REST.
  @OnEvent(VehicleCrewChanged.eventName)
  onVehicleCrewChanged(e: VehicleCrewChanged): void {
    this.live.emit([DISPATCH_ROOM, vehicleRoom(e.vehicleId)], 'vehicle.crew_changed', {
      vehicleId: e.vehicleId,
      crew: [...e.crew],
      crewUpdatedAt: e.changedAt.toISOString(),
    });
  }
}
