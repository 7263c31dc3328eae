import type { MigrationInterface, QueryRunner } from 'typeorm';

// What the call-taker records about the caller and the patient. Age and sex go to the crew and
// the ER as they are; the names (and the caller's phone) reach them masked — the API masks them
// by role (incidents/incident-disclosure.ts), the database keeps them whole for the dispatch centre.
export class CallPatient1764000310000 implements MigrationInterface {
  name = 'CallPatient1764000310000';

  async up(q: QueryRunner): Promise<void> {
    // age as double precision: `real` refuses tiny values the contract admits (5e-324 → a 500)
    await q.query(`
      ALTER TABLE incidents
        ADD COLUMN caller_name text,
        ADD COLUMN patient_name text,
        ADD COLUMN patient_sex text CHECK (patient_sex IN ('male', 'female')),
        ADD COLUMN patient_age_years double precision CHECK (patient_age_years >= 0 AND patient_age_years <= 130)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE incidents DROP COLUMN caller_name, DROP COLUMN patient_name, DROP COLUMN patient_sex, DROP COLUMN patient_age_years`);
  }
}
