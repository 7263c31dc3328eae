import type { LoginRequest, LoginResponse, SessionUser } from '@feijiu/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { AuthError } from './auth.errors';
import { hashPassword, verifyPassword } from './password-hasher';
import { TokenService } from './token.service';
import type { UserEntity } from './user.entity';
import { type NewUser, UserRepository } from './user.repository';

// Verifying against this keeps a login for an unknown user as slow as for a known one.
const DUMMY_HASH_PROMISE = hashPassword('feijiu-timing-equaliser');

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly users: UserRepository,
    private readonly tokens: TokenService,
  ) {}

  async login(req: LoginRequest): Promise<LoginResponse> {
    const user = await this.users.findByUsername(req.username);
    const ok = await verifyPassword(user?.passwordHash ?? (await DUMMY_HASH_PROMISE), req.password);
    if (!user || !ok || user.disabled) {
      this.logger.warn({ username: req.username }, 'login refused');
      throw new AuthError('AUTH_INVALID_CREDENTIALS', 'wrong username or password');
    }
    const accessToken = await this.tokens.issue(toSessionUser(user));
    return { accessToken, expiresInSec: this.tokens.ttlSec };
  }

  /** Re-reads the user so a disabled account or changed binding shows at once. */
  async currentUser(session: SessionUser): Promise<SessionUser> {
    const user = await this.users.findById(session.id);
    if (!user || user.disabled) throw new AuthError('AUTH_TOKEN_INVALID', 'user no longer exists or is disabled');
    return toSessionUser(user);
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

function toSessionUser(u: UserEntity): SessionUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    vehicleId: u.vehicleId,
    hospitalId: u.hospitalId,
  };
}
