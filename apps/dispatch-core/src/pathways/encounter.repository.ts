import type { ChecklistItem, Encounter } from '@feijiu/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

interface Row {
  id: string;
  number: string;
  incident_id: string;
  hospital_id: string;
  created_at: Date;
  checklist: Encounter['checklist'];
}

@Injectable()
export class EncounterRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Creates the encounter once per (incident, hospital); returns null when it existed. */
  async insertOnce(incidentId: string, hospitalId: string, day: string, at: Date, items: ChecklistItem[]): Promise<Encounter | null> {
    const checklist = items.map((item) => ({ item, done: false, doneAt: null, doneBy: null }));
    const rows = (await this.dataSource.query(
      `INSERT INTO encounters (number, incident_id, hospital_id, created_at, checklist)
       VALUES ('ZY' || $1 || lpad(nextval('encounter_number_seq')::text, 4, '0'), $2, $3, $4, $5)
       ON CONFLICT (incident_id, hospital_id) DO NOTHING RETURNING *`,
      [day, incidentId, hospitalId, at, JSON.stringify(checklist)],
    )) as Row[];
    return rows[0] ? toEncounter(rows[0]) : null;
  }

  async find(id: string): Promise<Encounter | null> {
    const rows = (await this.dataSource.query('SELECT * FROM encounters WHERE id = $1', [id])) as Row[];
    return rows[0] ? toEncounter(rows[0]) : null;
  }

  async openForIncident(incidentId: string): Promise<Encounter[]> {
    const rows = (await this.dataSource.query('SELECT * FROM encounters WHERE incident_id = $1', [incidentId])) as Row[];
    return rows.map(toEncounter);
  }

  async openFor(hospitalId: string): Promise<Encounter[]> {
    const rows = (await this.dataSource.query(
      `SELECT e.* FROM encounters e JOIN incidents i ON i.id = e.incident_id
        WHERE e.hospital_id = $1 AND i.status NOT IN ('closed','cancelled') ORDER BY e.created_at DESC`,
      [hospitalId],
    )) as Row[];
    return rows.map(toEncounter);
  }

  async saveChecklist(id: string, checklist: Encounter['checklist']): Promise<Encounter> {
    const [rows] = (await this.dataSource.query('UPDATE encounters SET checklist = $2 WHERE id = $1 RETURNING *', [id, JSON.stringify(checklist)])) as [Row[], number];
    return toEncounter(rows[0]!);
  }
}

function toEncounter(r: Row): Encounter {
  return { id: r.id, number: r.number, incidentId: r.incident_id, hospitalId: r.hospital_id, createdAt: r.created_at.toISOString(), checklist: r.checklist };
}
