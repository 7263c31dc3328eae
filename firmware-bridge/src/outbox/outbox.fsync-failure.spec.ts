import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OutboxSampleSink } from '../pipeline/sample-sink';
import { Outbox, type OutboxOptions } from './outbox';

// A disk that refuses fsync (EIO on a worn SD card, the eMMC gone read-only): what was not made
// durable must not be acknowledged to the monitor (AA would let it forget the message), and the
// bridge must not crash on it. fdatasync is made to fail through a mock of node:fs.

const fsync = vi.hoisted(() => ({ failing: false, calls: 0 }));
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return {
    ...real,
    fdatasyncSync: (fd: number) => {
      fsync.calls++;
      if (fsync.failing) throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
      real.fdatasyncSync(fd);
    },
  };
});

const silent = pino({ level: 'silent' });
const vitalsBody = (value: number) => ({ ts: '2026-11-22T08:00:00.000Z', monitorId: 'm1', obs: [{ code: 'HR' as const, value, unit: '/min' }] });

describe(`${Outbox.name} when fsync fails`, () => {
  let dir: string;
  let outbox: Outbox | null = null;
  const start = (overrides: Partial<OutboxOptions> = {}) => {
    outbox = new Outbox({ dir, maxBytes: 64 * 1024 * 1024, fsyncIntervalMs: 0, logger: silent, ...overrides });
    outbox.start();
    return outbox;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'feijiu-outbox-fsync-'));
    fsync.failing = false;
    fsync.calls = 0;
  });
  afterEach(() => {
    fsync.failing = false;
    outbox?.stop({ hard: true });
    outbox = null;
    vi.useRealTimers();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should refuse a vitals sample it could not fsync, so that the monitor is answered AE, and not burn its seq', () => {
    const sut = start();
    const sink = new OutboxSampleSink(sut, silent);
    fsync.failing = true;
    expect(sink.append('vitals', vitalsBody(80))).toBeNull();
    expect(sink.stats.writeFailures).toBe(1);
    // nothing half-stored waits in the log to be sent beside the monitor's resend
    expect(sut.depth()).toBe(0);
    expect(sut.read('vitals', 1, 10)).toEqual([]);

    fsync.failing = false;
    // the monitor's resend takes the seq the failed one never got to keep
    expect(sink.append('vitals', vitalsBody(80))).toBe(1);
    expect(sut.read('vitals', 1, 10).map((r) => r.seq)).toEqual([1]);
    sut.stop();
    const reopened = start();
    expect(reopened.read('vitals', 1, 10).map((r) => JSON.parse(r.payload.toString('utf8')) as unknown)).toEqual([{ seq: 1, ...vitalsBody(80) }]);
  });

  it('should take back a record whose fsync failed in the segment it opened, and keep the seqs whole after a restart', () => {
    // each record is ~110 bytes: the second one starts a new segment
    const sut = start({ segmentMaxBytes: 150 });
    const sink = new OutboxSampleSink(sut, silent);
    expect(sink.append('vitals', vitalsBody(80))).toBe(1);
    fsync.failing = true;
    expect(sink.append('vitals', vitalsBody(81))).toBeNull();
    fsync.failing = false;
    expect(sink.append('vitals', vitalsBody(81))).toBe(2);
    expect(sink.append('vitals', vitalsBody(82))).toBe(3);
    expect(readdirSync(join(dir, 'vitals')).filter((f) => f.endsWith('.seg')).length).toBeGreaterThan(1);
    sut.stop();
    const reopened = start({ segmentMaxBytes: 150 });
    const values = reopened.read('vitals', 1, 10).map((r) => [r.seq, (JSON.parse(r.payload.toString('utf8')) as { obs: Array<{ value: number }> }).obs[0]!.value]);
    expect(values).toEqual([
      [1, 80],
      [2, 81],
      [3, 82],
    ]);
  });

  it('should not crash when a waveform fsync fails with outboxFsyncMs 0, and retry no sooner than 100 ms', async () => {
    vi.useFakeTimers();
    const sut = start({ fsyncIntervalMs: 0 });
    fsync.failing = true;
    expect(() => sut.append('waveform', (seq) => Buffer.from(JSON.stringify({ seq })))).toThrow(/EIO/);
    // a timer that throws would take the process down: nothing may be left to throw
    await vi.advanceTimersByTimeAsync(1000);
    fsync.failing = false;
    expect(sut.append('waveform', (seq) => Buffer.from(JSON.stringify({ seq })))).toBe(1);
    expect(sut.durableSeq('waveform')).toBe(1);
  });

  it('should retry a failed group fsync of waveform chunks without crashing, and hand them out once it works', async () => {
    vi.useFakeTimers();
    const sut = start({ fsyncIntervalMs: 20 });
    fsync.failing = true;
    expect(sut.append('waveform', (seq) => Buffer.from(JSON.stringify({ seq })))).toBe(1);
    await vi.advanceTimersByTimeAsync(20);
    const failedCalls = fsync.calls;
    expect(sut.durableSeq('waveform')).toBe(0);
    // the retry waits at least 100 ms: a failing disk is not hammered in a loop
    await vi.advanceTimersByTimeAsync(99);
    expect(fsync.calls).toBe(failedCalls);
    fsync.failing = false;
    await vi.advanceTimersByTimeAsync(1);
    expect(sut.durableSeq('waveform')).toBe(1);
    expect(sut.read('waveform', 1, 10).map((r) => r.seq)).toEqual([1]);
  });
});
