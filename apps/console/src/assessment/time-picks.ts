// Last-known-well and onset times on the tablet: "now" and "N min ago" shortcuts, or a clock
// time. Time nodes are kept to the minute, so every pick starts at a whole minute.

const MINUTE_MS = 60_000;

/** The instant `minutesAgo` before now, at the start of its minute. */
export function minutesAgoInstant(nowMs: number, minutesAgo: number): string {
  return new Date(Math.floor((nowMs - minutesAgo * MINUTE_MS) / MINUTE_MS) * MINUTE_MS).toISOString();
}

/**
 * "HH:mm" on the tablet's clock: the latest such time not after now (a last-known-well of 23:50
 * entered at 00:20 is yesterday's). null for anything else.
 */
export function instantFromClock(clock: string, nowMs: number): string | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(clock.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 23 || minutes > 59) return null;
  const candidate = new Date(nowMs);
  candidate.setHours(hours, minutes, 0, 0);
  if (candidate.getTime() > nowMs + MINUTE_MS) candidate.setDate(candidate.getDate() - 1);
  return candidate.toISOString();
}

/** "HH:mm" of an instant on the tablet's clock, for the time input. */
export function clockOf(instant: string | null): string {
  if (!instant) return '';
  const at = new Date(instant);
  if (Number.isNaN(at.getTime())) return '';
  return `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
}

/** Whole minutes from `instant` to now (never negative). */
export function minutesSince(instant: string, nowMs: number): number {
  return Math.max(0, Math.floor((nowMs - Date.parse(instant)) / MINUTE_MS));
}
