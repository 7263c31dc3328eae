import { Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import { SeedRunEntity } from './seed-run.entity';

@Injectable()
export class SeedRunRepository {
  private readonly repo: Repository<SeedRunEntity>;

  constructor(dataSource: DataSource) {
    this.repo = dataSource.getRepository(SeedRunEntity);
  }

  async has(name: string): Promise<boolean> {
    return (await this.repo.countBy({ name })) > 0;
  }

  async mark(name: string, at: Date): Promise<void> {
    await this.repo.upsert({ name, appliedAt: at }, { conflictPaths: ['name'] });
  }

  /** Removes the mark; false when it was not there (another core removed it first). */
  async unmark(name: string): Promise<boolean> {
    return ((await this.repo.delete({ name })).affected ?? 0) > 0;
  }
}
