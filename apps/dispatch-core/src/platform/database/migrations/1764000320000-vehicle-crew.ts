import type { MigrationInterface, QueryRunner } from 'typeorm';

// Who is on board: each vehicle's crew for the current shift (role on board, name, optional
// phone), replaced as a whole at shift change; earlier crews are in the audit log. The API masks
// the phones for anyone outside the dispatch centre and the vehicle itself (fleet/crew-disclosure.ts).
export class VehicleCrew1764000320000 implements MigrationInterface {
  name = 'VehicleCrew1764000320000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE vehicle_crew_members (
        vehicle_id text NOT NULL REFERENCES vehicles(id) ON DELETE CASCADE,
        position smallint NOT NULL CHECK (position >= 0),
        role text NOT NULL CHECK (role IN ('doctor','nurse','paramedic','driver')),
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 50),
        phone text CHECK (char_length(phone) BETWEEN 3 AND 24),
        PRIMARY KEY (vehicle_id, position)
      )`);
    await q.query(`ALTER TABLE vehicles ADD COLUMN crew_updated_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE vehicles DROP COLUMN crew_updated_at`);
    await q.query(`DROP TABLE vehicle_crew_members`);
  }
}
