import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Marks a one-time data seed (e.g. the demo county) as applied. */
@Entity({ name: 'seed_runs' })
export class SeedRunEntity {
  @PrimaryColumn({ type: 'text' })
  name: string;

  @Column({ name: 'applied_at', type: 'timestamptz' })
  appliedAt: Date;
}
