import type { VehicleStatus } from '@feijiu/contracts';

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
