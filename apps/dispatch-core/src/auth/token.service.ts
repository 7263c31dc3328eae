import { RoleSchema, type SessionUser } from '@feijiu/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { z } from 'zod';
import { APP_CONFIG } from '../platform/config/config.module';
import type { AppConfig } from '../platform/config/app-config';
import { AuthError } from './auth.errors';

const ClaimsSchema = z.object({
  sub: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  vehicleId: z.string().nullable(),
  hospitalId: z.string().nullable(),
});

/** Issues and checks access tokens (HS256 JWT); the same check guards REST and socket.io. */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get ttlSec(): number {
    return this.config.jwt.ttlSec;
  }

  issue(user: SessionUser): Promise<string> {
    const { id, ...rest } = user;
    return this.jwt.signAsync({ sub: id, ...rest }, { expiresIn: this.config.jwt.ttlSec });
  }

  async verify(token: string): Promise<SessionUser> {
    let payload: unknown;
    try {
      payload = await this.jwt.verifyAsync(token, { algorithms: ['HS256'] });
    } catch {
      throw new AuthError('AUTH_TOKEN_INVALID', 'access token is invalid or expired');
    }
    const claims = ClaimsSchema.safeParse(payload);
    if (!claims.success) throw new AuthError('AUTH_TOKEN_INVALID', 'access token has unexpected claims');
    const { sub, ...rest } = claims.data;
    return { id: sub, ...rest };
  }
}
