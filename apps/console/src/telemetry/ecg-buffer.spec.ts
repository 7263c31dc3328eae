import { describe, expect, it } from 'vitest';
import type { DecodedWaveform } from './ecg-decode';
import { EcgBuffer, PlaybackClock } from './ecg-buffer';

const T0 = Date.parse('2025-03-01T08:00:00Z');

// 250 Hz, 50 samples (200 ms) per chunk, each sample's value = its index in the whole stream.
function chunk(index: number, hz = 250, n = 50): DecodedWaveform {
  const mv = Float32Array.from({ length: n }, (_, i) => index * n + i);
  return { t0Ms: T0 + (index * n * 1000) / hz, hz, samplesPerLead: n, mvByLead: new Map([['II', mv]]) };
}

describe(EcgBuffer.name, () => {
  it('should tell whether the stretch on screen holds demo chunks, chunk by chunk', () => {
    const sut = new EcgBuffer();
    sut.push(chunk(0), true);
    sut.push(chunk(1));
    sut.push(chunk(2));
    expect(sut.isDemoBetween(T0, T0 + 600)).toBe(true);
    // once the demo chunk has left the strip, the real ECG is not called demo
    expect(sut.isDemoBetween(T0 + 250, T0 + 600)).toBe(false);
  });

  it('should read samples across chunks in time order when chunks arrive out of order', () => {
    const sut = new EcgBuffer();
    sut.push(chunk(1));
    sut.push(chunk(0));
    const points = sut.read('II', T0 + 180, T0 + 220);
    expect(points.map((p) => p.mv)).toEqual([46, 47, 48, 49, 50, 51, 52, 53, 54, 55]);
  });

  it('should leave a hole where a chunk never arrived', () => {
    const sut = new EcgBuffer();
    sut.push(chunk(0));
    sut.push(chunk(2));
    const points = sut.read('II', T0, T0 + 600);
    expect(points.some((p) => p.mv >= 50 && p.mv < 100)).toBe(false);
    expect(points.at(-1)?.mv).toBe(149);
  });

  it('should keep one copy of a chunk that is sent twice', () => {
    const sut = new EcgBuffer();
    sut.push(chunk(0));
    sut.push(chunk(0));
    expect(sut.read('II', T0 - 1, T0 + 200)).toHaveLength(50);
  });

  it('should forget chunks older than its retention', () => {
    const sut = new EcgBuffer(1000);
    for (let i = 0; i < 20; i++) sut.push(chunk(i));
    expect(sut.read('II', T0 - 1, T0 + 1000)).toHaveLength(0);
    expect(sut.latestEndMs).toBe(T0 + 4000);
  });

  it('should return nothing for a lead the monitor does not send', () => {
    const sut = new EcgBuffer();
    sut.push(chunk(0));
    expect(sut.read('V1', T0 - 1, T0 + 200)).toEqual([]);
    expect(sut.leads).toEqual(['II']);
  });
});

describe(PlaybackClock.name, () => {
  it('should play one delay behind the freshest data when chunks arrive steadily', () => {
    const sut = new PlaybackClock(1000);
    const wall0 = 5_000_000; // the browser clock need not match the monitor's
    sut.observe(T0 + 200, wall0 + 50);
    expect(sut.playheadMs(wall0 + 50)).toBe(T0 + 200 - 1000);
  });

  it('should keep the playhead behind every chunk that is late by less than the delay', () => {
    const sut = new PlaybackClock(1000);
    const wall0 = 5_000_000;
    const latencies = [40, 900, 60, 700, 950, 50];
    latencies.forEach((latency, i) => sut.observe(T0 + (i + 1) * 200, wall0 + (i + 1) * 200 + latency));
    // Every chunk's last sample was there before the playhead reached it.
    latencies.forEach((latency, i) => {
      const arrival = wall0 + (i + 1) * 200 + latency;
      expect(sut.playheadMs(arrival)!).toBeLessThanOrEqual(T0 + (i + 1) * 200);
    });
  });

  it('should re-anchor when the monitor clock jumps', () => {
    const sut = new PlaybackClock(1000);
    sut.observe(T0 + 200, 1_000_000);
    sut.observe(T0 + 60_000, 1_000_400);
    expect(sut.playheadMs(1_000_400)).toBe(T0 + 60_000 - 1000);
  });

  it('should have no playhead before the first chunk', () => {
    expect(new PlaybackClock().playheadMs(1)).toBeNull();
  });
});
