import type { MigrationInterface, QueryRunner } from 'typeorm';

// Patient-monitor alarms (the `alarm` topic, IHE PCD-04): a few per transport, so one plain table,
// append-only like the rest of telemetry. The primary key is the dedupe key, as for
// telemetry_receipts: a resend (same vehicle, seq and measured time) is stored once, and a seq a
// reinstalled gateway hands out again with a new time is not mistaken for one.
export class MonitorAlarms1764000400000 implements MigrationInterface {
  name = 'MonitorAlarms1764000400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE monitor_alarms (
        vehicle_id text NOT NULL,
        seq bigint NOT NULL,
        measured_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL,
        monitor_id text NOT NULL,
        code bigint CHECK (code BETWEEN 0 AND 4294967295),
        name text NOT NULL,
        text text,
        priority text CHECK (priority IN ('high', 'medium', 'low', 'none')),
        technical boolean NOT NULL,
        state text NOT NULL CHECK (state IN ('active', 'latched', 'inactive')),
        phase text,
        vital_code text,
        vital_value double precision,
        vital_unit text,
        flags text[] NOT NULL DEFAULT '{}',
        incident_id uuid,
        PRIMARY KEY (vehicle_id, seq, measured_at)
      )`);
    await q.query(`CREATE INDEX monitor_alarms_vehicle_time_idx ON monitor_alarms (vehicle_id, measured_at)`);
    await q.query(`CREATE INDEX monitor_alarms_incident_time_idx ON monitor_alarms (incident_id, measured_at) WHERE incident_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE monitor_alarms`);
  }
}
