import { classifyPathway, type PathwayAssessment } from '@feijiu/clinical';
import type { AssessmentRecord, Pathway, TimeNode } from '@feijiu/contracts';
import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AuditService } from '../audit/audit.service';
import { IncidentsService } from '../incidents/incidents.service';
import { type Actor, describeActor } from '../platform/http/actor';
import { Clock } from '../platform/time/clock';
import { AssessmentRepository } from './assessment.repository';
import { AssessmentRecorded } from './pathways.events';

/** The crew's (or remote physician's) assessment: stored append-only, classified into pathways. */
@Injectable()
export class AssessmentsService {
  constructor(
    private readonly repo: AssessmentRepository,
    private readonly incidents: IncidentsService,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
    private readonly clock: Clock,
  ) {}

  async record(incidentId: string, assessment: PathwayAssessment, actor: Actor): Promise<AssessmentRecord> {
    const incident = await this.incidents.getVisible(incidentId, actor);
    const previous = await this.repo.latest(incidentId);
    const classification = classifyPathway(assessment);
    const record = await this.repo.insert({
      incidentId,
      recordedAt: this.clock.now(),
      recordedBy: describeActor(actor),
      supersedes: previous?.id ?? null,
      assessment: assessment as unknown as Record<string, unknown>,
      pathways: classification.pathways.map((p) => ({ pathway: p.pathway, reasons: p.reasons, details: p.details as Record<string, unknown> })),
    });
    await this.audit.record(actor, { entity: 'assessment', entityId: incidentId, action: previous ? 'supersede' : 'record', before: previous?.id ?? null, after: record });
    await this.stampTimes(incidentId, assessment, record.id);
    this.events.emit(AssessmentRecorded.eventName, new AssessmentRecorded(record, incident));
    return record;
  }

  async list(incidentId: string, actor: Actor): Promise<AssessmentRecord[]> {
    await this.incidents.getVisible(incidentId, actor);
    return this.repo.list(incidentId);
  }

  latest(incidentId: string): Promise<AssessmentRecord | null> {
    return this.repo.latest(incidentId);
  }

  latestFor(incidentIds: string[]): Promise<Map<string, AssessmentRecord>> {
    return this.repo.latestFor(incidentIds);
  }

  static pathwaysOf(record: AssessmentRecord | null): Pathway[] {
    return record?.pathways.map((p) => p.pathway) ?? [];
  }

  // The times the crew enters are time nodes of the quality reports.
  private async stampTimes(incidentId: string, a: PathwayAssessment, recordId: string): Promise<void> {
    const source = `assessment:${recordId}`;
    const stamps: [TimeNode, string | undefined][] = [
      ['symptom_onset', a.symptomOnsetAt],
      ['last_known_well', a.lastKnownWellAt],
      ['first_medical_contact', a.assessedAt],
    ];
    for (const [node, at] of stamps) if (at) await this.incidents.stampAuto(incidentId, node, new Date(at), source);
    if (a.stemi?.byCrew || a.stemi?.byRemotePhysician) await this.incidents.stampAuto(incidentId, 'diagnosis', this.clock.now(), source);
  }
}
