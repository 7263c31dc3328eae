import type { MigrationInterface, QueryRunner } from 'typeorm';

// Telemetry retention without deleting clinical data. A time partition of vitals_samples,
// waveform_chunks or telemetry_receipts that is past its retention (FEIJIU_VITALS_RETENTION_DAYS,
// FEIJIU_WAVEFORM_RETENTION_DAYS; unset = for ever) is DETACHED and moved, whole, into the schema
// telemetry_archive by the core (telemetry_archive_partition below), audited. Nothing here or in
// the core ever drops it: the operator dumps the archive and drops it (deploy/README.md).
export class Retention1764000300000 implements MigrationInterface {
  name = 'Retention1764000300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS telemetry_archive`);
    await q.query(
      `COMMENT ON SCHEMA telemetry_archive IS 'Telemetry partitions past their retention, detached by the core and kept whole. The core never drops them: dump (pg_dump -n telemetry_archive), verify, then drop.'`,
    );

    // Detaches one partition from its table and moves it to telemetry_archive (renamed with a
    // time suffix if that name is taken there); returns the archived table's qualified name, or
    // NULL when it is not a partition of `parent` any more (another core did it). Serialised with
    // telemetry_ensure_partition by the same advisory lock; runs in the caller's transaction, so
    // the audit entry commits with it or not at all.
    await q.query(`
      CREATE FUNCTION telemetry_archive_partition(parent text, part text)
      RETURNS text LANGUAGE plpgsql AS $fn$
      DECLARE
        child regclass;
        target text := part;
      BEGIN
        IF parent NOT IN ('telemetry_receipts', 'vitals_samples', 'waveform_chunks') THEN
          RAISE EXCEPTION 'not a telemetry table: %', parent;
        END IF;
        PERFORM pg_advisory_xact_lock(hashtext('feijiu.telemetry_partitions'));
        SELECT c.oid::regclass INTO child
          FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
         WHERE i.inhparent = to_regclass(parent) AND c.relname = part;
        IF child IS NULL THEN
          RETURN NULL;
        END IF;
        IF to_regclass(format('telemetry_archive.%I', part)) IS NOT NULL THEN
          target := left(part, 40) || '_' || to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYYMMDD"T"HH24MISS');
        END IF;
        EXECUTE format('ALTER TABLE %s DETACH PARTITION %s', to_regclass(parent), child);
        IF target <> part THEN
          EXECUTE format('ALTER TABLE %s RENAME TO %I', child, target);
        END IF;
        EXECUTE format('ALTER TABLE %s SET SCHEMA telemetry_archive', child);
        RETURN 'telemetry_archive.' || target;
      END
      $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS telemetry_archive_partition(text, text)`);
    // RESTRICT: fails while archived partitions are still there, so a rollback never drops them
    await q.query(`DROP SCHEMA IF EXISTS telemetry_archive RESTRICT`);
  }
}
