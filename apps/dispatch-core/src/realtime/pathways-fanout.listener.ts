import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { AssessmentRecorded, EncounterChanged, PrenoticeChanged } from '../pathways/pathways.events';
import { discloseIncident } from '../incidents/incident-disclosure';
import { splitByDisclosure } from './live-disclosure';
import { LiveEmitter } from './live-emitter';
import { DISPATCH_ROOM, hospitalRoom, vehicleRoom } from './live-rooms';

/** Assessments and pre-notices → the destination ER, the dispatch centre and the crew; encounters → the destination ER. */
@Injectable()
export class PathwaysFanoutListener {
  constructor(private readonly live: LiveEmitter) {}

  @OnEvent(AssessmentRecorded.eventName)
  onAssessment(e: AssessmentRecorded): void {
    const rooms = [DISPATCH_ROOM, ...e.incident.assignments.map((a) => vehicleRoom(a.vehicleId))];
    if (e.incident.destinationHospitalId) rooms.push(hospitalRoom(e.incident.destinationHospitalId));
    this.live.emit(rooms, 'assessment.recorded', e.record);
  }

  @OnEvent(PrenoticeChanged.eventName)
  onPrenotice(e: PrenoticeChanged): void {
    const rooms = [DISPATCH_ROOM, hospitalRoom(e.prenotice.hospitalId)];
    if (e.vehicleId) rooms.push(vehicleRoom(e.vehicleId));
    if (e.sent) {
      const { full, masked } = splitByDisclosure(rooms);
      const sent = { prenotice: e.prenotice, assessment: e.assessment, vehicleId: e.vehicleId, callSign: e.callSign };
      this.live.emit(full, 'prenotice.sent', { ...sent, incident: e.incident });
      this.live.emit(masked, 'prenotice.sent', { ...sent, incident: discloseIncident(e.incident, 'masked') });
    } else {
      this.live.emit(rooms, 'prenotice.updated', e.prenotice);
    }
  }

  @OnEvent(EncounterChanged.eventName)
  onEncounter(e: EncounterChanged): void {
    // the hospital's own pre-admission record: its ER only, not the dispatch centre
    this.live.emit([hospitalRoom(e.encounter.hospitalId)], 'encounter.updated', e.encounter);
  }
}
