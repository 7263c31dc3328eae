import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, type Repository } from 'typeorm';
import { GatewayCredentialEntity } from './gateway-credential.entity';

@Injectable()
export class GatewayCredentialRepository {
  private readonly repo: Repository<GatewayCredentialEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.repo = dataSource.getRepository(GatewayCredentialEntity);
  }

  findActive(vehicleId: string): Promise<GatewayCredentialEntity | null> {
    return this.repo.findOneBy({ vehicleId, revokedAt: IsNull() });
  }

  find(vehicleId: string): Promise<GatewayCredentialEntity | null> {
    return this.repo.findOneBy({ vehicleId });
  }

  list(): Promise<GatewayCredentialEntity[]> {
    return this.repo.find({ order: { vehicleId: 'ASC' } });
  }

  /** The demo seed's password: written only while the seed owns the credential (never over an admin's). */
  async seed(vehicleId: string, passwordHash: string, at: Date): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `INSERT INTO gateway_credentials (vehicle_id, password_hash, rotated_at, revoked_at, issued_by)
       VALUES ($1, $2, $3, NULL, 'seed')
       ON CONFLICT (vehicle_id) DO UPDATE SET password_hash = EXCLUDED.password_hash, rotated_at = EXCLUDED.rotated_at
         WHERE gateway_credentials.issued_by = 'seed' AND gateway_credentials.revoked_at IS NULL
       RETURNING vehicle_id`,
      [vehicleId, passwordHash, at],
    )) as unknown[];
    return rows.length > 0;
  }

  /** An admin's new password: replaces any earlier one, revoked or not. */
  async issue(vehicleId: string, passwordHash: string, at: Date): Promise<GatewayCredentialEntity> {
    await this.dataSource.query(
      `INSERT INTO gateway_credentials (vehicle_id, password_hash, rotated_at, revoked_at, issued_by)
       VALUES ($1, $2, $3, NULL, 'admin')
       ON CONFLICT (vehicle_id) DO UPDATE
         SET password_hash = EXCLUDED.password_hash, rotated_at = EXCLUDED.rotated_at, revoked_at = NULL, issued_by = 'admin'`,
      [vehicleId, passwordHash, at],
    );
    return (await this.find(vehicleId))!;
  }

  /** Revokes an active credential; null when there was none to revoke. */
  async revoke(vehicleId: string, at: Date): Promise<GatewayCredentialEntity | null> {
    const result = await this.repo.update({ vehicleId, revokedAt: IsNull() }, { revokedAt: at, issuedBy: 'admin' });
    return result.affected ? this.find(vehicleId) : null;
  }

  /**
   * Revokes every active credential the demo seed owns, keeping it the seed's (so the seed can
   * reinstate it; an admin's revoke makes it the admin's); returns their vehicle ids.
   */
  async revokeSeeded(at: Date): Promise<string[]> {
    const [rows] = (await this.dataSource.query(
      `UPDATE gateway_credentials SET revoked_at = $1 WHERE issued_by = 'seed' AND revoked_at IS NULL RETURNING vehicle_id`,
      [at],
    )) as [{ vehicle_id: string }[], number];
    return rows.map((r) => r.vehicle_id);
  }

  /**
   * Makes the seed's revoked credentials (revokeSeeded) active again with their password, only
   * those of `vehicleIds` unless null; returns their vehicle ids.
   */
  async reinstateSeeded(vehicleIds: readonly string[] | null): Promise<string[]> {
    const [rows] = (await this.dataSource.query(
      `UPDATE gateway_credentials SET revoked_at = NULL
        WHERE issued_by = 'seed' AND revoked_at IS NOT NULL AND ($1::text[] IS NULL OR vehicle_id = ANY($1::text[]))
        RETURNING vehicle_id`,
      [vehicleIds],
    )) as [{ vehicle_id: string }[], number];
    return rows.map((r) => r.vehicle_id);
  }

  async markSeen(vehicleId: string, at: Date): Promise<void> {
    await this.repo.update({ vehicleId }, { lastSeenAt: at });
  }
}
