import type { SampleFlag, TelemetryStaleEvent } from '@feijiu/contracts';

// Is a vehicle's telemetry live? Lost when the server says the stream went silent, or when the
// browser has seen no live sample for 10 s (the server's notice can itself be lost).

export const SIGNAL_SILENCE_MS = 10_000;
/** A monitor not heard for this long (against the freshest one) no longer counts for the card's demo mark. */
export const DEMO_MARK_FRESH_MS = 60_000;

export interface MonitorDemoMark {
  /** Its newest sample was demo data. */
  demo: boolean;
  /** When it was last heard: browser time of a live sample, or the newest stored row's arrival. */
  heardAtMs: number;
}

export interface SignalState {
  /** Browser time the last sample (vitals or ECG) arrived. */
  lastLiveAtMs: number | null;
  /** The server's last word on the stream, with the browser time it arrived. */
  serverStale: { stale: boolean; silentForSec: number; atMs: number } | null;
  /**
   * Per monitor: whether its newest sample was demo data, and when it was heard. Kept per monitor,
   * so a real monitor's samples never clear a demo monitor's mark (nor the other way round).
   */
  demoByMonitor: Readonly<Record<string, MonitorDemoMark>>;
}

export function initialSignalState(): SignalState {
  return { lastLiveAtMs: null, serverStale: null, demoByMonitor: {} };
}

/**
 * Any arriving sample means the link delivers again, a late one included: the server flags a
 * whole vitals message 'late' when one value in it is old, and a back-fill burst is the sign
 * that the link came back.
 */
export function noteSample(state: SignalState, monitorId: string, flags: readonly SampleFlag[], nowMs: number): SignalState {
  return {
    lastLiveAtMs: nowMs,
    serverStale: null,
    demoByMonitor: { ...state.demoByMonitor, [monitorId]: { demo: flags.includes('demo'), heardAtMs: nowMs } },
  };
}

/** History says nothing about liveness, but a monitor whose newest stored sample is demo is demo. */
export function noteHistoryDemo(state: SignalState, monitorId: string, demo: boolean, heardAtMs: number): SignalState {
  if (monitorId in state.demoByMonitor) return state; // a live sample already said
  return { ...state, demoByMonitor: { ...state.demoByMonitor, [monitorId]: { demo, heardAtMs } } };
}

/**
 * The card's demo mark: none of its monitors, some of them, or all of them send demo data. Only
 * the monitors heard lately count (a demo monitor switched off no longer marks the real one's
 * card); on a silent card, those heard last.
 */
export function demoOf(state: SignalState, nowMs: number): 'none' | 'some' | 'all' {
  const marks = Object.values(state.demoByMonitor);
  if (marks.length === 0) return 'none';
  const newestMs = Math.max(...marks.map((m) => m.heardAtMs));
  const referenceMs = nowMs - newestMs <= DEMO_MARK_FRESH_MS ? nowMs : newestMs;
  const heard = marks.filter((m) => referenceMs - m.heardAtMs <= DEMO_MARK_FRESH_MS);
  const demo = heard.filter((m) => m.demo).length;
  return demo === 0 ? 'none' : demo === heard.length ? 'all' : 'some';
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
