import { distanceM } from '@feijiu/geo';

/** One GPS fix, as far as standing still goes. */
export interface TrackFix {
  lat: number;
  lon: number;
  speedMps: number | null;
  measuredAt: Date;
}

/** How far back from its latest fix an ambulance must have stood still. */
export const STANDSTILL_WINDOW_SEC = 60;
// walking pace: below it a GPS's speed is noise
const MOVING_MPS = 1;
// a parked receiver wanders this far; a fix without a speed (GGA-only receivers) farther from the latest has moved
const JITTER_M = 30;

/**
 * Whether an ambulance stood still: no fix in the minute up to its latest shows a speed of 1 m/s
 * or more, or lies farther than GPS jitter from the latest. An ambulance stopped at a light after
 * driving is moving; one without any fix stands at its station as far as anyone knows.
 */
export function isStandingStill(track: readonly TrackFix[]): boolean {
  if (track.length === 0) return true;
  const latest = track.reduce((a, b) => (b.measuredAt > a.measuredAt ? b : a));
  const since = latest.measuredAt.getTime() - STANDSTILL_WINDOW_SEC * 1000;
  return track
    .filter((f) => f.measuredAt.getTime() >= since)
    .every((f) => (f.speedMps === null || f.speedMps < MOVING_MPS) && distanceM(f, latest) <= JITTER_M);
}
