import type { AssessmentRecord, Encounter, Incident, Prenotice } from '@feijiu/contracts';

export class AssessmentRecorded {
  static readonly eventName = 'pathways.assessment_recorded';
  constructor(
    readonly record: AssessmentRecord,
    readonly incident: Incident,
  ) {}
}

export class PrenoticeChanged {
  static readonly eventName = 'pathways.prenotice_changed';
  constructor(
    readonly prenotice: Prenotice,
    readonly incident: Incident,
    readonly sent: boolean,
    readonly assessment: AssessmentRecord | null,
    readonly vehicleId: string | null,
    readonly callSign: string | null,
  ) {}
}

export class EncounterChanged {
  static readonly eventName = 'pathways.encounter_changed';
  constructor(readonly encounter: Encounter) {}
}
