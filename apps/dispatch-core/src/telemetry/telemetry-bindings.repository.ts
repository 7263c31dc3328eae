import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A vehicle's binding to one incident, as stored: open (endedAt null) while it carries that patient. */
export interface StoredBinding {
  incidentId: string;
  startedAt: Date;
  endedAt: Date | null;
}

/** The only code that touches telemetry_bindings. */
@Injectable()
export class TelemetryBindingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The vehicle carries `incidentId` from `at`: ends its open binding to another incident there and
   * opens this one, unless it is open already (a binding restored after a restart keeps its start).
   * Returns the open binding's start.
   */
  async bind(vehicleId: string, incidentId: string, at: Date): Promise<Date> {
    return this.dataSource.transaction(async (m) => {
      await m.query(
        `UPDATE telemetry_bindings SET ended_at = greatest(started_at, $3)
          WHERE vehicle_id = $1 AND ended_at IS NULL AND incident_id <> $2`,
        [vehicleId, incidentId, at],
      );
      await m.query(
        `INSERT INTO telemetry_bindings (vehicle_id, incident_id, started_at) VALUES ($1, $2, $3)
         ON CONFLICT (vehicle_id) WHERE ended_at IS NULL DO NOTHING`,
        [vehicleId, incidentId, at],
      );
      const [open] = (await m.query(`SELECT started_at FROM telemetry_bindings WHERE vehicle_id = $1 AND ended_at IS NULL`, [vehicleId])) as {
        started_at: Date;
      }[];
      return open?.started_at ?? at;
    });
  }

  /** The vehicle carries no patient from `at`. */
  async release(vehicleId: string, at: Date): Promise<void> {
    await this.dataSource.query(`UPDATE telemetry_bindings SET ended_at = greatest(started_at, $2) WHERE vehicle_id = $1 AND ended_at IS NULL`, [
      vehicleId,
      at,
    ]);
  }

  /** The binding the vehicle had at `at` (start inclusive, end exclusive), or null. */
  async findAt(vehicleId: string, at: Date): Promise<StoredBinding | null> {
    const [row] = (await this.dataSource.query(
      `SELECT incident_id, started_at, ended_at FROM telemetry_bindings
        WHERE vehicle_id = $1 AND started_at <= $2 AND (ended_at IS NULL OR ended_at > $2)
        ORDER BY started_at DESC LIMIT 1`,
      [vehicleId, at],
    )) as { incident_id: string; started_at: Date; ended_at: Date | null }[];
    return row ? { incidentId: row.incident_id, startedAt: row.started_at, endedAt: row.ended_at } : null;
  }
}
