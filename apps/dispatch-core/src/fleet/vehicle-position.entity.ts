import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Every GPS fix a gateway sent, once per (vehicle, seq); append-only track history. */
@Entity({ name: 'vehicle_positions' })
export class VehiclePositionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'vehicle_id', type: 'text' })
  vehicleId: string;

  @Column({ type: 'bigint' })
  seq: string;

  @Column({ name: 'measured_at', type: 'timestamptz' })
  measuredAt: Date;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  @Column({ type: 'double precision' })
  lat: number;

  @Column({ type: 'double precision' })
  lon: number;

  @Column({ name: 'speed_mps', type: 'real', nullable: true })
  speedMps: number | null;

  @Column({ name: 'heading_deg', type: 'real', nullable: true })
  headingDeg: number | null;
}
