import { describe, expect, it } from 'vitest';
import { type AttachedPartition, findExpiredPartitions } from './telemetry-retention';

const NOW = new Date('2026-06-15T08:00:00Z');
const part = (parent: AttachedPartition['parent'], name: string, to: string | null): AttachedPartition => ({
  parent,
  name,
  to: to === null ? null : new Date(to),
});
const ATTACHED: AttachedPartition[] = [
  part('vitals_samples', 'vitals_samples_p202601', '2026-02-01T00:00:00Z'),
  part('vitals_samples', 'vitals_samples_p202604', '2026-05-01T00:00:00Z'),
  part('vitals_samples', 'vitals_samples_p202605', '2026-06-01T00:00:00Z'),
  part('vitals_samples', 'vitals_samples_default', null),
  part('telemetry_receipts', 'telemetry_receipts_p202601', '2026-02-01T00:00:00Z'),
  part('waveform_chunks', 'waveform_chunks_p20260610', '2026-06-11T00:00:00Z'),
  part('waveform_chunks', 'waveform_chunks_p20260612', '2026-06-13T00:00:00Z'),
  part('waveform_chunks', 'waveform_chunks_p20260614', '2026-06-15T00:00:00Z'),
];

describe(findExpiredPartitions.name, () => {
  it('should keep everything when no retention is set (the default: for ever)', () => {
    const sut = findExpiredPartitions(NOW, ATTACHED, { vitalsDays: null, waveformDays: null });
    expect(sut).toEqual([]);
  });

  it('should expire a partition only when its whole range ended the retention ago', () => {
    // 3 days before 2026-06-15T08:00 is 2026-06-12T08:00: the 10th ended before, the 12th after
    const sut = findExpiredPartitions(NOW, ATTACHED, { vitalsDays: null, waveformDays: 3 });
    expect(sut.map((p) => p.name)).toEqual(['waveform_chunks_p20260610']);
    expect(sut[0]).toMatchObject({ retentionDays: 3, to: new Date('2026-06-11T00:00:00Z') });
  });

  it('should never expire the DEFAULT partition or one the maintenance keeps around now', () => {
    // yesterday's waveforms and last month's vitals are "current" partitions whatever the setting
    const sut = findExpiredPartitions(NOW, ATTACHED, { vitalsDays: 1, waveformDays: 1 });
    expect(sut.map((p) => p.name)).not.toContain('vitals_samples_default');
    expect(sut.map((p) => p.name)).not.toContain('vitals_samples_p202605');
    expect(sut.map((p) => p.name)).not.toContain('waveform_chunks_p20260614');
  });

  it('should keep receipts while either vitals or waveforms are kept for ever', () => {
    const sut = findExpiredPartitions(NOW, ATTACHED, { vitalsDays: 30, waveformDays: null });
    expect(sut.map((p) => p.name)).toEqual(['vitals_samples_p202601', 'vitals_samples_p202604']);
  });

  it('should expire receipts after the longer of the two retentions when both are set', () => {
    const sut = findExpiredPartitions(NOW, ATTACHED, { vitalsDays: 60, waveformDays: 130 });
    // receipts keep 130 days (the longer): January ended 134 days ago; vitals keep 60 (April ended 45 days ago)
    expect(sut.map((p) => p.name)).toEqual(['telemetry_receipts_p202601', 'vitals_samples_p202601']);
  });
});
