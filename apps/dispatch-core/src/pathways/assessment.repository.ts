import type { AssessmentRecord } from '@feijiu/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

interface Row {
  id: string;
  incident_id: string;
  recorded_at: Date;
  recorded_by: string;
  supersedes: string | null;
  assessment: Record<string, unknown>;
  pathways: AssessmentRecord['pathways'];
}

@Injectable()
export class AssessmentRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(r: Omit<AssessmentRecord, 'id' | 'recordedAt'> & { recordedAt: Date }): Promise<AssessmentRecord> {
    const [row] = (await this.dataSource.query(
      `INSERT INTO assessments (incident_id, recorded_at, recorded_by, supersedes, assessment, pathways)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [r.incidentId, r.recordedAt, r.recordedBy, r.supersedes, JSON.stringify(r.assessment), JSON.stringify(r.pathways)],
    )) as Row[];
    return toRecord(row!);
  }

  async list(incidentId: string): Promise<AssessmentRecord[]> {
    const rows = (await this.dataSource.query('SELECT * FROM assessments WHERE incident_id = $1 ORDER BY recorded_at, id', [incidentId])) as Row[];
    return rows.map(toRecord);
  }

  async latest(incidentId: string): Promise<AssessmentRecord | null> {
    const rows = (await this.dataSource.query(
      'SELECT * FROM assessments WHERE incident_id = $1 ORDER BY recorded_at DESC, id DESC LIMIT 1',
      [incidentId],
    )) as Row[];
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Latest assessment per incident, for quality reports over many incidents. */
  async latestFor(incidentIds: string[]): Promise<Map<string, AssessmentRecord>> {
    if (incidentIds.length === 0) return new Map();
    const rows = (await this.dataSource.query(
      `SELECT DISTINCT ON (incident_id) * FROM assessments WHERE incident_id = ANY($1::uuid[]) ORDER BY incident_id, recorded_at DESC, id DESC`,
      [incidentIds],
    )) as Row[];
    return new Map(rows.map((r) => [r.incident_id, toRecord(r)]));
  }
}

function toRecord(r: Row): AssessmentRecord {
  return {
    id: r.id,
    incidentId: r.incident_id,
    recordedAt: r.recorded_at.toISOString(),
    recordedBy: r.recorded_by,
    supersedes: r.supersedes,
    assessment: r.assessment,
    pathways: r.pathways,
  };
}
