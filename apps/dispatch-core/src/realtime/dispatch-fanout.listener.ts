import type { Incident } from '@feijiu/contracts';
import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { AlertRaised } from '../dispatch/dispatch.events';
import { VehicleStatusChanged } from '../fleet/fleet.events';
import { discloseIncident, discloseStamp } from '../incidents/incident-disclosure';
import { AssignmentChanged, IncidentChanged } from '../incidents/incident.events';
import { TimelineStamped } from '../timeline/timeline.events';
import { splitByDisclosure } from './live-disclosure';
import { LiveEmitter } from './live-emitter';
import { DISPATCH_ROOM, hospitalRoom, vehicleRoom } from './live-rooms';

// An incident reaches the dispatch centre, the crews sent to it, and the ER it is bound for.
function incidentRooms(incident: Incident): string[] {
  const rooms = [DISPATCH_ROOM];
  for (const a of incident.assignments) if (a.status !== 'declined' && a.status !== 'expired') rooms.push(vehicleRoom(a.vehicleId));
  if (incident.destinationHospitalId) rooms.push(hospitalRoom(incident.destinationHospitalId));
  return rooms;
}

/** Incidents, assignments, vehicle status, alerts and time stamps → socket events. */
@Injectable()
export class DispatchFanoutListener {
  private readonly latest = new Map<string, Incident>();

  constructor(private readonly live: LiveEmitter) {}

  @OnEvent(IncidentChanged.eventName)
  onIncident(e: IncidentChanged): void {
    this.latest.set(e.incident.id, e.incident);
    if (e.incident.status === 'closed' || e.incident.status === 'cancelled') this.latest.delete(e.incident.id);
    const { full, masked } = splitByDisclosure(incidentRooms(e.incident));
    this.live.emit(full, 'incident.updated', e.incident);
    this.live.emit(masked, 'incident.updated', discloseIncident(e.incident, 'masked'));
  }

  @OnEvent(AssignmentChanged.eventName)
  onAssignment(e: AssignmentChanged): void {
    const rooms = [DISPATCH_ROOM, vehicleRoom(e.assignment.vehicleId)];
    if (e.offered) {
      const { full, masked } = splitByDisclosure(rooms);
      this.live.emit(full, 'assignment.offered', { assignment: e.assignment, incident: e.incident });
      this.live.emit(masked, 'assignment.offered', { assignment: e.assignment, incident: discloseIncident(e.incident, 'masked') });
    } else this.live.emit(rooms, 'assignment.updated', e.assignment);
  }

  @OnEvent(VehicleStatusChanged.eventName)
  onVehicleStatus(e: VehicleStatusChanged): void {
    const incident = [...this.latest.values()].find((i) =>
      i.assignments.some((a) => a.vehicleId === e.vehicleId && (a.status === 'offered' || a.status === 'accepted')),
    );
    this.live.emit([DISPATCH_ROOM, vehicleRoom(e.vehicleId)], 'vehicle.status_changed', {
      vehicleId: e.vehicleId,
      from: e.from,
      to: e.to,
      changedAt: e.changedAt.toISOString(),
      incidentId: incident?.id ?? null,
      source: e.source,
    });
  }

  @OnEvent(AlertRaised.eventName)
  onAlert(e: AlertRaised): void {
    const rooms = [DISPATCH_ROOM];
    if (e.alert.vehicleId) rooms.push(vehicleRoom(e.alert.vehicleId));
    const hospitalId = e.alert.details?.hospitalId;
    if (typeof hospitalId === 'string') rooms.push(hospitalRoom(hospitalId));
    this.live.emit(rooms, 'alert.raised', e.alert);
  }

  @OnEvent(TimelineStamped.eventName)
  onStamp(e: TimelineStamped): void {
    const incident = this.latest.get(e.stamp.incidentId);
    // the note is typed free text (a cancel or close reason): masked for crews and the ER
    const { full, masked } = splitByDisclosure(incident ? incidentRooms(incident) : [DISPATCH_ROOM]);
    this.live.emit(full, 'timeline.stamped', e.stamp);
    this.live.emit(masked, 'timeline.stamped', discloseStamp(e.stamp, 'masked', incident ?? null));
  }
}
