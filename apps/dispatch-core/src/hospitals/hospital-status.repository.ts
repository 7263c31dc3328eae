import type { HospitalLiveStatus } from '@feijiu/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

interface Row {
  hospital_id: string;
  cath_lab_busy: boolean;
  ct_down: boolean;
  on_diversion: boolean;
  note: string | null;
  updated_at: Date;
  updated_by: string;
}

@Injectable()
export class HospitalStatusRepository {
  constructor(private readonly dataSource: DataSource) {}

  async all(): Promise<Map<string, HospitalLiveStatus>> {
    const rows = (await this.dataSource.query('SELECT * FROM hospital_status')) as Row[];
    return new Map(rows.map((r) => [r.hospital_id, toStatus(r)]));
  }

  async upsert(s: Omit<HospitalLiveStatus, 'updatedAt'> & { updatedAt: Date }): Promise<HospitalLiveStatus> {
    const [row] = (await this.dataSource.query(
      `INSERT INTO hospital_status (hospital_id, cath_lab_busy, ct_down, on_diversion, note, updated_at, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (hospital_id) DO UPDATE SET cath_lab_busy = $2, ct_down = $3, on_diversion = $4, note = $5, updated_at = $6, updated_by = $7
       RETURNING *`,
      [s.hospitalId, s.cathLabBusy, s.ctDown, s.onDiversion, s.note, s.updatedAt, s.updatedBy],
    )) as Row[];
    return toStatus(row!);
  }
}

function toStatus(r: Row): HospitalLiveStatus {
  return {
    hospitalId: r.hospital_id,
    cathLabBusy: r.cath_lab_busy,
    ctDown: r.ct_down,
    onDiversion: r.on_diversion,
    note: r.note,
    updatedAt: r.updated_at.toISOString(),
    updatedBy: r.updated_by,
  };
}
