import type { ChecklistItem, Encounter, Incident, Pathway, Prenotice, PrenoticeSentEvent, Team } from '@feijiu/contracts';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { AuditService } from '../audit/audit.service';
import { AlertsService } from '../dispatch/alerts.service';
import { prenoticeUnacknowledgedText } from '../dispatch/dispatch-alert-texts';
import { FleetService } from '../fleet/fleet.service';
import { IncidentChanged } from '../incidents/incident.events';
import { IncidentsService } from '../incidents/incidents.service';
import type { AppConfig } from '../platform/config/app-config';
import { APP_CONFIG } from '../platform/config/config.module';
import { AppError } from '../platform/errors/app-error';
import { type Actor, describeActor, SYSTEM } from '../platform/http/actor';
import { Clock } from '../platform/time/clock';
import { AssessmentsService } from './assessments.service';
import { DestinationsService } from './destinations.service';
import { EncounterRepository } from './encounter.repository';
import { AssessmentRecorded, EncounterChanged, PrenoticeChanged } from './pathways.events';
import { PrenoticeRepository } from './prenotice.repository';

const ESCALATION_TICK_MS = 2000;

// What must be ready at the door for each pathway (上车即入院 arrival checklist).
const CHECKLIST: Record<Pathway, ChecklistItem[]> = {
  chest_pain_stemi: ['cath_lab_ready', 'blood_ready'],
  chest_pain_acs: ['blood_ready'],
  stroke: ['ct_booked', 'stroke_team_ready'],
  major_trauma: ['trauma_team_ready', 'ct_booked', 'blood_ready'],
  critical_maternal: ['obstetrics_ready', 'blood_ready'],
  critical_neonatal: ['nicu_ready'],
};
const dayInChina = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');

/**
 * Pre-notice to the destination's ER (acknowledged, escalated when not), and the pre-admission
 * encounter the destination opens when the patient boards.
 */
@Injectable()
export class PrenoticesService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('prenotice');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly prenotices: PrenoticeRepository,
    private readonly encounters: EncounterRepository,
    private readonly incidents: IncidentsService,
    private readonly assessments: AssessmentsService,
    private readonly destinations: DestinationsService,
    private readonly fleet: FleetService,
    private readonly alerts: AlertsService,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.escalateOverdue(), ESCALATION_TICK_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async send(incidentId: string, hospitalId: string, actor: Actor): Promise<Prenotice> {
    let incident = await this.incidents.getVisible(incidentId, actor);
    if (incident.destinationHospitalId !== hospitalId) incident = await this.incidents.setDestination(incidentId, hospitalId, actor);
    const assessment = await this.assessments.latest(incidentId);
    const vehicleId = activeVehicle(incident);
    const prenotice = await this.prenotices.insert({
      incidentId,
      hospitalId,
      pathways: AssessmentsService.pathwaysOf(assessment),
      sentAt: this.clock.now(),
      sentBy: describeActor(actor),
      etaSec: await this.destinations.etaSecTo(hospitalId, vehicleId ?? undefined, incident.location),
    });
    await this.audit.record(actor, { entity: 'prenotice', entityId: prenotice.id, action: 'send', after: prenotice });
    await this.incidents.stampAuto(incidentId, 'prenotice_sent', new Date(prenotice.sentAt), `prenotice:${prenotice.id} by ${describeActor(actor)}`);
    const callSign = vehicleId ? (await this.fleet.get(vehicleId)).callSign : null;
    this.events.emit(PrenoticeChanged.eventName, new PrenoticeChanged(prenotice, incident, true, assessment, vehicleId, callSign));
    return prenotice;
  }

  async acknowledge(id: string, teams: Team[], bypassEd: 'cath_lab' | 'ct' | null, actor: Actor): Promise<Prenotice> {
    const current = await this.get(id);
    assertOwnHospital(actor, current.hospitalId);
    const acked = await this.prenotices.acknowledge(id, this.clock.now(), describeActor(actor), teams, bypassEd);
    if (!acked) throw new AppError('CONFLICT', 'this pre-notice was acknowledged already', { acknowledgedBy: current.acknowledgedBy });
    await this.audit.record(actor, { entity: 'prenotice', entityId: id, action: 'acknowledge', before: current, after: acked });
    await this.incidents.stampAuto(acked.incidentId, 'prenotice_acknowledged', new Date(acked.acknowledgedAt!), `prenotice:${id} by ${describeActor(actor)}`);
    const incident = await this.incidents.get(acked.incidentId);
    this.events.emit(PrenoticeChanged.eventName, new PrenoticeChanged(acked, incident, false, null, activeVehicle(incident), null));
    return acked;
  }

  async listOpen(hospitalId: string, actor: Actor): Promise<PrenoticeSentEvent[]> {
    assertOwnHospital(actor, hospitalId);
    const out: PrenoticeSentEvent[] = [];
    for (const prenotice of await this.prenotices.openFor(hospitalId)) {
      const incident = await this.incidents.get(prenotice.incidentId);
      const vehicleId = activeVehicle(incident);
      out.push({
        prenotice,
        incident,
        assessment: await this.assessments.latest(incident.id),
        vehicleId,
        callSign: vehicleId ? (await this.fleet.get(vehicleId)).callSign : null,
      });
    }
    return out;
  }

  async encountersFor(hospitalId: string, actor: Actor): Promise<Encounter[]> {
    assertOwnHospital(actor, hospitalId);
    return this.encounters.openFor(hospitalId);
  }

  async setChecklistItem(encounterId: string, item: ChecklistItem, done: boolean, actor: Actor): Promise<Encounter> {
    const encounter = await this.encounters.find(encounterId);
    if (!encounter) throw new AppError('ENCOUNTER_NOT_FOUND', `no encounter ${encounterId}`);
    assertOwnHospital(actor, encounter.hospitalId);
    if (!encounter.checklist.some((c) => c.item === item)) throw new AppError('VALIDATION_FAILED', `${item} is not on this checklist`);
    const now = this.clock.now().toISOString();
    const checklist = encounter.checklist.map((c) =>
      c.item === item ? { item, done, doneAt: done ? now : null, doneBy: done ? describeActor(actor) : null } : c,
    );
    const updated = await this.encounters.saveChecklist(encounterId, checklist);
    await this.audit.record(actor, { entity: 'encounter', entityId: encounterId, action: `checklist:${item}`, before: encounter.checklist, after: checklist });
    this.events.emit(EncounterChanged.eventName, new EncounterChanged(updated));
    return updated;
  }

  /** 上车即入院: once the patient is on board and the destination known, the destination opens an encounter. */
  @OnEvent(IncidentChanged.eventName, { async: true, promisify: true })
  async onIncidentChanged(e: IncidentChanged): Promise<void> {
    const { incident } = e;
    if (!incident.destinationHospitalId || !['transporting', 'at_hospital'].includes(incident.status)) return;
    try {
      const assessment = await this.assessments.latest(incident.id);
      const items = [...new Set(AssessmentsService.pathwaysOf(assessment).flatMap((p) => CHECKLIST[p]))];
      const now = this.clock.now();
      const encounter = await this.encounters.insertOnce(incident.id, incident.destinationHospitalId, dayInChina(now), now, items);
      if (!encounter) return;
      await this.audit.record(SYSTEM('pre-admission'), { entity: 'encounter', entityId: encounter.id, action: 'open', after: encounter });
      this.events.emit(EncounterChanged.eventName, new EncounterChanged(encounter));
    } catch (err) {
      this.logger.error({ err, incidentId: incident.id }, 'could not open the pre-admission encounter');
    }
  }

  /** A later assessment (e.g. a remote STEMI confirmation) adds what the door must now get ready; nothing is removed. */
  @OnEvent(AssessmentRecorded.eventName, { async: true, promisify: true })
  async onAssessment(e: AssessmentRecorded): Promise<void> {
    try {
      const wanted = [...new Set(e.record.pathways.flatMap((p) => CHECKLIST[p.pathway]))];
      for (const encounter of await this.encounters.openForIncident(e.record.incidentId)) {
        const missing = wanted.filter((item) => !encounter.checklist.some((c) => c.item === item));
        if (missing.length === 0) continue;
        const checklist = [...encounter.checklist, ...missing.map((item) => ({ item, done: false, doneAt: null, doneBy: null }))];
        const updated = await this.encounters.saveChecklist(encounter.id, checklist);
        await this.audit.record(SYSTEM('pre-admission'), { entity: 'encounter', entityId: encounter.id, action: 'checklist:add', before: encounter.checklist, after: checklist });
        this.events.emit(EncounterChanged.eventName, new EncounterChanged(updated));
      }
    } catch (err) {
      this.logger.error({ err, incidentId: e.record.incidentId }, 'could not extend the arrival checklist');
    }
  }

  /** Public for tests: raise the overdue pre-notices now. */
  async escalateOverdue(): Promise<void> {
    try {
      const now = this.clock.now();
      const overdue = await this.prenotices.escalateOverdue(new Date(now.getTime() - this.config.dispatch.prenoticeEscalateSec * 1000), now);
      for (const p of overdue) {
        const incident = await this.incidents.get(p.incidentId);
        this.alerts.raise({
          kind: 'prenotice_unacknowledged',
          severity: 'critical',
          message: prenoticeUnacknowledgedText(incident.number, this.config.dispatch.prenoticeEscalateSec),
          vehicleId: activeVehicle(incident),
          incidentId: incident.id,
          details: { prenoticeId: p.id, hospitalId: p.hospitalId },
        });
        this.events.emit(PrenoticeChanged.eventName, new PrenoticeChanged(p, incident, false, null, activeVehicle(incident), null));
      }
    } catch (err) {
      this.logger.error({ err }, 'pre-notice escalation failed; retrying');
    }
  }

  private async get(id: string): Promise<Prenotice> {
    const p = await this.prenotices.find(id);
    if (!p) throw new AppError('PRENOTICE_NOT_FOUND', `no pre-notice ${id}`);
    return p;
  }
}

function activeVehicle(incident: Incident): string | null {
  return incident.assignments.find((a) => a.status === 'accepted' || a.status === 'completed')?.vehicleId ?? null;
}

function assertOwnHospital(actor: Actor, hospitalId: string): void {
  if (actor.kind === 'user' && actor.role === 'er_clinician' && actor.hospitalId !== hospitalId) {
    throw new AppError('FORBIDDEN', 'this belongs to another hospital');
  }
  if (actor.kind === 'user' && actor.role === 'crew') throw new AppError('FORBIDDEN', 'crews cannot act for a hospital');
}
