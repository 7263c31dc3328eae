import type { VitalsSampledEvent, WaveformSampledEvent } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { demoOf, isSignalLost } from './signal-state';
import { VehicleTelemetry } from './vehicle-telemetry';

const NOW = Date.parse('2025-03-01T08:00:10Z');

const vitals = (flags: VitalsSampledEvent['flags'], hr: number, at = '2025-03-01T08:00:09Z'): VitalsSampledEvent => ({
  vehicleId: 'lh-01',
  incidentId: null,
  monitorId: 'm1',
  seq: 1,
  receivedAt: at,
  flags,
  obs: [{ code: 'HR', value: hr, unit: 'bpm', measuredAt: at }],
});

const waveform = (t0: string, flags: WaveformSampledEvent['flags'] = []): WaveformSampledEvent => ({
  vehicleId: 'lh-01',
  incidentId: null,
  monitorId: 'm1',
  seq: 1,
  t0,
  hz: 250,
  leads: ['II'],
  lsbUv: 2.5,
  data: btoa(String.fromCharCode(...new Uint8Array(new Int16Array(50).fill(400).buffer))),
  flags,
});

describe(VehicleTelemetry.name, () => {
  it('should show live vitals and call the stream demo when the samples say so', () => {
    const sut = new VehicleTelemetry('lh-01');
    sut.onVitals(vitals(['demo'], 88), NOW);
    expect(sut.trends.latest('HR')?.value).toBe(88);
    expect(demoOf(sut.signal, NOW)).toBe('all');
  });

  it('should put ECG samples where the playhead will reach them one jitter delay later', () => {
    const sut = new VehicleTelemetry('lh-01');
    sut.onWaveform(waveform('2025-03-01T08:00:09.800Z'), NOW);
    const playhead = sut.clock.playheadMs(NOW + 1000)!;
    expect(sut.ecg.read('II', playhead - 200, playhead).map((p) => p.mv)).toContain(1);
  });

  it('should not move the playhead for a late chunk from the backlog', () => {
    const sut = new VehicleTelemetry('lh-01');
    sut.onWaveform(waveform('2025-03-01T07:50:00Z', ['late']), NOW);
    expect(sut.clock.playheadMs(NOW)).toBeNull();
  });

  it('should show the stream as lost at load when the server already reports it stale', () => {
    const sut = new VehicleTelemetry('lh-01');
    sut.onStatus({ stale: true, lastSampleAt: '2025-03-01T07:59:40Z' }, NOW);
    expect(isSignalLost(sut.signal, NOW)).toBe(true);
  });
});
