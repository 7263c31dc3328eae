import type { CrewMember, VehicleStatus } from '@feijiu/contracts';

/** A vehicle's latest position changed (a newer GPS fix was stored). */
export class VehicleMoved {
  static readonly eventName = 'fleet.vehicle_moved';
  constructor(
    readonly vehicleId: string,
    readonly stationId: string,
    readonly status: VehicleStatus,
    readonly lat: number,
    readonly lon: number,
    readonly speedMps: number | null,
    readonly headingDeg: number | null,
    readonly measuredAt: Date,
  ) {}
}

/** A vehicle's status changed (by its crew, the dispatcher, or automatically from GPS). */
export class VehicleStatusChanged {
  static readonly eventName = 'fleet.vehicle_status_changed';
  constructor(
    readonly vehicleId: string,
    readonly from: VehicleStatus,
    readonly to: VehicleStatus,
    readonly changedAt: Date,
    readonly source: 'auto' | 'manual',
    readonly actor: string,
  ) {}
}

/** A vehicle's shift crew was set (by its crew, a dispatcher or an admin); `crew` is whole. */
export class VehicleCrewChanged {
  static readonly eventName = 'fleet.vehicle_crew_changed';
  constructor(
    readonly vehicleId: string,
    readonly crew: readonly CrewMember[],
    readonly changedAt: Date,
    readonly actor: string,
  ) {}
}
