import type { AssignmentStatus, VehicleStatus } from '@feijiu/contracts';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One ambulance sent to one incident: offered → accepted/declined/expired → completed/cancelled. */
@Entity({ name: 'assignments' })
export class AssignmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId: string;

  @Column({ name: 'vehicle_id', type: 'text' })
  vehicleId: string;

  @Column({ type: 'text' })
  status: AssignmentStatus;

  @Column({ name: 'offered_at', type: 'timestamptz' })
  offeredAt: Date;

  @Column({ name: 'offer_expires_at', type: 'timestamptz' })
  offerExpiresAt: Date;

  @Column({ name: 'responded_at', type: 'timestamptz', nullable: true })
  respondedAt: Date | null;

  @Column({ name: 'departed_at', type: 'timestamptz', nullable: true })
  departedAt: Date | null;

  @Column({ name: 'departure_deadline_at', type: 'timestamptz' })
  departureDeadlineAt: Date;

  @Column({ name: 'origin_lat', type: 'double precision', nullable: true })
  originLat: number | null;

  @Column({ name: 'origin_lon', type: 'double precision', nullable: true })
  originLon: number | null;

  @Column({ name: 'distance_m', type: 'double precision', nullable: true })
  distanceM: number | null;

  @Column({ name: 'eta_sec', type: 'double precision', nullable: true })
  etaSec: number | null;

  @Column({ name: 'offer_alerted_at', type: 'timestamptz', nullable: true })
  offerAlertedAt: Date | null;

  @Column({ name: 'departure_alerted_at', type: 'timestamptz', nullable: true })
  departureAlertedAt: Date | null;

  @Column({ name: 'decline_reason', type: 'text', nullable: true })
  declineReason: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  /** The vehicle's status when it was offered the call (available or returning); null before migration 1764000710000. */
  @Column({ name: 'status_before_offer', type: 'text', nullable: true })
  statusBeforeOffer: VehicleStatus | null;

  /** Available and standing still at the offer: only then does its GPS moving off answer the offer. */
  @Column({ name: 'standing_at_offer', type: 'boolean', default: false })
  standingAtOffer: boolean;
}
