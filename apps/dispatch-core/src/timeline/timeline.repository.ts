import type { TimeNode } from '@feijiu/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource, In, type Repository } from 'typeorm';
import { hasCurrentStampSince } from './dispatch-rounds';
import { TimelineStampEntity } from './timeline-stamp.entity';

@Injectable()
export class TimelineRepository {
  private readonly repo: Repository<TimelineStampEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.repo = dataSource.getRepository(TimelineStampEntity);
  }

  listForIncident(incidentId: string): Promise<TimelineStampEntity[]> {
    return this.repo.find({ where: { incidentId }, order: { at: 'ASC', recordedAt: 'ASC' } });
  }

  findById(id: string): Promise<TimelineStampEntity | null> {
    return this.repo.findOneBy({ id });
  }

  /**
   * Inserts unless a current (not superseded) stamp of this node holds; returns the new row or
   * null. With `since`, only a stamp whose chain began after the latest original stamp of that
   * node holds (a requeue starts the dispatch over; a correction counts from the stamp it corrects:
   * `dispatch-rounds.ts`). One incident at a time, so two writers racing (a crew's tap and the
   * geofence) cannot both stamp.
   */
  insertIfAbsent(row: Omit<TimelineStampEntity, 'id'>, since: TimeNode | null): Promise<TimelineStampEntity | null> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('feijiu:timeline'), hashtext($1))`, [row.incidentId]);
      const stamps = m.getRepository(TimelineStampEntity);
      const earlier = await stamps.find({
        where: { incidentId: row.incidentId, node: In(since ? [row.node, since] : [row.node]) },
        select: { id: true, node: true, at: true, recordedAt: true, supersedes: true },
      });
      if (hasCurrentStampSince(earlier, row.node, since)) return null;
      return stamps.save(stamps.create({ ...row, supersedes: null }));
    });
  }

  insert(row: Omit<TimelineStampEntity, 'id'>): Promise<TimelineStampEntity> {
    return this.repo.save(this.repo.create(row));
  }
}
