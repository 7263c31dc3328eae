import type { CrewRole } from '@feijiu/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One person on board for the current shift; `position` keeps the order the crew was given in. */
@Entity({ name: 'vehicle_crew_members' })
export class VehicleCrewMemberEntity {
  @PrimaryColumn({ name: 'vehicle_id', type: 'text' })
  vehicleId: string;

  @PrimaryColumn({ type: 'smallint' })
  position: number;

  @Column({ type: 'text' })
  role: CrewRole;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  phone: string | null;
}
