import type { SampleFlag, TelemetryStaleEvent } from '@feijiu/contracts';

// Is a vehicle's telemetry live? Lost when the server says the stream went silent, or when the
// browser has seen no live sample for 10 s (the server's notice can itself be lost).

export const SIGNAL_SILENCE_MS = 10_000;

export interface SignalState {
  /** Browser time the last sample (vitals or ECG) arrived. */
  lastLiveAtMs: number | null;
  /** The server's last word on the stream, with the browser time it arrived. */
  serverStale: { stale: boolean; silentForSec: number; atMs: number } | null;
  /** The newest sample was demo data. */
  demo: boolean;
}

export function initialSignalState(): SignalState {
  return { lastLiveAtMs: null, serverStale: null, demo: false };
}

/**
 * Any arriving sample means the link delivers again, a late one included: the server flags a
 * whole vitals message 'late' when one value in it is old, and a back-fill burst is the sign
 * that the link came back.
 */
export function noteSample(_state: SignalState, flags: readonly SampleFlag[], nowMs: number): SignalState {
  return { lastLiveAtMs: nowMs, serverStale: null, demo: flags.includes('demo') };
}

export function noteStaleEvent(state: SignalState, event: Pick<TelemetryStaleEvent, 'stale' | 'silentForSec'>, nowMs: number): SignalState {
  return { ...state, serverStale: { stale: event.stale, silentForSec: event.silentForSec, atMs: nowMs } };
}

export function isSignalLost(state: SignalState, nowMs: number): boolean {
  if (state.serverStale?.stale) return true;
  return state.lastLiveAtMs !== null && nowMs - state.lastLiveAtMs > SIGNAL_SILENCE_MS;
}

/** How long the stream has been silent; null when it never delivered and the server said nothing. */
export function silentForMs(state: SignalState, nowMs: number): number | null {
  if (state.lastLiveAtMs !== null) return nowMs - state.lastLiveAtMs;
  if (state.serverStale?.stale) return state.serverStale.silentForSec * 1000 + (nowMs - state.serverStale.atMs);
  return null;
}
