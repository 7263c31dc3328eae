import { Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import { UserEntity } from './user.entity';

export type NewUser = Pick<UserEntity, 'username' | 'displayName' | 'role' | 'vehicleId' | 'hospitalId' | 'passwordHash'>;

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

  /** Inserts or, for an existing username, replaces role, binding and password hash. */
  async upsert(user: NewUser): Promise<void> {
    await this.repo.upsert(user, { conflictPaths: ['username'] });
  }
}
