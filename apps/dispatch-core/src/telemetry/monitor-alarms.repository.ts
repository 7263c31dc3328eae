import type { AlarmPriority, AlarmState, SampleFlag, VitalCode } from '@feijiu/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { MonitorAlarmRecord } from './monitor-alarm-records';
import type { HistoryScope } from './telemetry-access';
import { scopeClause, scopeParams } from './telemetry.repository';

interface AlarmRow {
  vehicle_id: string;
  seq: string;
  measured_at: Date;
  received_at: Date;
  monitor_id: string;
  code: string | null;
  name: string;
  text: string | null;
  priority: AlarmPriority | null;
  technical: boolean;
  state: AlarmState;
  phase: string | null;
  vital_code: VitalCode | null;
  vital_value: number | null;
  vital_unit: string | null;
  flags: SampleFlag[];
  incident_id: string | null;
}

/** The only code that touches monitor_alarms. */
@Injectable()
export class MonitorAlarmsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores the alarm unless this (vehicle, seq, measured time) is stored already; true when it was new. */
  async insert(r: MonitorAlarmRecord): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO monitor_alarms (vehicle_id, seq, measured_at, received_at, monitor_id, code, name, text, priority, technical,
                                   state, phase, vital_code, vital_value, vital_unit, flags, incident_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::text[], $17)
       ON CONFLICT DO NOTHING RETURNING seq`,
      [
        r.vehicleId, r.seq, r.measuredAt, r.receivedAt, r.monitorId, r.code, r.name, r.text, r.priority, r.technical,
        r.state, r.phase, r.vital?.code ?? null, r.vital?.value ?? null, r.vital?.unit ?? null, r.flags, r.incidentId,
      ],
    );
    return rows.length > 0;
  }

  /** The newest `limit` alarms of the window (all when null), newest first (read backwards along the time index). */
  async findNewest(q: { vehicleId: string; since: Date; until: Date; limit: number | null; scope: HistoryScope | null }): Promise<MonitorAlarmRecord[]> {
    const rows: AlarmRow[] = await this.dataSource.query(
      `SELECT * FROM monitor_alarms
        WHERE vehicle_id = $1 AND measured_at BETWEEN $2 AND $3 AND ${scopeClause(5)}
        ORDER BY measured_at DESC, seq DESC
        LIMIT $4`,
      [q.vehicleId, q.since, q.until, q.limit, ...scopeParams(q.scope)],
    );
    return rows.map((r) => ({
      vehicleId: r.vehicle_id,
      seq: Number(r.seq),
      monitorId: r.monitor_id,
      measuredAt: r.measured_at,
      receivedAt: r.received_at,
      incidentId: r.incident_id,
      code: r.code === null ? null : Number(r.code),
      name: r.name,
      text: r.text,
      priority: r.priority,
      technical: r.technical,
      state: r.state,
      phase: r.phase,
      vital: r.vital_code === null ? null : { code: r.vital_code, value: r.vital_value, unit: r.vital_unit },
      flags: r.flags,
    }));
  }
}
