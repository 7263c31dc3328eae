/** m:ss (or h:mm:ss from an hour) of the absolute value; the caller shows the sign. */
export function formatDuration(ms: number): string {
  const totalSec = Math.floor(Math.abs(ms) / 1000);
  const hours = Math.floor(totalSec / 3600);
  const minutes = Math.floor((totalSec % 3600) / 60);
  const seconds = totalSec % 60;
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${ss}` : `${minutes}:${ss}`;
}

/** Whole minutes, at least 1 (an ETA of 20 s still reads "1 min"). */
export function etaMinutes(etaSec: number): number {
  return Math.max(1, Math.round(etaSec / 60));
}

/** Kilometres with one decimal below 10 km, whole above. */
export function formatKm(distanceM: number): string {
  const km = distanceM / 1000;
  return km < 10 ? km.toFixed(1) : String(Math.round(km));
}

/** mm:ss with minutes unbounded (a silence of 75 minutes reads 75:02), for the signal-lost banner. */
export function formatMinutesSeconds(ms: number): string {
  const totalSec = Math.floor(Math.abs(ms) / 1000);
  return `${String(Math.floor(totalSec / 60)).padStart(2, '0')}:${String(totalSec % 60).padStart(2, '0')}`;
}
