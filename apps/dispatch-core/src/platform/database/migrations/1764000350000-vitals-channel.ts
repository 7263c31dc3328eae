import type { MigrationInterface, QueryRunner } from 'typeorm';

// Each vitals row keeps the monitor's sub-id of the measurement (HL7 OBX-4, e.g. Comen's two SpO2
// probes 1.3.1.150456 / 1.3.2.150456) and, for a pulse rate, what it was counted from (spo2,
// nibp). Both nullable: rows of gateways that do not send them, and every row before this.
// Neither joins the exactly-once key: that is the MQTT message's (vehicle, kind, seq, measured
// time) in telemetry_receipts, and a resent message's rows are skipped whole, channels and all.
// On the partitioned parent, so every partition (and DEFAULT) gets the columns; no default and no
// CHECK (the contract validates `source` on the way in), so no partition is rewritten or scanned.
export class VitalsChannel1764000350000 implements MigrationInterface {
  name = 'VitalsChannel1764000350000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE vitals_samples ADD COLUMN channel text, ADD COLUMN source text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE vitals_samples DROP COLUMN channel, DROP COLUMN source`);
  }
}
