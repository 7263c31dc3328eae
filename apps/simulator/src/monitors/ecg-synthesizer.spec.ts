import { ECG_LEADS } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random';
import { decodeWaveformData, ECG_SAMPLE_RATE_HZ, EcgSynthesizer, encodeWaveformData, J_POINT_OFFSET_S, type StTerritory } from './ecg-synthesizer';

const HZ = ECG_SAMPLE_RATE_HZ;
const lead = (name: (typeof ECG_LEADS)[number]) => ECG_LEADS.indexOf(name);

/** 10 s of ECG produced the way the monitor does: 200 ms chunks. */
function record(heartRateBpm: number, st: StTerritory, seconds = 10, seed = 1, noiseMv?: number): Float64Array[] {
  const sut = new EcgSynthesizer({ random: seededRandom(seed), noiseMv });
  const chunks = Array.from({ length: seconds * 5 }, () => sut.next(HZ / 5, { heartRateBpm, st }));
  return ECG_LEADS.map((_, l) => Float64Array.from(chunks.flatMap((c) => Array.from(c[l]))));
}

/** R peaks: local maxima above 60 % of the record's maximum, at least 250 ms apart. */
function rPeaks(signal: Float64Array): number[] {
  const threshold = 0.6 * Math.max(...signal);
  const refractory = 0.25 * HZ;
  const peaks: number[] = [];
  for (let i = 1; i < signal.length - 1; i++) {
    if (signal[i] < threshold || signal[i] < signal[i - 1] || signal[i] < signal[i + 1]) continue;
    const last = peaks.at(-1);
    if (last !== undefined && i - last < refractory) {
      if (signal[i] > signal[last]) peaks[peaks.length - 1] = i;
      continue;
    }
    peaks.push(i);
  }
  return peaks;
}

const meanAround = (signal: Float64Array, centre: number, halfWidth: number) => {
  let sum = 0;
  for (let i = centre - halfWidth; i <= centre + halfWidth; i++) sum += signal[i];
  return sum / (2 * halfWidth + 1);
};

/** ST level at J+60 ms relative to the PR segment (80 ms before R), averaged over the beats. */
function stLevelMv(signal: Float64Array, peaks: readonly number[]): number {
  const stOffset = Math.round((J_POINT_OFFSET_S + 0.06) * HZ);
  const prOffset = Math.round(0.08 * HZ);
  const beats = peaks.filter((p) => p - prOffset - 5 >= 0 && p + stOffset + 2 < signal.length);
  const levels = beats.map((p) => meanAround(signal, p + stOffset, 2) - meanAround(signal, p - prOffset, 5));
  return levels.reduce((a, b) => a + b, 0) / levels.length;
}

describe(EcgSynthesizer.name, () => {
  it.each([60, 75, 120, 150])('should beat %i times a minute when driven at that rate', (heartRateBpm) => {
    const ecg = record(heartRateBpm, 'none');
    const expected = (heartRateBpm * 10) / 60;
    expect(Math.abs(rPeaks(ecg[lead('II')]).length - expected)).toBeLessThanOrEqual(1);
  });

  it('should show 20±1 R peaks in 10 s when the heart rate is 120', () => {
    for (const seed of [1, 2, 3]) {
      const count = rPeaks(record(120, 'none', 10, seed)[lead('II')]).length;
      expect(count, `seed ${seed}`).toBeGreaterThanOrEqual(19);
      expect(count, `seed ${seed}`).toBeLessThanOrEqual(21);
    }
  });

  it('should keep the ST segment on the baseline when there is no infarct', () => {
    const ecg = record(80, 'none');
    const peaks = rPeaks(ecg[lead('II')]);
    for (const name of ECG_LEADS) expect(Math.abs(stLevelMv(ecg[lead(name)], peaks)), name).toBeLessThan(0.05);
  });

  it('should raise ST in II, III and aVF with reciprocal depression in I and aVL when the STEMI is inferior', () => {
    const ecg = record(115, 'inferior');
    const peaks = rPeaks(ecg[lead('II')]);
    const st = (name: (typeof ECG_LEADS)[number]) => stLevelMv(ecg[lead(name)], peaks);
    expect(st('II')).toBeGreaterThanOrEqual(0.2);
    expect(st('III')).toBeGreaterThanOrEqual(0.2);
    expect(st('aVF')).toBeGreaterThanOrEqual(0.2);
    expect(st('aVL')).toBeLessThanOrEqual(-0.1);
    expect(st('I')).toBeLessThan(0);
  });

  it('should raise ST in V2–V4 with inferior depression when the STEMI is anterior', () => {
    const ecg = record(110, 'anterior');
    const peaks = rPeaks(ecg[lead('II')]);
    for (const name of ['V2', 'V3', 'V4'] as const) expect(stLevelMv(ecg[lead(name)], peaks), name).toBeGreaterThanOrEqual(0.2);
    expect(stLevelMv(ecg[lead('III')], peaks)).toBeLessThan(-0.05);
  });

  it('should keep the limb leads consistent (III = II − I, aVR + aVL + aVF = 0) when deriving them', () => {
    const ecg = record(90, 'inferior', 2);
    for (let i = 0; i < ecg[0].length; i += 7) {
      expect(ecg[lead('III')][i]).toBeCloseTo(ecg[lead('II')][i] - ecg[lead('I')][i], 9);
      expect(ecg[lead('aVR')][i] + ecg[lead('aVL')][i] + ecg[lead('aVF')][i]).toBeCloseTo(0, 9);
    }
  });

  it('should have a plausible R wave in II and a deep S in V1 when the rhythm is normal', () => {
    const ecg = record(75, 'none', 10, 4, 0);
    const peaks = rPeaks(ecg[lead('II')]);
    const rII = peaks.map((p) => ecg[lead('II')][p]);
    expect(Math.min(...rII)).toBeGreaterThan(0.8);
    expect(Math.max(...rII)).toBeLessThan(1.6);
    const v1 = ecg[lead('V1')];
    const sV1 = Math.min(...peaks.map((p) => Math.min(...v1.subarray(p, p + 0.06 * HZ))));
    expect(sV1).toBeLessThan(-0.5);
  });

  it('should follow a change of rate at the next beats when the drive changes', () => {
    const sut = new EcgSynthesizer({ random: seededRandom(5) });
    sut.next(10 * HZ, { heartRateBpm: 60, st: 'none' });
    const fast = Array.from({ length: 50 }, () => sut.next(100, { heartRateBpm: 150, st: 'none' })[lead('II')]);
    const signal = Float64Array.from(fast.flatMap((c) => Array.from(c)));
    expect(Math.abs(rPeaks(signal).length - 25)).toBeLessThanOrEqual(2);
  });
});

describe(encodeWaveformData.name, () => {
  it('should round-trip the samples within half a count when encoded as int16 LE', () => {
    const ecg = record(100, 'inferior', 1);
    const data = encodeWaveformData(ecg, 2.5);
    expect(Buffer.from(data, 'base64').length).toBe(12 * HZ * 2);
    const back = decodeWaveformData(data, 12, 2.5);
    for (let l = 0; l < 12; l++) for (let i = 0; i < HZ; i += 13) expect(Math.abs(back[l][i] - ecg[l][i])).toBeLessThanOrEqual(0.00125 + 1e-9);
  });

  it('should clip instead of wrapping when a sample exceeds the int16 range', () => {
    const data = encodeWaveformData([Float64Array.from([100, -100])], 2.5);
    const buffer = Buffer.from(data, 'base64');
    expect([buffer.readInt16LE(0), buffer.readInt16LE(2)]).toEqual([32767, -32768]);
  });
});
