import type { TimeNode } from '@feijiu/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
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
   * Inserts unless a current (not superseded) stamp of this node exists; returns the new row or
   * null. With `since`, only stamps recorded after the latest original stamp of that node count
   * (a requeue starts the dispatch over). One incident at a time, so two writers racing (a crew's
   * tap and the geofence) cannot both stamp.
   */
  insertIfAbsent(row: Omit<TimelineStampEntity, 'id'>, since: TimeNode | null): Promise<TimelineStampEntity | null> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('feijiu:timeline'), hashtext($1))`, [row.incidentId]);
      const rows = (await m.query(
        `INSERT INTO timeline_stamps (incident_id, node, at, source, source_detail, recorded_by, recorded_at, supersedes, note)
         SELECT $1, $2, $3, $4, $5, $6, $7, NULL, $8
          WHERE NOT EXISTS (
            SELECT 1 FROM timeline_stamps s WHERE s.incident_id = $1 AND s.node = $2
               AND NOT EXISTS (SELECT 1 FROM timeline_stamps c WHERE c.supersedes = s.id)
               AND s.recorded_at > COALESCE(
                 (SELECT max(r.recorded_at) FROM timeline_stamps r WHERE r.incident_id = $1 AND r.node = $9 AND r.supersedes IS NULL),
                 '-infinity'))
         RETURNING id`,
        [row.incidentId, row.node, row.at, row.source, row.sourceDetail, row.recordedBy, row.recordedAt, row.note, since],
      )) as { id: string }[];
      return rows[0] ? m.getRepository(TimelineStampEntity).findOneBy({ id: rows[0].id }) : null;
    });
  }

  insert(row: Omit<TimelineStampEntity, 'id'>): Promise<TimelineStampEntity> {
    return this.repo.save(this.repo.create(row));
  }
}
