import type { IncidentPriority, IncidentStatus, PatientSex, VehicleType } from '@feijiu/contracts';
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

  @Column({ name: 'caller_name', type: 'text', nullable: true })
  callerName: string | null;

  @Column({ name: 'patient_name', type: 'text', nullable: true })
  patientName: string | null;

  @Column({ name: 'patient_sex', type: 'text', nullable: true })
  patientSex: PatientSex | null;

  @Column({ name: 'patient_age_years', type: 'double precision', nullable: true })
  patientAgeYears: number | null;

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
