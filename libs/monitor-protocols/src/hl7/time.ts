// HL7 DTM → ISO 8601 UTC. Accepts YYYYMMDDHH[MM[SS[.S{1,4}]]] and the Mindray form with three
// millisecond digits and no dot (20260124131540000), each with or without a ±HHMM offset.
// Date-only values are not instants and give null.

const DTM = /^(\d{4})(\d{2})(\d{2})(\d{2})(?:(\d{2})(?:(\d{2})(?:\.(\d{1,9})|(\d{3}))?)?)?(?:([+-])(\d{2})(\d{2}))?$/;

/**
 * @param assumeUtcOffsetMin offset applied when the value carries none. HL7 says such a time is
 *   the sender's local time, which we cannot know; the default 0 treats it as UTC.
 */
export function parseHl7Time(raw: string, assumeUtcOffsetMin = 0): string | null {
  const m = DTM.exec(raw.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi = '0', s = '0', frac, ms3, sign, oh, om] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  // fractions are truncated to milliseconds, so .9999 never rolls into the next second
  const millis = frac !== undefined ? Number(frac.padEnd(3, '0').slice(0, 3)) : ms3 !== undefined ? Number(ms3) : 0;
  if (year < 1900 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  let offsetMin = assumeUtcOffsetMin;
  if (sign !== undefined) {
    const offH = Number(oh);
    const offM = Number(om);
    if (offH > 14 || offM > 59) return null;
    offsetMin = (sign === '-' ? -1 : 1) * (offH * 60 + offM);
  }
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const check = new Date(local);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null;
  const utc = new Date(local - offsetMin * 60_000);
  // an offset can carry 9999-12-31 into year 10000, which has no ISO 8601 form the contract takes
  if (Number.isNaN(utc.getTime()) || utc.getUTCFullYear() > 9999) return null;
  return utc.toISOString();
}

/** Whether an HL7 DTM value carries its own UTC offset; null when it is not a time at all. */
export function hasHl7TimeOffset(raw: string): boolean | null {
  const m = DTM.exec(raw.trim());
  return m ? m[9] !== undefined : null;
}

/** The UTC offset (minutes east) an HL7 DTM value carries; null when it carries none or is not a valid time. */
export function hl7TimeOffsetMin(raw: string): number | null {
  const m = DTM.exec(raw.trim());
  if (!m || m[9] === undefined || parseHl7Time(raw) === null) return null;
  return (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

function zoneFormat(timeZone: string): Intl.DateTimeFormat {
  let format = zoneFormats.get(timeZone);
  if (!format) {
    // throws RangeError for a zone the runtime does not know
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    zoneFormats.set(timeZone, format);
  }
  return format;
}

/** Minutes east of UTC that `timeZone` is at the instant `utcMs`. */
function offsetAtInstant(timeZone: string, utcMs: number): number {
  const fields: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of zoneFormat(timeZone).formatToParts(new Date(utcMs))) fields[part.type] = Number(part.value);
  const wall = Date.UTC(fields.year!, fields.month! - 1, fields.day!, fields.hour! % 24, fields.minute!, fields.second!);
  return Math.round((wall - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

/**
 * Minutes east of UTC in force in the IANA `timeZone` (e.g. 'Asia/Shanghai') at a wall-clock
 * time there, given as the epoch ms of that date and time read as UTC; follows daylight saving.
 * Throws RangeError for an unknown zone.
 */
export function utcOffsetInZone(timeZone: string, wallClockMs: number): number {
  const guess = offsetAtInstant(timeZone, wallClockMs);
  return offsetAtInstant(timeZone, wallClockMs - guess * 60_000);
}

/** Minutes east of UTC in force in `timeZone` at the instant `at`. */
export function utcOffsetInZoneAt(timeZone: string, at: Date): number {
  return offsetAtInstant(timeZone, at.getTime());
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Date → HL7 DTM in UTC with an explicit +0000 offset; milliseconds only when non-zero. */
export function formatHl7Time(date: Date): string {
  const base =
    `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}` +
    `${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`;
  const ms = date.getUTCMilliseconds();
  return `${base}${ms === 0 ? '' : `.${pad(ms, 3)}`}+0000`;
}
