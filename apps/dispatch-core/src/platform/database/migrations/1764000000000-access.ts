import type { MigrationInterface, QueryRunner } from 'typeorm';

// Access control: per-user token version (bumped to revoke every session of a user), revoked
// tokens (logout of one session), and failed logins for the rate limit.
export class Access1764000000000 implements MigrationInterface {
  name = 'Access1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 0`);
    await q.query(`
      CREATE TABLE revoked_tokens (
        jti uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id),
        revoked_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX revoked_tokens_expires_idx ON revoked_tokens (expires_at)`);
    await q.query(`
      CREATE TABLE login_failures (
        id bigserial PRIMARY KEY,
        username text NOT NULL,
        address text NOT NULL,
        failed_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX login_failures_username_idx ON login_failures (username, address, failed_at)`);
    await q.query(`CREATE INDEX login_failures_address_idx ON login_failures (address, failed_at)`);
    await q.query(`CREATE INDEX login_failures_failed_at_idx ON login_failures (failed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS login_failures, revoked_tokens`);
    await q.query(`ALTER TABLE users DROP COLUMN IF EXISTS token_version`);
  }
}
