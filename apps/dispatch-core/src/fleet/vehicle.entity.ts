import type { VehicleStatus, VehicleType } from '@feijiu/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'vehicles' })
export class VehicleEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ name: 'call_sign', type: 'text' })
  callSign: string;

  @Column({ type: 'text' })
  plate: string;

  @Column({ type: 'text' })
  type: VehicleType;

  @Column({ type: 'text' })
  status: VehicleStatus;

  @Column({ name: 'station_id', type: 'text' })
  stationId: string;

  @Column({ name: 'last_lat', type: 'double precision', nullable: true })
  lastLat: number | null;

  @Column({ name: 'last_lon', type: 'double precision', nullable: true })
  lastLon: number | null;

  @Column({ name: 'last_speed_mps', type: 'real', nullable: true })
  lastSpeedMps: number | null;

  @Column({ name: 'last_heading_deg', type: 'real', nullable: true })
  lastHeadingDeg: number | null;

  @Column({ name: 'last_measured_at', type: 'timestamptz', nullable: true })
  lastMeasuredAt: Date | null;

  /** When the shift crew (vehicle_crew_members) was last set; null when never. */
  @Column({ name: 'crew_updated_at', type: 'timestamptz', nullable: true })
  crewUpdatedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
