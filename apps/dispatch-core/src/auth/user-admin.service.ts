import { type CreateUserRequest, type ErrorCode, findBindingProblem, type ManagedUser, type UpdateUserRequest } from '@feijiu/contracts';
import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AuditService } from '../audit/audit.service';
import { FleetService } from '../fleet/fleet.service';
import { HospitalsService } from '../hospitals/hospitals.service';
import { AppError } from '../platform/errors/app-error';
import type { Actor } from '../platform/http/actor';
import { SessionsRevoked } from './auth.events';
import { hashPassword } from './password-hasher';
import type { UserEntity } from './user.entity';
import { toManagedUser } from './user-mapping';
import { type UserChanges, UserRepository } from './user.repository';

/** Admin user management: list, create, change (disable, role, binding, password), revoke sessions. */
@Injectable()
export class UserAdminService {
  constructor(
    private readonly users: UserRepository,
    private readonly fleet: FleetService,
    private readonly hospitals: HospitalsService,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
  ) {}

  async list(): Promise<ManagedUser[]> {
    return (await this.users.list()).map(toManagedUser);
  }

  async create(input: CreateUserRequest, actor: Actor): Promise<ManagedUser> {
    await this.assertBindingExists(input.vehicleId ?? null, input.hospitalId ?? null);
    // checked before the insert: a failed INSERT is logged with its parameters, the password hash among them
    if (await this.users.findByUsername(input.username)) throw new AppError('CONFLICT', `username ${input.username} is taken`);
    const created = toManagedUser(
      await this.users.insert({
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        vehicleId: input.vehicleId ?? null,
        hospitalId: input.hospitalId ?? null,
        passwordHash: await hashPassword(input.password),
      }),
    );
    await this.audit.record(actor, { entity: 'user', entityId: created.id, action: 'create', after: created });
    return created;
  }

  /** A new role, binding or password, or disabling, also revokes every session of the user. */
  async update(id: string, input: UpdateUserRequest, actor: Actor): Promise<ManagedUser> {
    const current = await this.get(id);
    const role = input.role ?? current.role;
    const vehicleId = input.vehicleId !== undefined ? input.vehicleId : current.vehicleId;
    const hospitalId = input.hospitalId !== undefined ? input.hospitalId : current.hospitalId;
    const problem = findBindingProblem(role, vehicleId, hospitalId);
    if (problem) throw invalidInput(problem.field, problem.message);
    await this.assertBindingExists(vehicleId, hospitalId);
    if (actor.kind === 'user' && actor.userId === id && (input.disabled === true || role !== current.role)) {
      throw new AppError('CONFLICT', 'an admin cannot disable or change the role of their own login');
    }
    const changes: UserChanges = {
      ...(input.displayName !== undefined && { displayName: input.displayName }),
      ...(input.disabled !== undefined && { disabled: input.disabled }),
      ...(input.password !== undefined && { passwordHash: await hashPassword(input.password) }),
      role,
      vehicleId,
      hospitalId,
    };
    const revokes =
      input.disabled === true || input.password !== undefined || role !== current.role || vehicleId !== current.vehicleId || hospitalId !== current.hospitalId;
    const updated = await this.users.update(id, changes, revokes);
    if (!updated) throw new AppError('NOT_FOUND', `no user ${id}`);
    const before = toManagedUser(current);
    const after = toManagedUser(updated);
    await this.audit.record(actor, {
      entity: 'user',
      entityId: id,
      action: 'update',
      before,
      after: { ...after, passwordChanged: input.password !== undefined, sessionsRevoked: revokes },
    });
    if (revokes) this.events.emit(SessionsRevoked.eventName, new SessionsRevoked(id, null));
    return after;
  }

  /** Every token of the user stops working at once and their live sockets close; they may log in again. */
  async revokeSessions(id: string, actor: Actor): Promise<void> {
    if (!(await this.users.bumpTokenVersion(id))) throw new AppError('NOT_FOUND', `no user ${id}`);
    await this.audit.record(actor, { entity: 'user', entityId: id, action: 'revoke-sessions' });
    this.events.emit(SessionsRevoked.eventName, new SessionsRevoked(id, null));
  }

  /**
   * Disables these logins (their sessions end at once) or enables them again, as the system does
   * for the demo users when the demo is switched off or on; each user changed is audited.
   * Returns the usernames changed.
   */
  async setLoginsDisabled(usernames: readonly string[], disabled: boolean, reason: string, actor: Actor): Promise<string[]> {
    const changed = await this.users.setDisabledByUsernames(usernames, disabled);
    for (const user of changed) {
      await this.audit.record(actor, {
        entity: 'user',
        entityId: user.id,
        action: disabled ? 'disable' : 'enable',
        before: { username: user.username, disabled: !disabled },
        after: { username: user.username, disabled, sessionsRevoked: disabled, reason },
      });
      if (disabled) this.events.emit(SessionsRevoked.eventName, new SessionsRevoked(user.id, null));
    }
    return changed.map((u) => u.username);
  }

  private async assertBindingExists(vehicleId: string | null, hospitalId: string | null): Promise<void> {
    if (vehicleId) await this.fleet.get(vehicleId).catch(asInvalid('VEHICLE_NOT_FOUND', 'vehicleId', `no ambulance ${vehicleId}`));
    if (!hospitalId) return;
    const facility = await this.hospitals.get(hospitalId).catch(asInvalid('FACILITY_NOT_FOUND', 'hospitalId', `no facility ${hospitalId}`));
    if (facility.kind === 'command_centre') throw invalidInput('hospitalId', `${hospitalId} is the command centre, not a hospital`);
  }

  private async get(id: string): Promise<UserEntity> {
    const user = await this.users.findById(id);
    if (!user) throw new AppError('NOT_FOUND', `no user ${id}`);
    return user;
  }
}

const invalidInput = (field: string, message: string) => new AppError('VALIDATION_FAILED', `invalid input: ${field}: ${message}`, [{ path: field, message }]);

// A binding to something that does not exist is a bad request body, not a missing resource.
function asInvalid(code: ErrorCode, field: string, message: string): (err: unknown) => never {
  return (err) => {
    throw err instanceof AppError && err.code === code ? invalidInput(field, message) : err;
  };
}
