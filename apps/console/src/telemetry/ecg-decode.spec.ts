import { describe, expect, it } from 'vitest';
import { decodeWaveform, WAVEFORM_GAP_COUNT } from './ecg-decode';

// What a gateway sends: int16 little-endian, lead after lead, base64.
function encodeWaveformCounts(countsByLead: readonly (readonly number[])[]): string {
  const bytes = new Uint8Array(countsByLead.flat().length * 2);
  const view = new DataView(bytes.buffer);
  countsByLead.flat().forEach((count, i) => view.setInt16(i * 2, count, true));
  return btoa(String.fromCharCode(...bytes));
}

const chunk = (data: string, leads: ('I' | 'II')[] = ['I', 'II']) => ({ t0: '2025-03-01T08:00:00.000Z', hz: 250, leads, lsbUv: 2.5, data });

describe(decodeWaveform.name, () => {
  it('should split the samples lead after lead and scale counts × lsbUv to millivolts', () => {
    const sut = decodeWaveform(chunk(encodeWaveformCounts([[400, -400, 0], [0, 200, 400]])));
    expect(sut.samplesPerLead).toBe(3);
    expect([...sut.mvByLead.get('I')!]).toEqual([1, -1, 0]);
    expect([...sut.mvByLead.get('II')!]).toEqual([0, 0.5, 1]);
    expect(sut.t0Ms).toBe(Date.parse('2025-03-01T08:00:00Z'));
  });

  it('should turn the gap marker 32767 into NaN so the trace lifts its pen', () => {
    const sut = decodeWaveform(chunk(encodeWaveformCounts([[100, WAVEFORM_GAP_COUNT, 100]]), ['II']));
    expect(Number.isNaN(sut.mvByLead.get('II')![1])).toBe(true);
    expect(sut.mvByLead.get('II')![2]).toBeCloseTo(0.25);
  });

  it('should keep only whole samples per lead when the payload is truncated', () => {
    // 5 samples for 2 leads: the odd one out is dropped instead of shifting lead II.
    const sut = decodeWaveform(chunk(encodeWaveformCounts([[1, 2, 3, 4, 5]])));
    expect(sut.samplesPerLead).toBe(2);
    expect([...sut.mvByLead.get('II')!].map((mv) => Math.round(mv / 0.0025))).toEqual([3, 4]);
  });

  it('should ignore a dangling odd byte', () => {
    const sut = decodeWaveform(chunk(btoa('\x10\x00\x20'), ['II']));
    expect(sut.samplesPerLead).toBe(1);
  });
});
