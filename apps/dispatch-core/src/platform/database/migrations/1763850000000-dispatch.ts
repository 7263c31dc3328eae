import type { MigrationInterface, QueryRunner } from 'typeorm';

// Dispatch: incidents, assignments, the time-node timeline (append-only, corrections supersede)
// and the hash-chained audit log.
export class Dispatch1763850000000 implements MigrationInterface {
  name = 'Dispatch1763850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE incident_number_seq`);
    await q.query(`
      CREATE TABLE incidents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number text NOT NULL UNIQUE,
        status text NOT NULL CHECK (status IN ('new','dispatched','on_scene','transporting','at_hospital','closed','cancelled')),
        priority text NOT NULL CHECK (priority IN ('critical','urgent','non_urgent')),
        complaint text NOT NULL,
        lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
        lon double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
        address text,
        caller_phone text,
        notes text,
        required_vehicle_type text,
        destination_hospital_id text REFERENCES facilities(id),
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX incidents_open_idx ON incidents (status) WHERE status NOT IN ('closed','cancelled')`);
    await q.query(`CREATE INDEX incidents_created_idx ON incidents (created_at)`);
    await q.query(`
      CREATE TABLE assignments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        incident_id uuid NOT NULL REFERENCES incidents(id),
        vehicle_id text NOT NULL REFERENCES vehicles(id),
        status text NOT NULL CHECK (status IN ('offered','accepted','declined','expired','cancelled','completed')),
        offered_at timestamptz NOT NULL,
        offer_expires_at timestamptz NOT NULL,
        responded_at timestamptz,
        departed_at timestamptz,
        departure_deadline_at timestamptz NOT NULL,
        origin_lat double precision,
        origin_lon double precision,
        distance_m double precision,
        eta_sec double precision,
        offer_alerted_at timestamptz,
        departure_alerted_at timestamptz,
        decline_reason text,
        created_by uuid REFERENCES users(id)
      )`);
    // a vehicle holds at most one live assignment: the second concurrent assign loses here
    await q.query(`CREATE UNIQUE INDEX assignments_one_active_per_vehicle ON assignments (vehicle_id) WHERE status IN ('offered','accepted')`);
    await q.query(`CREATE INDEX assignments_incident_idx ON assignments (incident_id)`);
    await q.query(`
      CREATE TABLE timeline_stamps (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        incident_id uuid NOT NULL REFERENCES incidents(id),
        node text NOT NULL,
        at timestamptz NOT NULL,
        source text NOT NULL CHECK (source IN ('auto','manual')),
        source_detail text NOT NULL,
        recorded_by text,
        recorded_at timestamptz NOT NULL,
        supersedes uuid REFERENCES timeline_stamps(id),
        note text
      )`);
    await q.query(`CREATE INDEX timeline_incident_idx ON timeline_stamps (incident_id, at)`);
    await q.query(`CREATE UNIQUE INDEX timeline_supersedes_once ON timeline_stamps (supersedes) WHERE supersedes IS NOT NULL`);
    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        actor text NOT NULL,
        source_address text,
        entity text NOT NULL,
        entity_id text NOT NULL,
        action text NOT NULL,
        before jsonb,
        after jsonb,
        prev_hash text NOT NULL,
        hash text NOT NULL
      )`);
    await q.query(`CREATE INDEX audit_entity_idx ON audit_log (entity, entity_id)`);
    // append-only: clinical and dispatch history is never rewritten
    for (const t of ['timeline_stamps', 'audit_log']) {
      await q.query(`
        CREATE FUNCTION ${t}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '${t} is append-only'; END $$`);
      await q.query(`CREATE TRIGGER ${t}_no_update BEFORE UPDATE OR DELETE ON ${t} FOR EACH ROW EXECUTE FUNCTION ${t}_append_only()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS audit_log, timeline_stamps, assignments, incidents`);
    await q.query(`DROP FUNCTION IF EXISTS audit_log_append_only, timeline_stamps_append_only`);
    await q.query(`DROP SEQUENCE IF EXISTS incident_number_seq`);
  }
}
