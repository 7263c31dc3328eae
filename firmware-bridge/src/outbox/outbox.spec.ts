import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Outbox, type OutboxOptions, type OutboxTopic } from './outbox';
import { encodeRecord } from './record';

const silent = pino({ level: 'silent' });
const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const parse = (payload: Buffer) => JSON.parse(payload.toString('utf8')) as Record<string, unknown>;

describe(Outbox.name, () => {
  let dir: string;
  const open: Outbox[] = [];

  const startOutbox = (overrides: Partial<OutboxOptions> = {}) => {
    const sut = new Outbox({ dir, maxBytes: 64 * 1024 * 1024, fsyncIntervalMs: 0, logger: silent, ...overrides });
    const recovery = sut.start();
    open.push(sut);
    return { sut, recovery };
  };
  const appendN = (sut: Outbox, topic: OutboxTopic, n: number, extra: Record<string, unknown> = {}) => {
    const seqs: number[] = [];
    for (let i = 0; i < n; i++) seqs.push(sut.append(topic, (seq) => json({ seq, i, ...extra })));
    return seqs;
  };
  const readAll = (sut: Outbox, topic: OutboxTopic, from = 1) => sut.read(topic, from, 1_000_000);
  const segmentFiles = (topic: OutboxTopic) =>
    readdirSync(join(dir, topic))
      .filter((f) => f.endsWith('.seg'))
      .sort()
      .map((f) => join(dir, topic, f));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'feijiu-outbox-'));
  });
  afterEach(() => {
    for (const o of open.splice(0)) o.stop({ hard: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('should return appended records in order with seq from 1 when read back', () => {
    const { sut } = startOutbox();
    expect(appendN(sut, 'vitals', 3)).toEqual([1, 2, 3]);
    expect(appendN(sut, 'gps', 2)).toEqual([1, 2]);
    expect(readAll(sut, 'vitals').map((r) => parse(r.payload))).toEqual([
      { seq: 1, i: 0 },
      { seq: 2, i: 1 },
      { seq: 3, i: 2 },
    ]);
    expect(sut.depth()).toBe(5);
  });

  it('should resume after the ack cursor and keep counting seq when reopened', () => {
    const first = startOutbox().sut;
    appendN(first, 'vitals', 5);
    first.ack('vitals', 3);
    first.stop();

    const { sut, recovery } = startOutbox();
    expect(recovery.pending.vitals).toBe(2);
    expect(readAll(sut, 'vitals', sut.ackedSeq('vitals') + 1).map((r) => r.seq)).toEqual([4, 5]);
    expect(appendN(sut, 'vitals', 1)).toEqual([6]);
  });

  it('should never reuse a seq when every record was acked and its segments deleted', () => {
    const first = startOutbox({ segmentMaxBytes: 200 }).sut;
    appendN(first, 'gps', 10);
    first.ack('gps', 10);
    expect(segmentFiles('gps')).toHaveLength(1);
    first.stop();

    const { sut, recovery } = startOutbox({ segmentMaxBytes: 200 });
    expect(recovery.pending.gps).toBe(0);
    expect(appendN(sut, 'gps', 1)).toEqual([11]);
  });

  it('should skip a torn last record and append after the last whole one when reopened', () => {
    const first = startOutbox().sut;
    appendN(first, 'vitals', 3);
    first.stop();
    // a power cut in the middle of the 4th write: its first 27 bytes reached the disk
    const [active] = segmentFiles('vitals');
    appendFileSync(active!, encodeRecord(4, json({ seq: 4, i: 3 })).subarray(0, 27));

    const { sut, recovery } = startOutbox();
    expect(recovery.tornBytes).toBe(27);
    expect(appendN(sut, 'vitals', 1, { after: 'crash' })).toEqual([4]);
    expect(readAll(sut, 'vitals').map((r) => parse(r.payload))).toEqual([
      { seq: 1, i: 0 },
      { seq: 2, i: 1 },
      { seq: 3, i: 2 },
      { seq: 4, i: 0, after: 'crash' },
    ]);
  });

  it('should drop only the cut record when the file is truncated mid-record (kill during append)', () => {
    const first = startOutbox().sut;
    appendN(first, 'waveform', 3);
    first.stop({ hard: true });
    const [active] = segmentFiles('waveform');
    truncateSync(active!, statSync(active!).size - 5);

    const { sut, recovery } = startOutbox();
    expect(recovery.tornBytes).toBeGreaterThan(0);
    expect(readAll(sut, 'waveform').map((r) => r.seq)).toEqual([1, 2]);
    expect(appendN(sut, 'waveform', 1)).toEqual([3]);
  });

  it('should cut a zero-filled tail left by a power cut', () => {
    const first = startOutbox().sut;
    appendN(first, 'gps', 2);
    first.stop();
    const [active] = segmentFiles('gps');
    appendFileSync(active!, Buffer.alloc(4096));

    const { sut, recovery } = startOutbox();
    expect(recovery.tornBytes).toBe(4096);
    expect(readAll(sut, 'gps').map((r) => r.seq)).toEqual([1, 2]);
  });

  it('should skip a damaged record and deliver the ones after it', () => {
    const first = startOutbox().sut;
    appendN(first, 'vitals', 3);
    first.stop();
    const [active] = segmentFiles('vitals');
    const bytes = readFileSync(active!);
    const secondRecordPayload = bytes.indexOf('"seq":2');
    bytes[secondRecordPayload + 1] ^= 0xff;
    writeFileSync(active!, bytes);

    const { sut } = startOutbox();
    expect(readAll(sut, 'vitals').map((r) => r.seq)).toEqual([1, 3]);
    expect(sut.stats.corruptBytes).toBeGreaterThan(0);
  });

  it('should resend acked records after a hard stop that never saved the cursor', () => {
    const first = startOutbox({ cursorSaveIntervalMs: 3_600_000 }).sut;
    appendN(first, 'vitals', 4);
    first.ack('vitals', 4);
    first.stop({ hard: true });

    const { sut, recovery } = startOutbox();
    // at-least-once: the core dedupes by (vehicle, topic, seq)
    expect(recovery.pending.vitals).toBe(4);
    expect(appendN(sut, 'vitals', 1)).toEqual([5]);
  });

  it('should resend from the oldest record when the cursor file is damaged', () => {
    const first = startOutbox().sut;
    appendN(first, 'gps', 3);
    first.ack('gps', 3);
    first.stop();
    writeFileSync(join(dir, 'cursors.json'), '{"version":1,"ack');

    const { sut, recovery } = startOutbox();
    expect(recovery.pending.gps).toBe(3);
    expect(appendN(sut, 'gps', 1)).toEqual([4]);
  });

  it('should not hand out waveform chunks before their group fsync when fsync is batched', () => {
    vi.useFakeTimers();
    try {
      const { sut } = startOutbox({ fsyncIntervalMs: 100 });
      appendN(sut, 'waveform', 2);
      expect(readAll(sut, 'waveform')).toHaveLength(0);
      vi.advanceTimersByTime(100);
      expect(readAll(sut, 'waveform').map((r) => r.seq)).toEqual([1, 2]);
    } finally {
      vi.useRealTimers();
    }
  });

  it.each<OutboxTopic>(['vitals', 'gps'])('should fsync %s before append returns, so a power cut right after loses none', (topic) => {
    vi.useFakeTimers();
    try {
      const { sut } = startOutbox({ fsyncIntervalMs: 100 });
      const durable: number[] = [];
      sut.onDurable(() => durable.push(sut.durableSeq(topic)));
      appendN(sut, 'waveform', 1);
      expect(appendN(sut, topic, 2)).toEqual([1, 2]);
      // no timer has run: the records are on disk and ready to send
      expect(sut.durableSeq(topic)).toBe(2);
      expect(durable).toEqual([1, 2]);
      expect(readAll(sut, topic).map((r) => r.seq)).toEqual([1, 2]);
      // waveform keeps its group commit
      expect(sut.durableSeq('waveform')).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('should not use a seq when the encoder throws', () => {
    const { sut } = startOutbox();
    expect(() =>
      sut.append('vitals', () => {
        throw new Error('invalid payload');
      }),
    ).toThrow('invalid payload');
    expect(appendN(sut, 'vitals', 1)).toEqual([1]);
  });

  it('should drop the oldest waveforms and keep every numeric when the bound is hit', () => {
    const waveformPayload = 'x'.repeat(900);
    const { sut } = startOutbox({ maxBytes: 20_000, segmentMaxBytes: 4_000 });
    for (let i = 0; i < 60; i++) {
      sut.append('waveform', (seq) => json({ seq, data: waveformPayload }));
      sut.append('vitals', (seq) => json({ seq, hr: 60 + i }));
      sut.append('gps', (seq) => json({ seq, lat: 30 }));
    }

    expect(sut.bytes).toBeLessThanOrEqual(20_000);
    expect(readAll(sut, 'vitals').map((r) => r.seq)).toEqual(range(1, 60));
    expect(readAll(sut, 'gps').map((r) => r.seq)).toEqual(range(1, 60));
    const waveforms = readAll(sut, 'waveform').map((r) => r.seq);
    expect(sut.stats.droppedWaveforms).toBe(60 - waveforms.length);
    expect(sut.stats.droppedWaveforms).toBeGreaterThan(0);
    // the newest waveforms are what is left, contiguous up to the last one
    expect(waveforms).toEqual(range(61 - waveforms.length, 60));
    expect(sut.stats.overBound).toBe(false);
  });

  it('should never thin monitor alarms, only waveforms, when the bound is hit', () => {
    const { sut } = startOutbox({ maxBytes: 12_000, segmentMaxBytes: 2_000 });
    for (let i = 0; i < 40; i++) {
      sut.append('waveform', (seq) => json({ seq, data: 'x'.repeat(900) }));
      sut.append('alarm', (seq) => json({ seq, name: 'MDC_EVT_HI', note: 'y'.repeat(200) }));
    }

    expect(readAll(sut, 'alarm').map((r) => r.seq)).toEqual(range(1, 40));
    expect(sut.stats.droppedWaveforms).toBeGreaterThan(0);
    expect(sut.pendingOf('alarm')).toBe(40);
  });

  it('should keep writing numerics past the bound when no waveform is left to thin', () => {
    const { sut } = startOutbox({ maxBytes: 5_000, segmentMaxBytes: 1_000 });
    appendN(sut, 'vitals', 200, { note: 'numerics are never dropped' });

    expect(sut.stats.overBound).toBe(true);
    expect(sut.bytes).toBeGreaterThan(5_000);
    expect(readAll(sut, 'vitals').map((r) => r.seq)).toEqual(range(1, 200));
  });

  it('should keep the thinned waveform seqs used after a restart', () => {
    const first = startOutbox({ maxBytes: 8_000, segmentMaxBytes: 2_000 }).sut;
    for (let i = 0; i < 30; i++) first.append('waveform', (seq) => json({ seq, data: 'y'.repeat(600) }));
    first.stop();

    const { sut } = startOutbox({ maxBytes: 8_000, segmentMaxBytes: 2_000 });
    expect(sut.append('waveform', (seq) => json({ seq }))).toBe(31);
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
