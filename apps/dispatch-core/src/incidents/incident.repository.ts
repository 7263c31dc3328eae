import type { AssignmentStatus, IncidentStatus } from '@feijiu/contracts';
import { Injectable } from '@nestjs/common';
import { Between, DataSource, In, LessThanOrEqual, type Repository, IsNull, Not } from 'typeorm';
import { AssignmentEntity } from './assignment.entity';
import { IncidentEntity } from './incident.entity';

export const OPEN_STATUSES: IncidentStatus[] = ['new', 'dispatched', 'on_scene', 'transporting', 'at_hospital'];
export const LIVE_ASSIGNMENT: AssignmentStatus[] = ['offered', 'accepted'];

@Injectable()
export class IncidentRepository {
  private readonly incidents: Repository<IncidentEntity>;
  private readonly assignments: Repository<AssignmentEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.incidents = dataSource.getRepository(IncidentEntity);
    this.assignments = dataSource.getRepository(AssignmentEntity);
  }

  async nextNumber(day: string): Promise<string> {
    const [{ n }] = (await this.dataSource.query(`SELECT nextval('incident_number_seq')::text AS n`)) as { n: string }[];
    return `${day}-${n.padStart(4, '0')}`;
  }

  insert(row: Omit<IncidentEntity, 'id'>): Promise<IncidentEntity> {
    return this.incidents.save(this.incidents.create(row));
  }

  findById(id: string): Promise<IncidentEntity | null> {
    return this.incidents.findOneBy({ id });
  }

  list(open: boolean, limit = 500): Promise<IncidentEntity[]> {
    return this.incidents.find({
      where: open ? { status: In(OPEN_STATUSES) } : {},
      order: { createdAt: 'DESC' },
      take: limit,
    });
  }

  listByIds(ids: string[]): Promise<IncidentEntity[]> {
    return ids.length ? this.incidents.find({ where: { id: In(ids) }, order: { createdAt: 'DESC' } }) : Promise.resolve([]);
  }

  listCreatedBetween(from: Date, to: Date): Promise<IncidentEntity[]> {
    return this.incidents.find({ where: { createdAt: Between(from, new Date(to.getTime() - 1)) }, order: { createdAt: 'ASC' } });
  }

  listByDestination(hospitalId: string): Promise<IncidentEntity[]> {
    return this.incidents.find({
      where: { destinationHospitalId: hospitalId, status: In(OPEN_STATUSES) },
      order: { createdAt: 'DESC' },
    });
  }

  /** Conditional status change; returns false when the incident was no longer in `from`. */
  async compareAndSetStatus(id: string, from: IncidentStatus, to: IncidentStatus, at: Date): Promise<boolean> {
    const res = await this.incidents.update({ id, status: from }, { status: to, updatedAt: at });
    return (res.affected ?? 0) > 0;
  }

  async setDestination(id: string, hospitalId: string, at: Date): Promise<void> {
    await this.incidents.update({ id }, { destinationHospitalId: hospitalId, updatedAt: at });
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.incidents.update({ id }, { updatedAt: at });
  }

  // ---- assignments (part of the incident aggregate) ----

  assignmentsFor(incidentIds: string[]): Promise<AssignmentEntity[]> {
    return incidentIds.length
      ? this.assignments.find({ where: { incidentId: In(incidentIds) }, order: { offeredAt: 'ASC' } })
      : Promise.resolve([]);
  }

  findAssignment(id: string): Promise<AssignmentEntity | null> {
    return this.assignments.findOneBy({ id });
  }

  liveAssignmentOf(vehicleId: string): Promise<AssignmentEntity | null> {
    return this.assignments.findOneBy({ vehicleId, status: In(LIVE_ASSIGNMENT) });
  }

  incidentIdsOfVehicle(vehicleId: string): Promise<string[]> {
    return this.assignments
      .find({ where: { vehicleId }, select: { incidentId: true }, order: { offeredAt: 'DESC' }, take: 200 })
      .then((rows) => [...new Set(rows.map((r) => r.incidentId))]);
  }

  insertAssignment(row: Omit<AssignmentEntity, 'id'>): Promise<AssignmentEntity> {
    return this.assignments.save(this.assignments.create(row));
  }

  /** Conditional assignment update; false when it was no longer in `from`. */
  async updateAssignmentIf(id: string, from: AssignmentStatus[], patch: Partial<AssignmentEntity>): Promise<boolean> {
    const res = await this.assignments.update({ id, status: In(from) }, patch);
    return (res.affected ?? 0) > 0;
  }

  async markDeparted(id: string, at: Date): Promise<boolean> {
    const res = await this.assignments.update({ id, departedAt: IsNull() }, { departedAt: at });
    return (res.affected ?? 0) > 0;
  }

  /**
   * Expires an offer only while its ambulance still stands by for it (`dispatched`), its vehicle
   * row locked for the statement: a status change under way (the crew's en-route tap) either
   * commits first, and the offer is not expired, or waits until the expiry is committed. False
   * when it was not expired.
   */
  async expireOfferWhileStandingBy(id: string, at: Date): Promise<boolean> {
    const [rows] = (await this.dataSource.query(
      `UPDATE assignments a SET status = 'expired', offer_alerted_at = $2
         FROM (SELECT v.id FROM vehicles v
                WHERE v.id = (SELECT vehicle_id FROM assignments WHERE id = $1) AND v.status = 'dispatched'
                  FOR UPDATE) v
        WHERE a.id = $1 AND a.status = 'offered' AND a.vehicle_id = v.id
        RETURNING a.id`,
      [id, at],
    )) as [unknown[], number];
    return rows.length > 0;
  }

  /** Offers unanswered past their expiry; one whose ambulance already left is not expired (it is on its way). */
  offersExpiredBy(now: Date): Promise<AssignmentEntity[]> {
    return this.assignments.findBy({ status: 'offered', offerExpiresAt: LessThanOrEqual(now), offerAlertedAt: IsNull(), departedAt: IsNull() });
  }

  departuresLateBy(now: Date): Promise<AssignmentEntity[]> {
    return this.assignments.findBy({
      status: In(LIVE_ASSIGNMENT),
      departedAt: IsNull(),
      departureDeadlineAt: LessThanOrEqual(now),
      departureAlertedAt: IsNull(),
    });
  }

  liveAssignments(): Promise<AssignmentEntity[]> {
    return this.assignments.findBy({ status: In(LIVE_ASSIGNMENT), vehicleId: Not(IsNull()) });
  }
}
