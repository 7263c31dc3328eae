import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { AssessmentRecorded, EncounterChanged, PrenoticeChanged } from '../pathways/pathways.events';
import { LiveEmitter } from './live-emitter';
import { DISPATCH_ROOM, hospitalRoom, vehicleRoom } from './live-rooms';

/** Assessments, pre-notices and encounters → the destination ER, the dispatch centre and the crew. */
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
      this.live.emit(rooms, 'prenotice.sent', { prenotice: e.prenotice, incident: e.incident, assessment: e.assessment, vehicleId: e.vehicleId, callSign: e.callSign });
    } else {
      this.live.emit(rooms, 'prenotice.updated', e.prenotice);
    }
  }

  @OnEvent(EncounterChanged.eventName)
  onEncounter(e: EncounterChanged): void {
    this.live.emit([DISPATCH_ROOM, hospitalRoom(e.encounter.hospitalId)], 'encounter.updated', e.encounter);
  }
}
