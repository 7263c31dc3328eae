import type { TelemetryStaleEvent, TelemetryStatus, VitalRow, VitalsSampledEvent, WaveformSampledEvent } from '@feijiu/contracts';
import { EcgBuffer, PlaybackClock } from './ecg-buffer';
import { decodeWaveform } from './ecg-decode';
import { initialSignalState, noteHistoryDemo, noteSample, noteStaleEvent, type SignalState } from './signal-state';
import { readingFromRow, readingsFromEvent, VitalTrends } from './vital-trend';

/**
 * Everything the ER board knows about one ambulance's monitor. Plain (non-reactive) state: the
 * ECG arrives ~4 times a second per vehicle and is drawn from here by requestAnimationFrame.
 */
export class VehicleTelemetry {
  readonly trends = new VitalTrends();
  readonly ecg = new EcgBuffer();
  readonly clock = new PlaybackClock();
  signal: SignalState = initialSignalState();

  constructor(readonly vehicleId: string) {}

  onVitals(event: VitalsSampledEvent, nowMs: number): void {
    for (const reading of readingsFromEvent(event)) this.trends.add(reading);
    this.signal = noteSample(this.signal, event.monitorId, event.flags, nowMs);
  }

  onWaveform(event: WaveformSampledEvent, nowMs: number): void {
    const chunk = decodeWaveform(event);
    this.ecg.push(chunk, event.flags.includes('demo'));
    // A back-filled chunk is history: it must not drag the live playhead back.
    if (!event.flags.includes('late')) this.clock.observe(chunk.t0Ms + (chunk.samplesPerLead * 1000) / chunk.hz, nowMs);
    this.signal = noteSample(this.signal, event.monitorId, event.flags, nowMs);
  }

  onStale(event: Pick<TelemetryStaleEvent, 'stale' | 'silentForSec'>, nowMs: number): void {
    this.signal = noteStaleEvent(this.signal, event, nowMs);
  }

  /** The server's view at load time: a stream already silent shows as lost at once. */
  onStatus(status: Pick<TelemetryStatus, 'stale' | 'lastSampleAt'>, nowMs: number): void {
    if (!status.stale) return;
    const silentForSec = status.lastSampleAt ? Math.max(0, (nowMs - Date.parse(status.lastSampleAt)) / 1000) : 0;
    this.onStale({ stale: true, silentForSec }, nowMs);
  }

  backfill(rows: readonly VitalRow[], nowMs: number): void {
    for (const row of rows) this.trends.add(readingFromRow(row));
    this.trends.trim(nowMs);
    // History alone says nothing about whether the stream is live now, but demo history is still
    // demo: each monitor as its newest row says (rows come oldest first).
    const newest = new Map<string, VitalRow>();
    for (const row of rows) newest.set(row.monitorId, row);
    for (const [monitorId, row] of newest) {
      this.signal = noteHistoryDemo(this.signal, monitorId, row.flags.includes('demo'), Date.parse(row.receivedAt));
    }
  }
}
