import type { MigrationInterface, QueryRunner } from 'typeorm';

// What a mark did, for marks that must be undone exactly: switching the demo off records which
// demo logins and gateway credentials it disabled, so switching it on re-enables only those
// (never a login an admin disabled). NULL for the one-time seeds and for a demo switched off
// before this column existed.
export class SeedRunDetails1764000500000 implements MigrationInterface {
  name = 'SeedRunDetails1764000500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE seed_runs ADD COLUMN details jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE seed_runs DROP COLUMN details`);
  }
}
