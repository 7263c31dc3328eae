import type { MigrationInterface, QueryRunner } from 'typeorm';

// Which incident each vehicle carried when: telemetry binds a sample by when it was measured, not
// when it arrived, so a backlog drained after an outage lands on the patient it was measured on
// (never the next one). One row per binding, open (ended_at NULL) while the vehicle carries that
// patient; at most one open row per vehicle. No foreign key, like incident_id on the telemetry
// tables. The live accepted assignments are the bindings open now, from their acceptance.
export class TelemetryBindings1764000600000 implements MigrationInterface {
  name = 'TelemetryBindings1764000600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE telemetry_bindings (
        id bigserial PRIMARY KEY,
        vehicle_id text NOT NULL,
        incident_id uuid NOT NULL,
        started_at timestamptz NOT NULL,
        ended_at timestamptz,
        CHECK (ended_at IS NULL OR ended_at >= started_at)
      )`);
    await q.query(`CREATE UNIQUE INDEX telemetry_bindings_one_open_per_vehicle ON telemetry_bindings (vehicle_id) WHERE ended_at IS NULL`);
    await q.query(`CREATE INDEX telemetry_bindings_vehicle_time_idx ON telemetry_bindings (vehicle_id, started_at)`);
    await q.query(`
      INSERT INTO telemetry_bindings (vehicle_id, incident_id, started_at)
      SELECT vehicle_id, incident_id, coalesce(responded_at, offered_at) FROM assignments WHERE status = 'accepted'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE telemetry_bindings`);
  }
}
