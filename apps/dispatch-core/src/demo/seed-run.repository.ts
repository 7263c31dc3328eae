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

  /** Sets the mark unless it is there; false when it was (earlier, or another core just now). */
  async claim(name: string, at: Date, details: Record<string, string[]>): Promise<boolean> {
    const result = await this.repo
      .createQueryBuilder()
      .insert()
      .into(SeedRunEntity)
      .values({ name, appliedAt: at, details })
      .orIgnore()
      .returning(['name'])
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  async setDetails(name: string, details: Record<string, string[]>): Promise<void> {
    await this.repo.update({ name }, { details });
  }

  /** Removes the mark and returns its details; `found: false` when it was not there (another core removed it first). */
  async take(name: string): Promise<{ found: false } | { found: true; details: unknown }> {
    const result = await this.repo
      .createQueryBuilder()
      .delete()
      .from(SeedRunEntity)
      .where('name = :name', { name })
      .returning(['details'])
      .execute();
    const rows = result.raw as { details: unknown }[];
    return rows.length > 0 ? { found: true, details: rows[0].details } : { found: false };
  }
}
