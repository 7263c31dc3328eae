import { buildVehicleTopic, VitalRowListSchema, WaveformSampledEventSchema } from '@feijiu/contracts';
import mqtt, { type MqttClient } from 'mqtt';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelemetryRetentionService } from '../../src/telemetry/telemetry-retention.service';
import { TelemetryRepository } from '../../src/telemetry/telemetry.repository';
import { DEMO_PASSWORD, type Harness, startHarness } from './support/core-harness';

// Retention on the real database: partitions past FEIJIU_*_RETENTION_DAYS leave the live tables
// whole, into the telemetry_archive schema, audited; nothing is dropped and nothing is lost.
describe(TelemetryRetentionService.name, () => {
  const VEHICLE = 'lh-09';
  // January 2001: far past any retention, and no other test writes there
  const OLD_DAY = '2001-01-10';
  const OLD = [
    { parent: 'telemetry_receipts', name: 'telemetry_receipts_p200101', from: '2001-01-01', to: '2001-02-01' },
    { parent: 'vitals_samples', name: 'vitals_samples_p200101', from: '2001-01-01', to: '2001-02-01' },
    { parent: 'waveform_chunks', name: 'waveform_chunks_p20010110', from: '2001-01-10', to: '2001-01-11' },
  ] as const;
  let sut: TelemetryRetentionService;
  let harness: Harness;
  let db: DataSource;
  let gateway: MqttClient;
  let token: string;
  let seq = Date.now();

  const waitFor = async <T>(probe: () => Promise<T | null | false>, what: string): Promise<T> => {
    for (let i = 0; i < 200; i++) {
      const v = await probe();
      if (v) return v;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const history = async (kind: 'vitals' | 'waveform', since: string, until: string) => {
    const res = await harness.api(`/api/v1/vehicles/${VEHICLE}/${kind}?since=${since}&until=${until}`, { token });
    expect(res.status).toBe(200);
    const body: unknown = await res.json();
    return kind === 'vitals' ? VitalRowListSchema.parse(body).length : WaveformSampledEventSchema.array().parse(body).length;
  };
  const oldVitals = (hms: string) =>
    gateway.publishAsync(
      buildVehicleTopic(VEHICLE, 'vitals'),
      JSON.stringify({ seq: ++seq, ts: `${OLD_DAY}T${hms}.000Z`, monitorId: 'm1', obs: [{ code: 'HR', value: 88, unit: '/min' }, { code: 'SPO2', value: 95, unit: '%' }] }),
      { qos: 1 },
    );
  const oldChunk = (hms: string) =>
    gateway.publishAsync(
      buildVehicleTopic(VEHICLE, 'waveform'),
      JSON.stringify({ seq: ++seq, t0: `${OLD_DAY}T${hms}.000Z`, monitorId: 'm1', hz: 500, leads: ['II'], lsbUv: 5, data: Buffer.alloc(200, 1).toString('base64') }),
      { qos: 1 },
    );
  const archiveTables = async () =>
    ((await db.query(`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'telemetry_archive' AND c.relkind = 'r'`)) as {
      name: string;
    }[]).map((r) => r.name);

  beforeAll(async () => {
    harness = await startHarness({ FEIJIU_VITALS_RETENTION_DAYS: '400', FEIJIU_WAVEFORM_RETENTION_DAYS: '30' });
    sut = harness.core.app.get(TelemetryRetentionService);
    db = harness.core.app.get(DataSource);
    token = await harness.login('dispatcher');
    // the pass started at boot, out of the way (nothing of this test exists yet)
    expect(await sut.run()).toEqual([]);
    // the partitions a core running in January 2001 would have made
    const repo = harness.core.app.get(TelemetryRepository);
    for (const p of OLD) await repo.ensurePartition({ parent: p.parent, name: p.name, from: new Date(`${p.from}T00:00:00Z`), to: new Date(`${p.to}T00:00:00Z`) });
    gateway = await mqtt.connectAsync(harness.mqttUrl, { username: VEHICLE, password: DEMO_PASSWORD, protocolVersion: 4 });
    await oldVitals('08:00:00');
    await oldVitals('08:00:01');
    await oldChunk('08:00:00');
    await oldChunk('08:00:01');
    await waitFor(async () => (await history('vitals', `${OLD_DAY}T00:00:00Z`, `${OLD_DAY}T23:59:59Z`)) === 4, 'old vitals stored');
    await waitFor(async () => (await history('waveform', `${OLD_DAY}T07:59:59Z`, `${OLD_DAY}T08:00:02Z`)) === 2, 'old waveforms stored');
  });

  afterAll(async () => {
    await gateway?.endAsync();
    await harness?.stop();
  });

  it('should move only the partitions past their retention into telemetry_archive, with every row', async () => {
    const outcome = await sut.run();

    expect(outcome.map((o) => o.archivedAs).sort()).toEqual(OLD.map((p) => `telemetry_archive.${p.name}`).sort());
    expect(await archiveTables()).toEqual(expect.arrayContaining(OLD.map((p) => p.name)));
    // the rows are all there, in the archive
    const count = async (table: string) =>
      Number(((await db.query(`SELECT count(*) FROM telemetry_archive.${table} WHERE vehicle_id = $1`, [VEHICLE])) as { count: string }[])[0]!.count);
    expect(await count('vitals_samples_p200101')).toBe(4);
    expect(await count('waveform_chunks_p20010110')).toBe(2);
    expect(await count('telemetry_receipts_p200101')).toBe(4);
    // … and no longer in the live tables the history reads
    expect(await history('vitals', `${OLD_DAY}T00:00:00Z`, `${OLD_DAY}T23:59:59Z`)).toBe(0);
    // the partitions the core keeps around now are untouched
    const attached = (await harness.core.app.get(TelemetryRepository).listPartitions()).map((p) => p.name);
    const month = new Date().toISOString().slice(0, 7).replace('-', '');
    expect(attached).toEqual(expect.arrayContaining([`vitals_samples_p${month}`, `telemetry_receipts_p${month}`, 'vitals_samples_default']));
    expect(attached).not.toEqual(expect.arrayContaining(['vitals_samples_p200101']));
  });

  it('should write an audit entry per archived partition, by the retention job, saying nothing was dropped', async () => {
    const rows = (await db.query(
      `SELECT actor, action, entity_id, before, after FROM audit_log WHERE entity = 'telemetry_partition' AND entity_id = ANY($1) ORDER BY id`,
      [OLD.map((p) => p.name)],
    )) as { actor: string; action: string; entity_id: string; before: { retentionDays: number; measuredBefore: string }; after: { archivedAs: string; dropped: boolean } }[];

    expect(rows.map((r) => r.entity_id).sort()).toEqual(OLD.map((p) => p.name).sort());
    for (const r of rows) {
      expect(r).toMatchObject({ actor: 'system:telemetry-retention', action: 'archive', after: { archivedAs: `telemetry_archive.${r.entity_id}`, dropped: false } });
    }
    expect(rows.find((r) => r.entity_id === 'waveform_chunks_p20010110')!.before).toMatchObject({ retentionDays: 30, measuredBefore: '2001-01-11T00:00:00.000Z' });
  });

  it('should still store a sample that arrives late for an archived range, and archive nothing more on the next run', async () => {
    await oldVitals('09:00:00');
    await waitFor(async () => (await history('vitals', `${OLD_DAY}T08:30:00Z`, `${OLD_DAY}T09:30:00Z`)) === 2, 'late vitals stored');

    const again = await sut.run();

    expect(again).toEqual([]);
    expect(await history('vitals', `${OLD_DAY}T08:30:00Z`, `${OLD_DAY}T09:30:00Z`)).toBe(2);
  });
});
