import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Who set a gateway's password: the demo seed (follows FEIJIU_DEMO_PASSWORD) or an admin (kept as is). */
export type GatewayCredentialIssuer = 'seed' | 'admin';

/** The MQTT login of a vehicle's gateway: username = vehicle id, argon2 hash of its password. */
@Entity({ name: 'gateway_credentials' })
export class GatewayCredentialEntity {
  @PrimaryColumn({ name: 'vehicle_id', type: 'text' })
  vehicleId: string;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash: string;

  @Column({ name: 'rotated_at', type: 'timestamptz' })
  rotatedAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'issued_by', type: 'text' })
  issuedBy: GatewayCredentialIssuer;

  @Column({ name: 'last_seen_at', type: 'timestamptz', nullable: true })
  lastSeenAt: Date | null;
}
