import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Marks a one-time data seed (e.g. the demo county) as applied, or a state (the demo switched off) with what it changed. */
@Entity({ name: 'seed_runs' })
export class SeedRunEntity {
  @PrimaryColumn({ type: 'text' })
  name: string;

  @Column({ name: 'applied_at', type: 'timestamptz' })
  appliedAt: Date;

  @Column({ type: 'jsonb', nullable: true })
  details: Record<string, string[]> | null;
}
