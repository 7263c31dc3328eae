import type { ManagedUser, SessionUser } from '@feijiu/contracts';
import type { UserEntity } from './user.entity';

export function toSessionUser(u: UserEntity): SessionUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    vehicleId: u.vehicleId,
    hospitalId: u.hospitalId,
  };
}

/** What an admin sees of a user: never the password hash or token version. */
export function toManagedUser(u: UserEntity): ManagedUser {
  return { ...toSessionUser(u), disabled: u.disabled, createdAt: u.createdAt.toISOString() };
}
