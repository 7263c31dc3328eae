import type { StampSource, TimeNode } from '@feijiu/contracts';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One time node of an incident; append-only, a correction is a new row that supersedes. */
@Entity({ name: 'timeline_stamps' })
export class TimelineStampEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId: string;

  @Column({ type: 'text' })
  node: TimeNode;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'text' })
  source: StampSource;

  @Column({ name: 'source_detail', type: 'text' })
  sourceDetail: string;

  @Column({ name: 'recorded_by', type: 'text', nullable: true })
  recordedBy: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  supersedes: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;
}
