import type { VehicleStatus } from '@feijiu/contracts';
import type { County, LatLonPoint } from '@feijiu/geo';
import type { Logger } from 'pino';
import type { CrewVehicle } from './crew-agent';
import { chooseDestination, classifyComplaint } from './call-generator';

// A vehicle a person plays (lh-01, the `crew` demo login) is never acted for in the core: no
// login, no accept, no status. But the simulator is still its gateway, so it drives the
// ambulance where the person's statuses say it is going (scene, destination, home) and puts the
// monitor on their patient from on scene to the hospital, and the map, the geofences and the ER
// board work for the person as for any crew. It learns all of it from the dispatch centre's
// live events (incident.updated, vehicle.status_changed).

export interface FollowedIncident {
  id: string;
  location: LatLonPoint;
  address: string | null;
  complaint: string;
  destinationHospitalId: string | null;
  status: string;
  assignments: ReadonlyArray<{ vehicleId: string; status: string }>;
}

export interface HumanCrewFollowerOptions {
  vehicle: CrewVehicle;
  county: County;
  logger: Logger;
}

export class HumanCrewFollower {
  private incident: FollowedIncident | null = null;
  private status: VehicleStatus | null = null;

  constructor(private readonly options: HumanCrewFollowerOptions) {}

  get vehicleId(): string {
    return this.options.vehicle.vehicleId;
  }

  /** The state at start (or after reconnecting): the vehicle's status and the open incidents. */
  sync(status: VehicleStatus, openIncidents: readonly FollowedIncident[]): void {
    this.incident = openIncidents.find((i) => this.isServedBy(i)) ?? null;
    this.follow(status);
  }

  /** `incident.updated`: which call the vehicle is on, and where the patient is going. */
  receiveIncident(incident: FollowedIncident): void {
    if (this.isServedBy(incident)) {
      const before = this.incident;
      this.incident = incident;
      // the call became known after the status, or the destination was chosen after leaving
      const newCall = before?.id !== incident.id;
      const newDestination = before?.destinationHospitalId !== incident.destinationHospitalId;
      if ((newCall && this.status === 'en_route') || ((newCall || newDestination) && this.status === 'transporting')) {
        this.drive(this.status);
      }
    } else if (this.incident?.id === incident.id) {
      // the vehicle came off this call (stood down, cancelled, or it is over)
      this.incident = null;
    }
  }

  /** `vehicle.status_changed`. */
  receiveStatusChange(change: { vehicleId: string; to: VehicleStatus }): void {
    if (change.vehicleId !== this.vehicleId) return;
    this.follow(change.to);
  }

  private follow(to: VehicleStatus): void {
    if (to === this.status) return;
    this.status = to;
    const { vehicle } = this.options;
    const incident = this.incident;
    this.options.logger.info({ vehicleId: this.vehicleId, status: to, incidentId: incident?.id }, 'following the crew at the tablet');
    switch (to) {
      case 'en_route':
        this.drive(to);
        return;
      case 'on_scene':
        if (incident) {
          if (!vehicle.isParkedAt(incident.location)) vehicle.driveTo(incident.address ?? 'scene', incident.location);
          vehicle.attachMonitor(classifyComplaint(incident.complaint).scenario);
        }
        return;
      case 'transporting':
        this.drive(to);
        return;
      case 'at_hospital':
        vehicle.detachMonitor();
        return;
      case 'returning':
      case 'available':
      case 'out_of_service':
        vehicle.detachMonitor();
        if (!vehicle.isParkedAt(vehicle.home.at)) vehicle.driveTo(vehicle.home.name, vehicle.home.at);
        return;
      case 'dispatched':
        return;
    }
  }

  private drive(status: 'en_route' | 'transporting'): void {
    const { vehicle, county } = this.options;
    const incident = this.incident;
    if (!incident) return;
    if (status === 'en_route') {
      vehicle.driveTo(incident.address ?? 'scene', incident.location);
      return;
    }
    // the destination the crew chose, else where the simulated crews would go
    const hospital =
      county.facilities.find((f) => f.id === incident.destinationHospitalId) ??
      chooseDestination(classifyComplaint(incident.complaint).pathway, incident.location, county);
    if (hospital) vehicle.driveTo(hospital.name, hospital);
  }

  private isServedBy(incident: FollowedIncident): boolean {
    const open = incident.status !== 'closed' && incident.status !== 'cancelled';
    return open && incident.assignments.some((a) => a.vehicleId === this.vehicleId && (a.status === 'offered' || a.status === 'accepted'));
  }
}
