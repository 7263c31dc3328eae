import type { Pathway, Prenotice, Team } from '@feijiu/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

interface Row {
  id: string;
  incident_id: string;
  hospital_id: string;
  pathways: Pathway[];
  sent_at: Date;
  sent_by: string;
  eta_sec: number | null;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  escalated_at: Date | null;
  teams_activated: Team[];
  bypass_ed: 'cath_lab' | 'ct' | null;
}

@Injectable()
export class PrenoticeRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(p: { incidentId: string; hospitalId: string; pathways: Pathway[]; sentAt: Date; sentBy: string; etaSec: number | null }): Promise<Prenotice> {
    const [row] = (await this.dataSource.query(
      `INSERT INTO prenotices (incident_id, hospital_id, pathways, sent_at, sent_by, eta_sec) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [p.incidentId, p.hospitalId, JSON.stringify(p.pathways), p.sentAt, p.sentBy, p.etaSec],
    )) as Row[];
    return toPrenotice(row!);
  }

  async find(id: string): Promise<Prenotice | null> {
    const rows = (await this.dataSource.query('SELECT * FROM prenotices WHERE id = $1', [id])) as Row[];
    return rows[0] ? toPrenotice(rows[0]) : null;
  }

  async openFor(hospitalId: string): Promise<Prenotice[]> {
    const rows = (await this.dataSource.query(
      `SELECT p.* FROM prenotices p JOIN incidents i ON i.id = p.incident_id
        WHERE p.hospital_id = $1 AND i.status NOT IN ('closed','cancelled') ORDER BY p.sent_at DESC`,
      [hospitalId],
    )) as Row[];
    return rows.map(toPrenotice);
  }

  /** Sets the acknowledgement once; null when it was acknowledged already. */
  async acknowledge(id: string, at: Date, by: string, teams: Team[], bypassEd: 'cath_lab' | 'ct' | null): Promise<Prenotice | null> {
    const rows = (await this.dataSource.query(
      `UPDATE prenotices SET acknowledged_at = $2, acknowledged_by = $3, teams_activated = $4, bypass_ed = $5
        WHERE id = $1 AND acknowledged_at IS NULL RETURNING *`,
      [id, at, by, teams, bypassEd],
    )) as [Row[], number];
    return rows[0][0] ? toPrenotice(rows[0][0]) : null;
  }

  /** Marks overdue unacknowledged pre-notices escalated and returns them. */
  async escalateOverdue(sentBefore: Date, at: Date): Promise<Prenotice[]> {
    const rows = (await this.dataSource.query(
      `UPDATE prenotices SET escalated_at = $2
        WHERE acknowledged_at IS NULL AND escalated_at IS NULL AND sent_at <= $1 RETURNING *`,
      [sentBefore, at],
    )) as [Row[], number];
    return rows[0].map(toPrenotice);
  }
}

function toPrenotice(r: Row): Prenotice {
  return {
    id: r.id,
    incidentId: r.incident_id,
    hospitalId: r.hospital_id,
    pathways: r.pathways,
    sentAt: r.sent_at.toISOString(),
    sentBy: r.sent_by,
    etaSec: r.eta_sec,
    acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
    acknowledgedBy: r.acknowledged_by,
    escalatedAt: r.escalated_at?.toISOString() ?? null,
    teamsActivated: r.teams_activated,
    bypassEd: r.bypass_ed,
  };
}
