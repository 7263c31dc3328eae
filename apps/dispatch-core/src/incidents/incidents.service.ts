import { type CreateIncidentRequest, type Incident, INCIDENT_STATUS_NODES, type IncidentStatus, type TimeNode } from '@feijiu/contracts';
import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AuditService } from '../audit/audit.service';
import { VehicleIncidentBound } from '../dispatch/dispatch.events';
import { HospitalsService } from '../hospitals/hospitals.service';
import { AppError } from '../platform/errors/app-error';
import { type Actor, describeActor, SYSTEM } from '../platform/http/actor';
import { Clock } from '../platform/time/clock';
import { type StampOrigin, TimelineService } from '../timeline/timeline.service';
import type { IncidentEntity } from './incident.entity';
import { discloseStampTo } from './incident-disclosure';
import { IllegalIncidentTransitionError, IncidentNotFoundError } from './incident.errors';
import { IncidentChanged } from './incident.events';
import { canChangeIncidentStatus, nextIncidentStatuses, nextIncidentStatusesByHand, timeNodeOfStatus } from './incident-lifecycle';
import { toIncident } from './incident.mapper';
import { IncidentRepository, LIVE_ASSIGNMENT } from './incident.repository';

// Incident numbers read like the 120 centre's log book: the local (China) calendar day.
const dayInChina = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');

/** Incidents: creation, lifecycle, destination, who may see them. Assignments: see AssignmentsService. */
@Injectable()
export class IncidentsService {
  constructor(
    private readonly repo: IncidentRepository,
    private readonly timeline: TimelineService,
    private readonly hospitals: HospitalsService,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
    private readonly clock: Clock,
  ) {}

  async create(input: CreateIncidentRequest, actor: Actor): Promise<Incident> {
    const now = this.clock.now();
    const row = await this.repo.insert({
      number: await this.repo.nextNumber(dayInChina(now)),
      status: 'new',
      priority: input.priority,
      complaint: input.complaint,
      lat: input.location.lat,
      lon: input.location.lon,
      address: input.address ?? null,
      callerPhone: input.callerPhone ?? null,
      callerName: input.callerName ?? null,
      patientName: input.patient?.name ?? null,
      patientSex: input.patient?.sex ?? null,
      patientAgeYears: input.patient?.ageYears ?? null,
      notes: input.notes ?? null,
      requiredVehicleType: input.requiredVehicleType ?? null,
      destinationHospitalId: null,
      createdBy: actor.kind === 'user' ? actor.userId : null,
      createdAt: now,
      updatedAt: now,
    });
    const incident = toIncident(row, []);
    await this.audit.record(actor, { entity: 'incident', entityId: row.id, action: 'create', after: incident });
    await this.timeline.stampAuto(row.id, 'call_received', now, 'incident.created');
    this.events.emit(IncidentChanged.eventName, new IncidentChanged(incident));
    return incident;
  }

  /** The incident if this actor may see it: dispatch centre all; crew if sent to it; ER if bound for its hospital. */
  async getVisible(id: string, actor: Actor): Promise<Incident> {
    const incident = await this.get(id);
    if (!this.canSee(actor, incident)) throw new AppError('FORBIDDEN', 'this incident is not yours to see');
    return incident;
  }

  async get(id: string): Promise<Incident> {
    const row = await this.repo.findById(id);
    if (!row) throw new IncidentNotFoundError(id);
    return toIncident(row, await this.repo.assignmentsFor([id]));
  }

  async list(actor: Actor, scope: 'open' | 'all'): Promise<Incident[]> {
    let rows: IncidentEntity[];
    if (actor.kind === 'user' && actor.role === 'crew') {
      rows = (await this.repo.listByIds(await this.repo.incidentIdsOfVehicle(actor.vehicleId ?? ''))).filter(
        (r) => scope === 'all' || isOpen(r.status),
      );
    } else if (actor.kind === 'user' && actor.role === 'er_clinician') {
      rows = await this.repo.listByDestination(actor.hospitalId ?? '');
    } else {
      rows = await this.repo.list(scope === 'open');
    }
    const assignments = await this.repo.assignmentsFor(rows.map((r) => r.id));
    // a crew that declined an offer (or let it expire) no longer sees that incident; the same rule as getVisible
    return rows.map((r) => toIncident(r, assignments)).filter((i) => this.canSee(actor, i));
  }

  /** Id, number and destination of every incident created in [from, to) — for quality reports. */
  async listCreatedBetween(from: Date, to: Date): Promise<{ id: string; number: string; destinationHospitalId: string | null }[]> {
    return (await this.repo.listCreatedBetween(from, to)).map((r) => ({ id: r.id, number: r.number, destinationHospitalId: r.destinationHospitalId }));
  }

  canSee(actor: Actor, incident: Incident): boolean {
    if (actor.kind === 'system') return true;
    switch (actor.role) {
      case 'dispatcher':
      case 'admin':
        return true;
      case 'crew':
        return incident.assignments.some((a) => a.vehicleId === actor.vehicleId && a.status !== 'declined' && a.status !== 'expired');
      case 'er_clinician':
        return incident.destinationHospitalId !== null && incident.destinationHospitalId === actor.hospitalId;
    }
  }

  /**
   * A person's status change, checked against the lifecycle (`dispatched` and `new` only follow
   * from assignments) and the person's role (only the dispatch centre cancels, or closes before
   * the hospital: 403).
   */
  async changeStatus(id: string, to: IncidentStatus, actor: Actor, reason?: string): Promise<Incident> {
    const current = await this.getVisible(id, actor);
    const role = actor.kind === 'user' ? actor.role : undefined;
    const allowed = nextIncidentStatusesByHand(current.status, role);
    if (!nextIncidentStatusesByHand(current.status).includes(to)) throw new IllegalIncidentTransitionError(id, current.status, to, allowed);
    if (!allowed.includes(to)) throw new AppError('FORBIDDEN', `a ${role ?? 'system'} login cannot set a ${current.status} incident ${to}; the dispatch centre does`);
    return this.transition(current, to, actor, reason);
  }

  /**
   * A status change that follows from another event; skipped (false) when not legal any more.
   * Its time node is stamped `auto` from `sourceDetail` unless `stampedAs` says who caused it.
   */
  async advance(id: string, to: IncidentStatus, sourceDetail: string, stampedAs?: StampOrigin): Promise<boolean> {
    const current = await this.get(id);
    if (!canChangeIncidentStatus(current.status, to)) return false;
    await this.transition(current, to, SYSTEM(sourceDetail), undefined, stampedAs).catch((err: unknown) => {
      if (!(err instanceof IllegalIncidentTransitionError)) throw err;
    });
    return true;
  }

  async setDestination(id: string, hospitalId: string, actor: Actor): Promise<Incident> {
    const current = await this.getVisible(id, actor);
    if (!isOpen(current.status)) throw new IllegalIncidentTransitionError(id, current.status, current.status, []);
    const hospital = await this.hospitals.get(hospitalId);
    if (hospital.kind === 'command_centre') throw new AppError('VALIDATION_FAILED', `${hospitalId} is not a hospital`);
    await this.repo.setDestination(id, hospitalId, this.clock.now());
    await this.audit.record(actor, {
      entity: 'incident',
      entityId: id,
      action: 'destination',
      before: { destinationHospitalId: current.destinationHospitalId },
      after: { destinationHospitalId: hospitalId },
    });
    const incident = await this.get(id);
    for (const a of incident.assignments.filter((x) => LIVE_ASSIGNMENT.includes(x.status))) {
      this.events.emit(VehicleIncidentBound.eventName, new VehicleIncidentBound(a.vehicleId, id, hospitalId));
    }
    this.publish(incident);
    return incident;
  }

  stampAuto(id: string, node: TimeNode, at: Date, sourceDetail: string) {
    return this.timeline.stampAuto(id, node, at, sourceDetail);
  }

  /** The first stamp of a node, by the system or by a person's action (a crew's status button). */
  stampFirst(id: string, node: TimeNode, at: Date, origin: StampOrigin) {
    return this.timeline.stampFirst(id, node, at, origin);
  }

  /** The incident's time stamps; crews and ER clinicians get the notes (a cancel reason…) masked. */
  async listTimeline(id: string, actor: Actor) {
    const incident = await this.getVisible(id, actor);
    return (await this.timeline.list(id)).map((stamp) => discloseStampTo(actor, stamp, incident));
  }

  async stampTimeline(id: string, input: { node: TimeNode; at: Date; note?: string; supersedes?: string }, actor: Actor) {
    await this.getVisible(id, actor);
    if (!input.supersedes && isStatusNode(input.node)) {
      throw new AppError('VALIDATION_FAILED', `${input.node} is stamped when the incident's status changes; change the status instead`);
    }
    return this.timeline.stampManual(id, input, actor);
  }

  publish(incident: Incident): void {
    this.events.emit(IncidentChanged.eventName, new IncidentChanged(incident));
  }

  // Every status change goes on the timeline; a node already stamped (the geofence's arrival,
  // the crew's button) keeps its first stamp.
  private async transition(current: Incident, to: IncidentStatus, actor: Actor, reason?: string, stampedAs?: StampOrigin): Promise<Incident> {
    const now = this.clock.now();
    const ok = await this.repo.compareAndSetStatus(current.id, current.status, to, now);
    if (!ok) {
      const fresh = await this.get(current.id);
      const allowed = actor.kind === 'user' ? nextIncidentStatusesByHand(fresh.status, actor.role) : nextIncidentStatuses(fresh.status);
      throw new IllegalIncidentTransitionError(current.id, fresh.status, to, allowed);
    }
    await this.audit.record(actor, {
      entity: 'incident',
      entityId: current.id,
      action: 'status',
      before: { status: current.status },
      after: { status: to, reason },
    });
    const origin: StampOrigin = stampedAs ?? originOf(actor, to, reason);
    await this.timeline.stampFirst(current.id, timeNodeOfStatus(to), stampTimeOf(current, to, now), origin, actor.kind === 'user' ? actor : undefined);
    const incident = await this.get(current.id);
    this.publish(incident);
    return incident;
  }
}

const isOpen = (s: IncidentStatus) => s !== 'closed' && s !== 'cancelled';
const isStatusNode = (node: TimeNode) => (INCIDENT_STATUS_NODES as readonly TimeNode[]).includes(node);

/** A person's change is theirs (`manual`, with who and why); the core's says what caused it. */
function originOf(actor: Actor, to: IncidentStatus, reason: string | undefined): StampOrigin {
  if (actor.kind === 'system') return { source: 'auto', sourceDetail: actor.component };
  return { source: 'manual', recordedBy: describeActor(actor), sourceDetail: `incident-status:${to}`, note: reason ?? null };
}

// The dispatch order is the moment the ambulance was offered the call (the offer just made).
function stampTimeOf(current: Incident, to: IncidentStatus, now: Date): Date {
  if (to !== 'dispatched') return now;
  const offeredAt = current.assignments.filter((a) => a.status === 'offered' || a.status === 'accepted').map((a) => Date.parse(a.offeredAt));
  return offeredAt.length > 0 ? new Date(Math.max(...offeredAt)) : now;
}
