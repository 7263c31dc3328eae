import type { AlertRaisedEvent } from '@feijiu/contracts';

/**
 * A vehicle's current patient changed: it was bound to an incident (assignment accepted), its
 * destination hospital was chosen, or it was released (incident closed/cancelled, assignment
 * ended). Telemetry binds samples and routes them to the destination's ER with this.
 */
export class VehicleIncidentBound {
  static readonly eventName = 'dispatch.vehicle_incident_bound';
  constructor(
    readonly vehicleId: string,
    readonly incidentId: string | null,
    readonly destinationHospitalId: string | null,
  ) {}
}

/** Something a dispatcher (or ER) must act on: an unanswered offer, a late departure… */
export class AlertRaised {
  static readonly eventName = 'dispatch.alert_raised';
  constructor(readonly alert: AlertRaisedEvent) {}
}
