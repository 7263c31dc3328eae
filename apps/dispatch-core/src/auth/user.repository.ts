import { Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import { AppError } from '../platform/errors/app-error';
import { UserEntity } from './user.entity';

export type NewUser = Pick<UserEntity, 'username' | 'displayName' | 'role' | 'vehicleId' | 'hospitalId' | 'passwordHash'>;
export type UserChanges = Partial<Pick<UserEntity, 'displayName' | 'role' | 'vehicleId' | 'hospitalId' | 'passwordHash' | 'disabled'>>;

@Injectable()
export class UserRepository {
  private readonly repo: Repository<UserEntity>;

  constructor(dataSource: DataSource) {
    this.repo = dataSource.getRepository(UserEntity);
  }

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.repo.findOneBy({ username });
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.repo.findOneBy({ id });
  }

  list(): Promise<UserEntity[]> {
    return this.repo.find({ order: { username: 'ASC' } });
  }

  /** Inserts or, for an existing username, replaces role, binding and password hash. */
  async upsert(user: NewUser): Promise<void> {
    await this.repo.upsert(user, { conflictPaths: ['username'] });
  }

  /** A new user; CONFLICT when the username is taken, VALIDATION_FAILED for an unknown vehicle or hospital. */
  async insert(user: NewUser): Promise<UserEntity> {
    try {
      return await this.repo.save(this.repo.create(user));
    } catch (err) {
      throw translate(err, user);
    }
  }

  /** Applies the changes; with `revokeSessions` also bumps the token version in the same statement. */
  async update(id: string, changes: UserChanges, revokeSessions: boolean): Promise<UserEntity | null> {
    try {
      const values = revokeSessions ? { ...changes, tokenVersion: () => 'token_version + 1' } : changes;
      const result = await this.repo.createQueryBuilder().update(UserEntity).set(values).where('id = :id', { id }).execute();
      return result.affected ? await this.findById(id) : null;
    } catch (err) {
      throw translate(err, changes);
    }
  }

  /**
   * Disables (and revokes every session of) or enables those of these users that are not so
   * already; returns the ones it changed. One conditional statement, so two cores starting at
   * once change (and audit) each user once.
   */
  async setDisabledByUsernames(usernames: readonly string[], disabled: boolean): Promise<Pick<UserEntity, 'id' | 'username'>[]> {
    if (usernames.length === 0) return [];
    const result = await this.repo
      .createQueryBuilder()
      .update(UserEntity)
      .set(disabled ? { disabled, tokenVersion: () => 'token_version + 1' } : { disabled })
      .where('username IN (:...usernames)', { usernames })
      .andWhere('disabled = :was', { was: !disabled })
      .returning(['id', 'username'])
      .execute();
    return (result.raw as { id: string; username: string }[]).map(({ id, username }) => ({ id, username }));
  }

  /** Every token of this user issued so far stops working. */
  async bumpTokenVersion(id: string): Promise<boolean> {
    const result = await this.repo.increment({ id }, 'tokenVersion', 1);
    return (result.affected ?? 0) > 0;
  }
}

// Foreign keys name the vehicle / hospital a login is bound to; the unique key its username.
function translate(err: unknown, user: Partial<NewUser>): unknown {
  const pg = err as { code?: string; constraint?: string };
  if (pg.code === '23505') return new AppError('CONFLICT', `username ${user.username ?? ''} is taken`);
  if (pg.code === '23503') {
    const field = pg.constraint?.includes('vehicle') ? 'vehicleId' : 'hospitalId';
    const value = field === 'vehicleId' ? user.vehicleId : user.hospitalId;
    return new AppError('VALIDATION_FAILED', `invalid input: ${field}: no such ${field === 'vehicleId' ? 'vehicle' : 'facility'} ${value ?? ''}`, [
      { path: field, message: 'not found' },
    ]);
  }
  if (pg.code === '23514') return new AppError('VALIDATION_FAILED', 'invalid input: the binding does not fit the role');
  return err;
}
