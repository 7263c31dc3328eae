import { RoleSchema, type SessionUser } from '@feijiu/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { APP_CONFIG } from '../platform/config/config.module';
import type { AppConfig } from '../platform/config/app-config';
import { AuthError } from './auth.errors';
import { SessionRepository } from './session.repository';

const ClaimsSchema = z.object({
  sub: z.uuid(),
  jti: z.uuid(),
  tv: z.number().int().nonnegative(),
  exp: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  vehicleId: z.string().nullable(),
  hospitalId: z.string().nullable(),
});

/** A token that passed every check, with who holds it as the database says now. */
export interface VerifiedSession {
  user: SessionUser;
  jti: string;
  expiresAt: Date;
}

/**
 * Issues and checks access tokens (HS256 JWT); the same check guards REST and socket.io. A token
 * is good while it is unexpired, its user exists and is enabled, its token version is the user's
 * current one (an admin revoke bumps it) and it was not logged out. Checked against the database
 * on every request: a revoked token fails on the very next one, on every core instance.
 */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly sessions: SessionRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get ttlSec(): number {
    return this.config.jwt.ttlSec;
  }

  issue(user: SessionUser, tokenVersion: number): Promise<string> {
    const { id, ...rest } = user;
    return this.jwt.signAsync({ sub: id, tv: tokenVersion, ...rest }, { expiresIn: this.config.jwt.ttlSec, jwtid: randomUUID() });
  }

  async verify(token: string): Promise<VerifiedSession> {
    let payload: unknown;
    try {
      payload = await this.jwt.verifyAsync(token, { algorithms: ['HS256'] });
    } catch {
      throw new AuthError('AUTH_TOKEN_INVALID', 'access token is invalid or expired');
    }
    const claims = ClaimsSchema.safeParse(payload);
    if (!claims.success) throw new AuthError('AUTH_TOKEN_INVALID', 'access token has unexpected claims; log in again');
    const { sub, jti, tv, exp } = claims.data;
    const state = await this.sessions.findState(sub, jti);
    if (!state || state.disabled) throw new AuthError('AUTH_TOKEN_INVALID', 'user no longer exists or is disabled');
    if (state.revoked || state.tokenVersion !== tv) throw new AuthError('AUTH_TOKEN_INVALID', 'access token was revoked; log in again');
    return {
      user: {
        id: state.id,
        username: state.username,
        displayName: state.displayName,
        role: state.role,
        vehicleId: state.vehicleId,
        hospitalId: state.hospitalId,
      },
      jti,
      expiresAt: new Date(exp * 1000),
    };
  }
}
