// Sentence text ↔ fields and checksum (value ↔ bytes for NMEA).

/** XOR of every character between '$' and '*', as two upper-case hex digits. */
export function nmeaChecksum(body: string): string {
  let x = 0;
  for (let i = 0; i < body.length; i++) x ^= body.charCodeAt(i);
  return x.toString(16).toUpperCase().padStart(2, '0');
}

/** "$" + body + "*" + checksum + CRLF. */
export function frameNmea(body: string): string {
  return `$${body}*${nmeaChecksum(body)}\r\n`;
}

export type SentenceRead =
  | { ok: true; fields: string[] }
  | { ok: false; code: 'NMEA_BAD_CHECKSUM' | 'NMEA_MALFORMED'; detail: string };

/** Checks a line "$…*hh" (no CR/LF) and splits its body into fields. */
export function readSentence(line: string): SentenceRead {
  if (!/^\$[\x20-\x7e]*$/.test(line)) return { ok: false, code: 'NMEA_MALFORMED', detail: 'not printable ASCII' };
  const star = line.lastIndexOf('*');
  if (star < 0) return { ok: false, code: 'NMEA_BAD_CHECKSUM', detail: 'no checksum' };
  const body = line.slice(1, star);
  const given = line.slice(star + 1).trim();
  if (!/^[0-9A-Fa-f]{2}$/.test(given)) return { ok: false, code: 'NMEA_BAD_CHECKSUM', detail: `checksum "${given}" is not two hex digits` };
  const expected = nmeaChecksum(body);
  if (given.toUpperCase() !== expected) return { ok: false, code: 'NMEA_BAD_CHECKSUM', detail: `checksum ${given} != ${expected}` };
  return { ok: true, fields: body.split(',') };
}

/** ddmm.mmmm / dddmm.mmmm + hemisphere → signed decimal degrees, null when malformed. */
export function parseNmeaCoordinate(text: string, hemisphere: string, isLat: boolean): number | null {
  if (!/^\d{3,5}\.?\d*$/.test(text)) return null;
  const v = Number(text);
  const degrees = Math.trunc(v / 100);
  const minutes = v - degrees * 100;
  if (!(minutes < 60) || degrees > (isLat ? 90 : 180)) return null;
  const abs = degrees + minutes / 60;
  if (abs > (isLat ? 90 : 180)) return null;
  const h = hemisphere.toUpperCase();
  if (isLat ? h !== 'N' && h !== 'S' : h !== 'E' && h !== 'W') return null;
  return h === 'S' || h === 'W' ? -abs : abs;
}

/** Decimal degrees → "ddmm.mmmmm" / "dddmm.mmmmm" and hemisphere; minutes never round up to 60. */
export function formatNmeaCoordinate(value: number, isLat: boolean): [string, string] {
  const hemisphere = isLat ? (value < 0 ? 'S' : 'N') : value < 0 ? 'W' : 'E';
  const totalMinutes = Math.round(Math.abs(value) * 60 * 100_000); // 1e-5 minute units
  const degrees = Math.floor(totalMinutes / (60 * 100_000));
  const minutes = (totalMinutes - degrees * 60 * 100_000) / 100_000;
  const mm = minutes.toFixed(5).padStart(8, '0');
  return [`${String(degrees).padStart(isLat ? 2 : 3, '0')}${mm}`, hemisphere];
}

/** hhmmss(.sss) → seconds into the UTC day, null when malformed. */
export function parseNmeaTimeOfDay(text: string): number | null {
  const m = /^(\d{2})(\d{2})(\d{2}(?:\.\d+)?)$/.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  const s = Number(m[3]);
  if (h > 23 || min > 59 || s >= 61) return null;
  return h * 3600 + min * 60 + s;
}

/** ddmmyy → ms of UTC midnight (two-digit years: 80-99 → 19xx, else 20xx), null when malformed. */
export function parseNmeaDate(text: string): number | null {
  const m = /^(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!m) return null;
  const day = Number(m[1]);
  const month = Number(m[2]);
  const yy = Number(m[3]);
  const year = yy >= 80 ? 1900 + yy : 2000 + yy;
  const ms = Date.UTC(year, month - 1, day);
  const d = new Date(ms);
  return d.getUTCDate() === day && d.getUTCMonth() === month - 1 ? ms : null;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

export function formatNmeaTime(date: Date): string {
  const cs = Math.floor(date.getUTCMilliseconds() / 10);
  return `${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}.${pad(cs)}`;
}

export function formatNmeaDate(date: Date): string {
  return `${pad(date.getUTCDate())}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCFullYear() % 100)}`;
}
