import type { IncidentPriority, IncidentStatus, VehicleType } from '@feijiu/contracts';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'incidents' })
export class IncidentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  number: string;

  @Column({ type: 'text' })
  status: IncidentStatus;

  @Column({ type: 'text' })
  priority: IncidentPriority;

  @Column({ type: 'text' })
  complaint: string;

  @Column({ type: 'double precision' })
  lat: number;

  @Column({ type: 'double precision' })
  lon: number;

  @Column({ type: 'text', nullable: true })
  address: string | null;

  @Column({ name: 'caller_phone', type: 'text', nullable: true })
  callerPhone: string | null;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column({ name: 'required_vehicle_type', type: 'text', nullable: true })
  requiredVehicleType: VehicleType | null;

  @Column({ name: 'destination_hospital_id', type: 'text', nullable: true })
  destinationHospitalId: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
