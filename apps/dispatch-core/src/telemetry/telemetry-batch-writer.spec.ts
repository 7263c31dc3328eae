import { describe, expect, it } from 'vitest';
import { type BatchStore, TelemetryBatchWriter } from './telemetry-batch-writer';
import { recordKey, type TelemetryRecord, toVitalsRecord } from './telemetry-records';

const at = new Date('2026-11-22T10:00:00.000Z');
const vitals = (seq: number, value = 80): TelemetryRecord =>
  toVitalsRecord('lh-01', { seq, ts: at.toISOString(), monitorId: 'm', obs: [{ code: 'HR', value, unit: '/min' }] }, at, 30, null);

/** An in-memory store with the database's dedupe rule and scriptable failures. */
class FakeStore implements BatchStore {
  readonly keys = new Set<string>();
  readonly batches: number[] = [];
  failures: Error[] = [];
  async writeBatch(records: readonly TelemetryRecord[]): Promise<Set<number>> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    const refused = records.find((r) => r.kind === 'vitals' && r.rows.some((x) => Number.isNaN(x.value)));
    if (refused) throw Object.assign(new Error('invalid input'), { code: '22P02' });
    this.batches.push(records.length);
    const fresh = new Set<number>();
    records.forEach((r, i) => {
      if (this.keys.has(recordKey(r))) return;
      this.keys.add(recordKey(r));
      fresh.add(i);
    });
    return fresh;
  }
}

const make = (store: FakeStore, log: string[] = []) =>
  new TelemetryBatchWriter(
    store,
    {
      committed: (records, fresh) => log.push(`committed ${records.length} fresh ${fresh.filter(Boolean).length}`),
      retrying: () => log.push('retrying'),
      refused: (r) => log.push(`refused ${r.seq}`),
    },
    { flushIntervalMs: 5, maxBatchMessages: 100, maxRetryDelayMs: 10 },
  );

describe(TelemetryBatchWriter.name, () => {
  it('should store messages that arrive together in one batch and report a resend as not fresh', async () => {
    const store = new FakeStore();
    const sut = make(store);
    const outcomes = await Promise.all([sut.enqueue(vitals(1)), sut.enqueue(vitals(2)), sut.enqueue(vitals(1))]);
    expect(outcomes).toEqual([true, true, false]);
    expect(store.batches).toEqual([2]);
    expect(await sut.enqueue(vitals(2))).toBe(false);
  });

  it('should keep messages pending through a database outage and store them after it', async () => {
    const store = new FakeStore();
    const log: string[] = [];
    const sut = make(store, log);
    store.failures = [Object.assign(new Error('terminating connection'), { code: '57P01' }), new Error('connect ECONNREFUSED')];
    expect(await Promise.all([sut.enqueue(vitals(10)), sut.enqueue(vitals(11))])).toEqual([true, true]);
    expect(log).toEqual(['retrying', 'retrying', 'committed 2 fresh 2']);
  });

  it('should reject only the message the database refuses and store the rest of its batch', async () => {
    const store = new FakeStore();
    const log: string[] = [];
    const sut = make(store, log);
    const results = await Promise.allSettled([sut.enqueue(vitals(20)), sut.enqueue(vitals(21, Number.NaN)), sut.enqueue(vitals(22))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(log).toContain('refused 21');
    expect(store.keys.size).toBe(2);
  });

  it('should write what is pending when stopped', async () => {
    const store = new FakeStore();
    const sut = make(store);
    const stored = sut.enqueue(vitals(30));
    await sut.stop();
    expect(store.keys.size).toBe(1);
    expect(await stored).toBe(true);
  });
});
