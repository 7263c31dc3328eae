import type { MigrationInterface, QueryRunner } from 'typeorm';

// Telemetry: append-only, range-partitioned by measured time (gateway clock).
// - telemetry_receipts: one row per accepted vitals/waveform message; its primary key is the
//   dedupe key, so a resend (same vehicle, kind, seq and measured time) is stored once.
// - vitals_samples: one row per observation; waveform_chunks: one row per chunk (int16 LE bytes).
// Partitions (monthly for receipts and vitals, daily for waveforms) are created ahead by the
// core at start and hourly (telemetry_ensure_partition below); each table has a DEFAULT
// partition so a sample with a wild timestamp is stored, never refused.
// No foreign keys on the hot tables: the broker authenticates each gateway as its vehicle, and a
// per-row FK check would cost every insert; incident ids come from dispatch events.
export class Telemetry1763900000000 implements MigrationInterface {
  name = 'Telemetry1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE telemetry_receipts (
        vehicle_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('vitals','waveform')),
        seq bigint NOT NULL,
        measured_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL,
        PRIMARY KEY (vehicle_id, kind, seq, measured_at)
      ) PARTITION BY RANGE (measured_at)`);

    await q.query(`
      CREATE TABLE vitals_samples (
        vehicle_id text NOT NULL,
        seq bigint NOT NULL,
        monitor_id text NOT NULL,
        code text NOT NULL,
        value double precision NOT NULL,
        unit text NOT NULL,
        measured_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL,
        flags text[] NOT NULL DEFAULT '{}',
        incident_id uuid
      ) PARTITION BY RANGE (measured_at)`);
    await q.query(`CREATE INDEX vitals_samples_vehicle_time_idx ON vitals_samples (vehicle_id, measured_at)`);
    await q.query(
      `CREATE INDEX vitals_samples_incident_time_idx ON vitals_samples (incident_id, measured_at) WHERE incident_id IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE waveform_chunks (
        vehicle_id text NOT NULL,
        seq bigint NOT NULL,
        monitor_id text NOT NULL,
        measured_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL,
        hz double precision NOT NULL,
        leads text[] NOT NULL,
        lsb_uv double precision NOT NULL,
        samples bytea NOT NULL,
        flags text[] NOT NULL DEFAULT '{}',
        incident_id uuid
      ) PARTITION BY RANGE (measured_at)`);
    await q.query(`CREATE INDEX waveform_chunks_vehicle_time_idx ON waveform_chunks (vehicle_id, measured_at)`);
    await q.query(
      `CREATE INDEX waveform_chunks_incident_time_idx ON waveform_chunks (incident_id, measured_at) WHERE incident_id IS NOT NULL`,
    );

    for (const t of ['telemetry_receipts', 'vitals_samples', 'waveform_chunks']) {
      await q.query(`CREATE TABLE ${t}_default PARTITION OF ${t} DEFAULT`);
    }

    // Creates one range partition unless it exists. Rows already in the DEFAULT partition for
    // that range (a gateway clock ahead, a backlog from before the first start) would make the
    // plain CREATE … PARTITION OF fail, so they are moved into the new partition in the same
    // transaction: nothing is lost or duplicated. Serialised across core instances.
    await q.query(`
      CREATE FUNCTION telemetry_ensure_partition(parent text, part text, lo timestamptz, hi timestamptz)
      RETURNS boolean LANGUAGE plpgsql AS $fn$
      DECLARE
        def text := parent || '_default';
        strays boolean;
      BEGIN
        IF to_regclass(part) IS NOT NULL THEN RETURN false; END IF;
        PERFORM pg_advisory_xact_lock(hashtext('feijiu.telemetry_partitions'));
        IF to_regclass(part) IS NOT NULL THEN RETURN false; END IF;
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE measured_at >= $1 AND measured_at < $2)', def)
          INTO strays USING lo, hi;
        IF NOT strays THEN
          EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)', part, parent, lo, hi);
          RETURN true;
        END IF;
        EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part, parent);
        EXECUTE format('WITH moved AS (DELETE FROM %I WHERE measured_at >= $1 AND measured_at < $2 RETURNING *)
                        INSERT INTO %I SELECT * FROM moved', def, part) USING lo, hi;
        EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', parent, part, lo, hi);
        RETURN true;
      END
      $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS telemetry_ensure_partition(text, text, timestamptz, timestamptz)`);
    for (const t of ['waveform_chunks', 'vitals_samples', 'telemetry_receipts']) await q.query(`DROP TABLE IF EXISTS ${t}`);
  }
}
