import type { SampleFlag, VitalCode, VitalSource, WaveformLead } from '@feijiu/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { HistoryScope } from './telemetry-access';
import type { PartitionSpec } from './telemetry-partitions';
import type { AttachedPartition, TelemetryTable } from './telemetry-retention';
import type { TelemetryRecord } from './telemetry-records';

export interface VitalRowRecord {
  monitorId: string;
  code: VitalCode;
  value: number;
  unit: string;
  measuredAt: Date;
  receivedAt: Date;
  flags: SampleFlag[];
  channel: string | null;
  source: VitalSource | null;
}

export interface WaveformChunkRecord {
  seq: number;
  monitorId: string;
  measuredAt: Date;
  hz: number;
  leads: WaveformLead[];
  lsbUv: number;
  samples: Buffer;
  flags: SampleFlag[];
  incidentId: string | null;
}

// One statement per batch, so one round trip and atomic without BEGIN/COMMIT: the receipts
// insert decides which messages are new (ON CONFLICT DO NOTHING … RETURNING), and only their
// rows go into vitals_samples / waveform_chunks. Columns travel as arrays (unnest), so the
// statement text and parameter count are the same for every batch size.
const WRITE_BATCH_SQL = `
WITH msg AS (
  SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::bigint[], $5::timestamptz[], $6::timestamptz[], $7::text[], $8::uuid[])
    AS m(idx, vehicle_id, kind, seq, measured_at, received_at, monitor_id, incident_id)
), fresh AS (
  INSERT INTO telemetry_receipts (vehicle_id, kind, seq, measured_at, received_at)
  SELECT vehicle_id, kind, seq, measured_at, received_at FROM msg
  ON CONFLICT DO NOTHING
  RETURNING vehicle_id, kind, seq, measured_at
), fresh_msg AS (
  SELECT msg.* FROM msg JOIN fresh USING (vehicle_id, kind, seq, measured_at)
), vitals AS (
  INSERT INTO vitals_samples (vehicle_id, seq, monitor_id, code, value, unit, measured_at, received_at, flags, incident_id, channel, source)
  SELECT m.vehicle_id, m.seq, m.monitor_id, r.code, r.value, r.unit, r.measured_at, m.received_at, r.flags::text[], m.incident_id,
         r.channel, r.source
    FROM unnest($9::int[], $10::text[], $11::float8[], $12::text[], $13::timestamptz[], $14::text[], $15::text[], $16::text[])
      AS r(idx, code, value, unit, measured_at, flags, channel, source)
    JOIN fresh_msg m ON m.idx = r.idx
), waves AS (
  INSERT INTO waveform_chunks (vehicle_id, seq, monitor_id, measured_at, received_at, hz, leads, lsb_uv, samples, flags, incident_id)
  SELECT m.vehicle_id, m.seq, m.monitor_id, m.measured_at, m.received_at, c.hz, c.leads::text[], c.lsb_uv,
         decode(c.data, 'base64'), c.flags::text[], m.incident_id
    FROM unnest($17::int[], $18::float8[], $19::text[], $20::float8[], $21::text[], $22::text[])
      AS c(idx, hz, leads, lsb_uv, data, flags)
    JOIN fresh_msg m ON m.idx = c.idx
)
SELECT idx FROM fresh_msg`;

/** The only code of the telemetry feature that touches SQL. */
@Injectable()
export class TelemetryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Stores a batch atomically and returns the positions (in `records`) of the messages that were
   * new; the others were stored before (a resend). Keys must be unique within the batch.
   */
  async writeBatch(records: readonly TelemetryRecord[]): Promise<Set<number>> {
    const m = { idx: [] as number[], vehicle: [] as string[], kind: [] as string[], seq: [] as number[] };
    const mt = { measured: [] as string[], received: [] as string[], monitor: [] as string[], incident: [] as (string | null)[] };
    const v = { idx: [] as number[], code: [] as string[], value: [] as number[], unit: [] as string[], measured: [] as string[], flags: [] as string[] };
    const vc = { channel: [] as (string | null)[], source: [] as (string | null)[] };
    const w = { idx: [] as number[], hz: [] as number[], leads: [] as string[], lsbUv: [] as number[], data: [] as string[], flags: [] as string[] };
    records.forEach((r, i) => {
      m.idx.push(i);
      m.vehicle.push(r.vehicleId);
      m.kind.push(r.kind);
      m.seq.push(r.seq);
      mt.measured.push(r.measuredAt.toISOString());
      mt.received.push(r.receivedAt.toISOString());
      mt.monitor.push(r.monitorId);
      mt.incident.push(r.incidentId);
      if (r.kind === 'vitals') {
        for (const row of r.rows) {
          v.idx.push(i);
          v.code.push(row.code);
          v.value.push(row.value);
          v.unit.push(row.unit);
          v.measured.push(row.measuredAt.toISOString());
          v.flags.push(arrayLiteral(row.flags));
          vc.channel.push(row.channel);
          vc.source.push(row.source);
        }
      } else {
        w.idx.push(i);
        w.hz.push(r.hz);
        w.leads.push(arrayLiteral(r.leads));
        w.lsbUv.push(r.lsbUv);
        w.data.push(r.dataBase64);
        w.flags.push(arrayLiteral(r.flags));
      }
    });
    const rows: { idx: number }[] = await this.dataSource.query(WRITE_BATCH_SQL, [
      m.idx, m.vehicle, m.kind, m.seq, mt.measured, mt.received, mt.monitor, mt.incident,
      v.idx, v.code, v.value, v.unit, v.measured, v.flags, vc.channel, vc.source,
      w.idx, w.hz, w.leads, w.lsbUv, w.data, w.flags,
    ]);
    return new Set(rows.map((r) => r.idx));
  }

  /** The newest `limit` rows of the window (all when null), newest first (read backwards along the time index). */
  async findNewestVitals(q: {
    vehicleId: string;
    since: Date;
    until: Date;
    code: VitalCode | null;
    limit: number | null;
    scope: HistoryScope | null;
  }): Promise<VitalRowRecord[]> {
    const rows: {
      monitor_id: string;
      code: VitalCode;
      value: number;
      unit: string;
      measured_at: Date;
      received_at: Date;
      flags: SampleFlag[];
      channel: string | null;
      source: VitalSource | null;
    }[] = await this.dataSource.query(
      `SELECT monitor_id, code, value, unit, measured_at, received_at, flags, channel, source
         FROM vitals_samples
        WHERE vehicle_id = $1 AND measured_at BETWEEN $2 AND $3 AND ($4::text IS NULL OR code = $4)
          AND ${scopeClause(6)}
        ORDER BY measured_at DESC, seq DESC, code DESC, channel DESC
        LIMIT $5`,
      [q.vehicleId, q.since, q.until, q.code, q.limit, ...scopeParams(q.scope)],
    );
    return rows.map((r) => ({
      monitorId: r.monitor_id,
      code: r.code,
      value: r.value,
      unit: r.unit,
      measuredAt: r.measured_at,
      receivedAt: r.received_at,
      flags: r.flags,
      channel: r.channel,
      source: r.source,
    }));
  }

  async findWaveform(q: { vehicleId: string; since: Date; until: Date; scope: HistoryScope | null }): Promise<WaveformChunkRecord[]> {
    const rows: {
      seq: string;
      monitor_id: string;
      measured_at: Date;
      hz: number;
      leads: WaveformLead[];
      lsb_uv: number;
      samples: Buffer;
      flags: SampleFlag[];
      incident_id: string | null;
    }[] = await this.dataSource.query(
      `SELECT seq, monitor_id, measured_at, hz, leads, lsb_uv, samples, flags, incident_id
         FROM waveform_chunks
        WHERE vehicle_id = $1 AND measured_at BETWEEN $2 AND $3 AND ${scopeClause(4)}
        ORDER BY measured_at, seq`,
      [q.vehicleId, q.since, q.until, ...scopeParams(q.scope)],
    );
    return rows.map((r) => ({
      seq: Number(r.seq),
      monitorId: r.monitor_id,
      measuredAt: r.measured_at,
      hz: r.hz,
      leads: r.leads,
      lsbUv: r.lsb_uv,
      samples: r.samples,
      flags: r.flags,
      incidentId: r.incident_id,
    }));
  }

  /** Creates the partition unless it exists (moving strays out of DEFAULT); true when created. */
  async ensurePartition(p: PartitionSpec): Promise<boolean> {
    const [row] = (await this.dataSource.query(`SELECT telemetry_ensure_partition($1, $2, $3, $4) AS created`, [
      p.parent,
      p.name,
      p.from.toISOString(),
      p.to.toISOString(),
    ])) as { created: boolean }[];
    return row?.created ?? false;
  }

  /** Every partition attached to the three telemetry tables, with the end of its range. */
  async listPartitions(): Promise<AttachedPartition[]> {
    const rows = (await this.dataSource.query(LIST_PARTITIONS_SQL)) as { parent: TelemetryTable; name: string; to: Date | null }[];
    return rows.map((r) => ({ parent: r.parent, name: r.name, to: r.to }));
  }

  /**
   * Detaches one partition into the telemetry_archive schema (never drops it) and runs `alsoDo`
   * (the audit entry) in the same transaction. Null when it was not attached any more.
   */
  async archivePartition(
    parent: TelemetryTable,
    name: string,
    alsoDo: (archived: ArchivedPartition, manager: EntityManager) => Promise<void>,
  ): Promise<ArchivedPartition | null> {
    return this.dataSource.transaction(async (m) => {
      // DETACH waits for an exclusive lock on the table: give up (and retry next run) rather
      // than hold every telemetry insert queued behind a long history read
      await m.query(`SET LOCAL lock_timeout = '5s'`);
      const [size] = (await m.query(
        `SELECT reltuples::float8 AS rows, pg_total_relation_size(oid)::float8 AS bytes FROM pg_class WHERE oid = to_regclass($1)`,
        [name],
      )) as { rows: number; bytes: number }[];
      const [row] = (await m.query(`SELECT telemetry_archive_partition($1, $2) AS archived_as`, [parent, name])) as { archived_as: string | null }[];
      if (!row?.archived_as) return null;
      const archived = { archivedAs: row.archived_as, rowsEstimate: size && size.rows >= 0 ? Math.round(size.rows) : null, bytes: Number(size?.bytes ?? 0) };
      await alsoDo(archived, m);
      return archived;
    });
  }

  /** What waits in telemetry_archive for the operator to dump and drop. */
  async archiveBacklog(): Promise<{ tables: number; bytes: number }> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS tables, coalesce(sum(pg_total_relation_size(c.oid)), 0)::float8 AS bytes
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'telemetry_archive' AND c.relkind = 'r'`,
    )) as { tables: number; bytes: number }[];
    return { tables: row?.tables ?? 0, bytes: Number(row?.bytes ?? 0) };
  }
}

export interface ArchivedPartition {
  /** schema-qualified name in telemetry_archive */
  archivedAs: string;
  /** the planner's row estimate (null before the table was ever analysed) */
  rowsEstimate: number | null;
  bytes: number;
}

// The exclusive upper bound from a range partition's bound expression; NULL for DEFAULT.
const LIST_PARTITIONS_SQL = `
SELECT p.relname AS parent, c.relname AS name,
       (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''([^'']+)''\\)'))[1]::timestamptz AS "to"
  FROM pg_inherits i
  JOIN pg_class c ON c.oid = i.inhrelid
  JOIN pg_class p ON p.oid = i.inhparent
 WHERE i.inhparent IN ('telemetry_receipts'::regclass, 'vitals_samples'::regclass, 'waveform_chunks'::regclass)`;

/**
 * The rows a scoped reader may see (HistoryScope): bound to the vehicle's current incident or to
 * an incident going to the reader's hospital. `incidents` is dispatch's table, read here as the
 * pathways repositories read it; takes two parameters from `$first` (scopeParams).
 */
export function scopeClause(first: number): string {
  return `($${first}::text IS NULL OR incident_id = $${first + 1}::uuid
           OR incident_id IN (SELECT id FROM incidents WHERE destination_hospital_id = $${first}::text))`;
}

export function scopeParams(scope: HistoryScope | null): [string | null, string | null] {
  return scope === null ? [null, null] : [scope.hospitalId, scope.currentIncidentId];
}

// An element of a text[] parameter that SQL casts to text[] itself (flags, leads: enum values,
// no quoting needed).
function arrayLiteral(values: readonly string[]): string {
  return `{${values.join(',')}}`;
}
