import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SEQ_FILE_NAME, SeqStore } from './seq-store';

describe(SeqStore.name, () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'feijiu-seq-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should count from 1 per vehicle and topic when starting fresh', () => {
    const sut = new SeqStore({ dir });
    sut.start();
    expect([sut.next('lh-01', 'gps'), sut.next('lh-01', 'gps'), sut.next('lh-02', 'gps'), sut.next('lh-01', 'state')]).toEqual([
      1, 2, 1, 1,
    ]);
    sut.stop();
  });

  it('should carry on from the last seq when restarted after a clean stop', () => {
    const first = new SeqStore({ dir });
    first.start();
    for (let i = 0; i < 5; i++) first.next('lh-01', 'gps');
    first.stop();

    const sut = new SeqStore({ dir });
    expect(sut.start()).toEqual({ recoveredFromUncleanStop: false });
    expect(sut.next('lh-01', 'gps')).toBe(6);
    sut.stop();
  });

  it('should skip ahead rather than reuse numbers when the last run crashed', () => {
    const crashed = new SeqStore({ dir, uncleanSkip: 100, flushIntervalMs: 60_000 });
    crashed.start();
    crashed.next('lh-01', 'gps');
    crashed.flush();
    crashed.next('lh-01', 'gps');
    crashed.next('lh-02', 'gps');
    // no stop(): the file still says the run is in progress, and lh-02 was never saved

    const sut = new SeqStore({ dir, uncleanSkip: 100 });
    expect(sut.start()).toEqual({ recoveredFromUncleanStop: true });
    expect(sut.next('lh-01', 'gps')).toBe(102);
    expect(sut.next('lh-02', 'gps')).toBe(101);
    sut.stop();
  });

  it('should skip ahead instead of failing when the file is corrupt', () => {
    writeFileSync(join(dir, SEQ_FILE_NAME), '{"version":1,"seq":{"lh-01":{"gps":4');
    const errors: unknown[] = [];
    const sut = new SeqStore({ dir, uncleanSkip: 100, onError: (err) => errors.push(err) });
    expect(sut.start()).toEqual({ recoveredFromUncleanStop: true });
    expect(sut.next('lh-01', 'gps')).toBe(101);
    expect(errors).toHaveLength(1);
    sut.stop();
  });

  it('should leave a complete JSON file with no temp file beside it when stopped', () => {
    const sut = new SeqStore({ dir });
    sut.start();
    sut.next('shangxi-01', 'gps');
    sut.stop();
    const saved = JSON.parse(readFileSync(join(dir, SEQ_FILE_NAME), 'utf8')) as { clean: boolean; seq: object };
    expect(saved).toMatchObject({ clean: true, seq: { 'shangxi-01': { gps: 1 } } });
  });
});
