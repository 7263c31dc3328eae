import { describe, expect, it } from 'vitest';
import { planPartitions } from './telemetry-partitions';

describe(planPartitions.name, () => {
  it('should plan monthly vitals partitions across a year end when it is 31 December', () => {
    const sut = planPartitions(new Date('2026-12-31T23:30:00Z'));
    const vitals = sut.filter((p) => p.parent === 'vitals_samples');
    expect(vitals.map((p) => p.name)).toEqual([
      'vitals_samples_p202611',
      'vitals_samples_p202612',
      'vitals_samples_p202701',
      'vitals_samples_p202702',
    ]);
    expect(vitals[2]).toMatchObject({ from: new Date('2027-01-01T00:00:00Z'), to: new Date('2027-02-01T00:00:00Z') });
  });

  it('should plan daily waveform partitions that tile time without gaps', () => {
    const sut = planPartitions(new Date('2026-02-27T08:00:00Z')).filter((p) => p.parent === 'waveform_chunks');
    expect(sut[0]!.name).toBe('waveform_chunks_p20260226');
    expect(sut.map((p) => p.name)).toContain('waveform_chunks_p20260301');
    for (let i = 1; i < sut.length; i++) expect(sut[i]!.from).toEqual(sut[i - 1]!.to);
  });

  it('should give receipts the same months as vitals', () => {
    const sut = planPartitions(new Date('2026-06-15T00:00:00Z'));
    const months = (parent: string) => sut.filter((p) => p.parent === parent).map((p) => p.from.getTime());
    expect(months('telemetry_receipts')).toEqual(months('vitals_samples'));
  });
});
