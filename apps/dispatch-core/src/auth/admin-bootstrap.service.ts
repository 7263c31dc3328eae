import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../platform/errors/app-error';
import { SYSTEM } from '../platform/http/actor';
import { hashPassword } from './password-hasher';
import { toManagedUser } from './user-mapping';
import { UserRepository } from './user.repository';

export type BootstrapOutcome = 'created' | 'has-admin' | 'no-password' | 'username-taken';

/**
 * The first administrator of a database that has none: a production install runs without the
 * demo, so nobody could log in to create users. With FEIJIU_ADMIN_PASSWORD set, start-up creates
 * FEIJIU_ADMIN_USERNAME (default `admin`) as an admin, audited; once any enabled admin exists the
 * settings are ignored (a changed password is never written over). Without them it says what to set.
 */
@Injectable()
export class AdminBootstrapService {
  private readonly logger = new Logger('admin-bootstrap');

  constructor(
    private readonly users: UserRepository,
    private readonly audit: AuditService,
  ) {}

  async ensureAdmin(username: string, password: string | null): Promise<BootstrapOutcome> {
    const all = await this.users.list();
    if (all.some((u) => u.role === 'admin' && !u.disabled)) return 'has-admin';
    if (!password) {
      this.logger.warn('no enabled administrator: set FEIJIU_ADMIN_PASSWORD (and FEIJIU_ADMIN_USERNAME, default admin) and start again to create one');
      return 'no-password';
    }
    if (all.some((u) => u.username === username)) {
      this.logger.warn(`no enabled administrator, and ${username} is taken by a ${all.find((u) => u.username === username)!.role} login: choose another FEIJIU_ADMIN_USERNAME`);
      return 'username-taken';
    }
    const passwordHash = await hashPassword(password);
    let inserted;
    try {
      inserted = await this.users.insert({ username, displayName: username, role: 'admin', vehicleId: null, hospitalId: null, passwordHash });
    } catch (err) {
      // another replica starting on the same fresh database created it first
      if (err instanceof AppError && err.code === 'CONFLICT') return 'has-admin';
      throw err;
    }
    const created = toManagedUser(inserted);
    await this.audit.record(SYSTEM('admin-bootstrap'), { entity: 'user', entityId: created.id, action: 'create', after: created });
    this.logger.log(`first administrator ${username} created from FEIJIU_ADMIN_PASSWORD`);
    return 'created';
  }
}
