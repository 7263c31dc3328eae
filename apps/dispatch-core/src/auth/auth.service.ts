import type { LoginRequest, LoginResponse, SessionUser } from '@feijiu/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { Clock } from '../platform/time/clock';
import { AuthError } from './auth.errors';
import { SessionsRevoked } from './auth.events';
import { LoginLimiter } from './login-limiter.service';
import { hashPassword, verifyPassword } from './password-hasher';
import { SessionRepository } from './session.repository';
import { TokenService, type VerifiedSession } from './token.service';
import { toSessionUser } from './user-mapping';
import { type NewUser, UserRepository } from './user.repository';

// Verifying against this keeps a login for an unknown user as slow as for a known one.
const DUMMY_HASH_PROMISE = hashPassword('feijiu-timing-equaliser');

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly users: UserRepository,
    private readonly tokens: TokenService,
    private readonly sessions: SessionRepository,
    private readonly limiter: LoginLimiter,
    private readonly events: EventEmitter2,
    private readonly clock: Clock,
  ) {}

  /** Checks the password under the failed-login limit of this username at this source address. */
  async login(req: LoginRequest, address: string): Promise<LoginResponse> {
    const attempt = await this.limiter.begin(req.username, address);
    const user = await this.users.findByUsername(req.username);
    const ok = await verifyPassword(user?.passwordHash ?? (await DUMMY_HASH_PROMISE), req.password);
    if (!user || !ok || user.disabled) {
      await attempt.failed();
      this.logger.warn({ username: req.username, address }, 'login refused');
      throw new AuthError('AUTH_INVALID_CREDENTIALS', 'wrong username or password');
    }
    await attempt.succeeded();
    const accessToken = await this.tokens.issue(toSessionUser(user), user.tokenVersion);
    return { accessToken, expiresInSec: this.tokens.ttlSec };
  }

  /** This token stops working at once; the user's other sessions go on. */
  async logout(session: VerifiedSession): Promise<void> {
    await this.sessions.revoke(session.jti, session.user.id, this.clock.now(), session.expiresAt);
    this.events.emit(SessionsRevoked.eventName, new SessionsRevoked(session.user.id, session.jti));
  }

  /** The bearer as the database says now (the token check re-reads the user on every request). */
  currentUser(session: VerifiedSession): SessionUser {
    return session.user;
  }

  async upsertUser(user: Omit<NewUser, 'passwordHash'> & { password: string }): Promise<void> {
    const { password, ...rest } = user;
    await this.users.upsert({ ...rest, passwordHash: await hashPassword(password) });
  }

  async hasPassword(username: string, password: string): Promise<boolean> {
    const user = await this.users.findByUsername(username);
    return user !== null && (await verifyPassword(user.passwordHash, password));
  }
}
