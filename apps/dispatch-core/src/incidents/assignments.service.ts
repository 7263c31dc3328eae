import type { Assignment, AssignmentStatus, Incident, VehicleStatus } from '@feijiu/contracts';
import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AuditService } from '../audit/audit.service';
import { VehicleIncidentBound } from '../dispatch/dispatch.events';
import { AppError } from '../platform/errors/app-error';
import type { Actor } from '../platform/http/actor';
import { Clock } from '../platform/time/clock';
import type { AssignmentEntity } from './assignment.entity';
import { AssignmentNotFoundError } from './incident.errors';
import { AssignmentChanged } from './incident.events';
import { toAssignment } from './incident.mapper';
import { IncidentRepository } from './incident.repository';
import { IncidentsService } from './incidents.service';

export interface NewOffer {
  incidentId: string;
  vehicleId: string;
  offerTimeoutSec: number;
  departureTargetSec: number;
  origin: { lat: number; lon: number } | null;
  distanceM: number | null;
  etaSec: number | null;
  /** The vehicle's status when offered (available, or returning on the road). */
  statusBefore: VehicleStatus;
  /** Available and standing still: its GPS moving off then answers the offer. */
  standingStill: boolean;
}

/** The assignments of incidents: persistence, state changes, and their events. */
@Injectable()
export class AssignmentsService {
  constructor(
    private readonly repo: IncidentRepository,
    private readonly incidents: IncidentsService,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
    private readonly clock: Clock,
  ) {}

  async offer(o: NewOffer, actor: Actor): Promise<Assignment> {
    const now = this.clock.now();
    let row: AssignmentEntity;
    try {
      row = await this.repo.insertAssignment({
        incidentId: o.incidentId,
        vehicleId: o.vehicleId,
        status: 'offered',
        offeredAt: now,
        offerExpiresAt: new Date(now.getTime() + o.offerTimeoutSec * 1000),
        respondedAt: null,
        departedAt: null,
        departureDeadlineAt: new Date(now.getTime() + o.departureTargetSec * 1000),
        originLat: o.origin?.lat ?? null,
        originLon: o.origin?.lon ?? null,
        distanceM: o.distanceM,
        etaSec: o.etaSec,
        offerAlertedAt: null,
        departureAlertedAt: null,
        declineReason: null,
        createdBy: actor.kind === 'user' ? actor.userId : null,
        statusBeforeOffer: o.statusBefore,
        standingAtOffer: o.standingStill,
      });
    } catch (err) {
      // the partial unique index: this vehicle already holds a live assignment
      if ((err as { code?: string }).code === '23505') throw new AppError('VEHICLE_BUSY', `vehicle ${o.vehicleId} already has a job`);
      throw err;
    }
    const assignment = toAssignment(row);
    await this.audit.record(actor, { entity: 'assignment', entityId: row.id, action: 'offer', after: assignment });
    await this.emit(row, true);
    return assignment;
  }

  async get(id: string): Promise<AssignmentEntity> {
    const row = await this.repo.findAssignment(id);
    if (!row) throw new AssignmentNotFoundError(id);
    return row;
  }

  liveAssignmentOf(vehicleId: string): Promise<AssignmentEntity | null> {
    return this.repo.liveAssignmentOf(vehicleId);
  }

  liveAssignments(): Promise<AssignmentEntity[]> {
    return this.repo.liveAssignments();
  }

  offersExpiredBy(now: Date) {
    return this.repo.offersExpiredBy(now);
  }

  departuresLateBy(now: Date) {
    return this.repo.departuresLateBy(now);
  }

  /** Moves an assignment on if it is still in `from`; returns the updated row or null when it had moved on. */
  async transition(
    id: string,
    from: AssignmentStatus[],
    to: AssignmentStatus,
    actor: Actor,
    extra: Partial<AssignmentEntity> = {},
  ): Promise<AssignmentEntity | null> {
    const before = await this.get(id);
    const ok = await this.repo.updateAssignmentIf(id, from, { status: to, ...extra });
    return ok ? this.changed(before, to, actor) : null;
  }

  /**
   * Expires an unanswered offer unless its ambulance has begun to move for it meanwhile (its
   * status is no longer `dispatched`: the crew tapped en route). The row, or null when not expired.
   */
  async expireOffer(id: string, at: Date, actor: Actor): Promise<AssignmentEntity | null> {
    const before = await this.get(id);
    return (await this.repo.expireOfferWhileStandingBy(id, at)) ? this.changed(before, 'expired', actor) : null;
  }

  private async changed(before: AssignmentEntity, to: AssignmentStatus, actor: Actor): Promise<AssignmentEntity> {
    const after = await this.get(before.id);
    await this.audit.record(actor, { entity: 'assignment', entityId: before.id, action: to, before: toAssignment(before), after: toAssignment(after) });
    await this.emit(after, false);
    const incident = await this.incidents.get(after.incidentId);
    const bound = to === 'accepted';
    this.events.emit(
      VehicleIncidentBound.eventName,
      new VehicleIncidentBound(after.vehicleId, bound ? incident.id : null, bound ? incident.destinationHospitalId : null),
    );
    return after;
  }

  /**
   * An offer the crew answered by driving off (GPS departure, an en-route tap) instead of pressing
   * Accept: taken as accepted, so the offer timer no longer stands the moving ambulance down.
   * Null when it was no longer offered.
   */
  acceptImplicitly(id: string, at: Date, actor: Actor): Promise<AssignmentEntity | null> {
    return this.transition(id, ['offered'], 'accepted', actor, { respondedAt: at });
  }

  async markFlag(id: string, patch: Pick<Partial<AssignmentEntity>, 'offerAlertedAt' | 'departureAlertedAt'>): Promise<void> {
    const row = await this.get(id);
    await this.repo.updateAssignmentIf(id, [row.status], patch);
  }

  /** Records the departure once; returns true when this call set it. */
  async markDeparted(id: string, at: Date, actor: Actor): Promise<boolean> {
    const ok = await this.repo.markDeparted(id, at);
    if (!ok) return false;
    const row = await this.get(id);
    await this.audit.record(actor, { entity: 'assignment', entityId: id, action: 'departed', after: toAssignment(row) });
    await this.emit(row, false);
    return true;
  }

  private async emit(row: AssignmentEntity, offered: boolean): Promise<void> {
    const incident: Incident = await this.incidents.get(row.incidentId);
    await this.repo.touch(row.incidentId, this.clock.now());
    this.events.emit(AssignmentChanged.eventName, new AssignmentChanged(toAssignment(row), incident, offered));
    this.incidents.publish(incident);
  }
}
