import type { MigrationInterface, QueryRunner } from 'typeorm';

// Green channels: hospital live status, crew assessments (append-only), pre-notices, and
// pre-admission encounters with their arrival checklist.
export class GreenChannels1763950000000 implements MigrationInterface {
  name = 'GreenChannels1763950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE hospital_status (
        hospital_id text PRIMARY KEY REFERENCES facilities(id),
        cath_lab_busy boolean NOT NULL DEFAULT false,
        ct_down boolean NOT NULL DEFAULT false,
        on_diversion boolean NOT NULL DEFAULT false,
        note text,
        updated_at timestamptz NOT NULL,
        updated_by text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE assessments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        incident_id uuid NOT NULL REFERENCES incidents(id),
        recorded_at timestamptz NOT NULL,
        recorded_by text NOT NULL,
        supersedes uuid REFERENCES assessments(id),
        assessment jsonb NOT NULL,
        pathways jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX assessments_incident_idx ON assessments (incident_id, recorded_at)`);
    await q.query(`
      CREATE FUNCTION assessments_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'assessments is append-only'; END $$`);
    await q.query(`CREATE TRIGGER assessments_no_update BEFORE UPDATE OR DELETE ON assessments FOR EACH ROW EXECUTE FUNCTION assessments_append_only()`);
    await q.query(`
      CREATE TABLE prenotices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        incident_id uuid NOT NULL REFERENCES incidents(id),
        hospital_id text NOT NULL REFERENCES facilities(id),
        pathways jsonb NOT NULL,
        sent_at timestamptz NOT NULL,
        sent_by text NOT NULL,
        eta_sec double precision,
        acknowledged_at timestamptz,
        acknowledged_by text,
        escalated_at timestamptz,
        teams_activated text[] NOT NULL DEFAULT '{}',
        bypass_ed text CHECK (bypass_ed IN ('cath_lab','ct'))
      )`);
    await q.query(`CREATE INDEX prenotices_open_idx ON prenotices (hospital_id) WHERE acknowledged_at IS NULL`);
    await q.query(`CREATE SEQUENCE encounter_number_seq`);
    await q.query(`
      CREATE TABLE encounters (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number text NOT NULL UNIQUE,
        incident_id uuid NOT NULL REFERENCES incidents(id),
        hospital_id text NOT NULL REFERENCES facilities(id),
        created_at timestamptz NOT NULL,
        checklist jsonb NOT NULL,
        CONSTRAINT encounters_one_per_hospital UNIQUE (incident_id, hospital_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS encounters, prenotices, assessments, hospital_status`);
    await q.query(`DROP SEQUENCE IF EXISTS encounter_number_seq`);
    await q.query(`DROP FUNCTION IF EXISTS assessments_append_only`);
  }
}
