import { Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import type { VehicleStatus } from '@feijiu/contracts';
import { VehicleEntity } from './vehicle.entity';

export interface GpsFixRow {
  vehicleId: string;
  seq: number;
  measuredAt: Date;
  receivedAt: Date;
  lat: number;
  lon: number;
  speedMps: number | null;
  headingDeg: number | null;
}

@Injectable()
export class VehicleRepository {
  private readonly repo: Repository<VehicleEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.repo = dataSource.getRepository(VehicleEntity);
  }

  list(): Promise<VehicleEntity[]> {
    return this.repo.find({ order: { id: 'ASC' } });
  }

  findById(id: string): Promise<VehicleEntity | null> {
    return this.repo.findOneBy({ id });
  }

  async upsertMany(rows: Pick<VehicleEntity, 'id' | 'callSign' | 'plate' | 'type' | 'status' | 'stationId'>[]): Promise<void> {
    await this.repo.upsert(rows, { conflictPaths: ['id'] });
  }

  /**
   * Moves a vehicle to `to` only if it is still in one of `from` (optimistic: of two concurrent
   * changes exactly one wins). Returns the previous status, or null when it had moved on.
   */
  async compareAndSetStatus(id: string, from: readonly VehicleStatus[], to: VehicleStatus): Promise<VehicleStatus | null> {
    const rows = (await this.dataSource.query(
      `UPDATE vehicles v SET status = $3, updated_at = now()
         FROM (SELECT id, status FROM vehicles WHERE id = $1 FOR UPDATE) old
        WHERE v.id = old.id AND old.status = ANY($2::text[])
        RETURNING old.status AS previous`,
      [id, from, to],
    )) as [{ previous: VehicleStatus }[], number];
    return rows[0][0]?.previous ?? null;
  }

  /** The vehicle's fixes in the `windowSec` up to its latest one, newest first. */
  async recentTrack(id: string, windowSec: number): Promise<{ lat: number; lon: number; speedMps: number | null; measuredAt: Date }[]> {
    const rows = (await this.dataSource.query(
      `SELECT p.lat, p.lon, p.speed_mps, p.measured_at
         FROM vehicle_positions p JOIN vehicles v ON v.id = p.vehicle_id
        WHERE p.vehicle_id = $1 AND p.measured_at BETWEEN v.last_measured_at - make_interval(secs => $2) AND v.last_measured_at
        ORDER BY p.measured_at DESC LIMIT 600`,
      [id, windowSec],
    )) as { lat: number; lon: number; speed_mps: number | null; measured_at: Date }[];
    return rows.map((r) => ({ lat: r.lat, lon: r.lon, speedMps: r.speed_mps, measuredAt: r.measured_at }));
  }

  /**
   * Stores a fix once per (vehicle, seq) and moves the vehicle's latest position only when the
   * fix is newer than the one it has. Returns the vehicle when its latest position changed.
   */
  async recordFix(fix: GpsFixRow): Promise<VehicleEntity | null> {
    return this.dataSource.transaction(async (tx) => {
      const inserted: unknown[] = await tx.query(
        `INSERT INTO vehicle_positions (vehicle_id, seq, measured_at, received_at, lat, lon, speed_mps, heading_deg)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (vehicle_id, seq) DO NOTHING RETURNING id`,
        [fix.vehicleId, fix.seq, fix.measuredAt, fix.receivedAt, fix.lat, fix.lon, fix.speedMps, fix.headingDeg],
      );
      if (inserted.length === 0) return null; // a resend: stored already
      const [rows] = (await tx.query(
        `UPDATE vehicles SET last_lat = $2, last_lon = $3, last_speed_mps = $4, last_heading_deg = $5,
                last_measured_at = $6, updated_at = now()
          WHERE id = $1 AND (last_measured_at IS NULL OR last_measured_at < $6)
          RETURNING id`,
        [fix.vehicleId, fix.lat, fix.lon, fix.speedMps, fix.headingDeg, fix.measuredAt],
      )) as [unknown[], number];
      if (rows.length === 0) return null;
      return tx.getRepository(VehicleEntity).findOneBy({ id: fix.vehicleId });
    });
  }
}
