import type { MigrationInterface, QueryRunner } from 'typeorm';

// What the ambulance was doing when it was offered a call: its status then (a declined or expired
// offer gives it back to that: available, or returning on the road) and whether it stood still.
// Only from a standing start does its GPS moving off answer the offer (accept and depart); a
// crew already on the road answers with Accept or an en-route tap. Offers made before this
// migration count as not standing: their crews answer by hand.
export class OfferStandstill1764000710000 implements MigrationInterface {
  name = 'OfferStandstill1764000710000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assignments ADD COLUMN status_before_offer text CHECK (status_before_offer IN ('available','returning'))`);
    await q.query(`ALTER TABLE assignments ADD COLUMN standing_at_offer boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assignments DROP COLUMN standing_at_offer`);
    await q.query(`ALTER TABLE assignments DROP COLUMN status_before_offer`);
  }
}
