import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AssignmentsService } from '../incidents/assignments.service';
import { IncidentsService } from '../incidents/incidents.service';
import { VehicleIncidentBound } from './dispatch.events';

/** After a restart, tells telemetry again which patient each ambulance carries (bindings live in memory). */
@Injectable()
export class BindingsRestorerService implements OnApplicationBootstrap {
  private readonly logger = new Logger('dispatch');

  constructor(
    private readonly assignments: AssignmentsService,
    private readonly incidents: IncidentsService,
    private readonly events: EventEmitter2,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const live = (await this.assignments.liveAssignments()).filter((a) => a.status === 'accepted');
    for (const a of live) {
      const incident = await this.incidents.get(a.incidentId);
      this.events.emit(VehicleIncidentBound.eventName, new VehicleIncidentBound(a.vehicleId, incident.id, incident.destinationHospitalId));
    }
    if (live.length) this.logger.log({ vehicles: live.length }, 'restored vehicle ↔ incident bindings');
  }
}
