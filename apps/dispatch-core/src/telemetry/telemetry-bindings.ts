import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { z } from 'zod';
import { VehicleIncidentBound } from '../dispatch/dispatch.events';

export interface TelemetryBinding {
  readonly incidentId: string;
  readonly destinationHospitalId: string | null;
}

const IncidentIdSchema = z.uuid();

/**
 * Which incident each vehicle carries now, from dispatch's VehicleIncidentBound events: samples
 * are stored with that incident and streamed to its destination hospital's ER.
 */
@Injectable()
export class TelemetryBindings {
  private readonly logger = new Logger('telemetry');
  private readonly byVehicle = new Map<string, TelemetryBinding>();

  get(vehicleId: string): TelemetryBinding | undefined {
    return this.byVehicle.get(vehicleId);
  }

  @OnEvent(VehicleIncidentBound.eventName)
  onVehicleIncidentBound(e: VehicleIncidentBound): void {
    if (e.incidentId === null) {
      this.byVehicle.delete(e.vehicleId);
      return;
    }
    // incident_id columns are uuid: a malformed id would fail every batch it is in
    if (!IncidentIdSchema.safeParse(e.incidentId).success) {
      this.logger.error({ vehicleId: e.vehicleId, incidentId: e.incidentId }, 'ignoring a binding to a non-uuid incident id');
      return;
    }
    this.byVehicle.set(e.vehicleId, { incidentId: e.incidentId, destinationHospitalId: e.destinationHospitalId });
  }
}
