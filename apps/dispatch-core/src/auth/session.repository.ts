import type { Role } from '@feijiu/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** What a token check needs about its user, read fresh on every request and socket handshake. */
export interface SessionState {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  vehicleId: string | null;
  hospitalId: string | null;
  disabled: boolean;
  tokenVersion: number;
  revoked: boolean;
}

/** Revoked tokens (logout) and the per-request session check. */
@Injectable()
export class SessionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The user behind a token and whether this token was logged out; null for an unknown user. */
  async findState(userId: string, jti: string): Promise<SessionState | null> {
    const rows = (await this.dataSource.query(
      `SELECT u.id, u.username, u.display_name AS "displayName", u.role, u.vehicle_id AS "vehicleId",
              u.hospital_id AS "hospitalId", u.disabled, u.token_version AS "tokenVersion",
              EXISTS (SELECT 1 FROM revoked_tokens r WHERE r.jti = $2) AS revoked
         FROM users u WHERE u.id = $1`,
      [userId, jti],
    )) as SessionState[];
    return rows[0] ?? null;
  }

  /** Revokes one token until it would have expired anyway; forgets tokens that expired by `now`. */
  async revoke(jti: string, userId: string, now: Date, expiresAt: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO revoked_tokens (jti, user_id, revoked_at, expires_at) VALUES ($1, $2, $3, $4) ON CONFLICT (jti) DO NOTHING`,
      [jti, userId, now, expiresAt],
    );
    await this.dataSource.query(`DELETE FROM revoked_tokens WHERE expires_at < $1`, [now]);
  }
}
