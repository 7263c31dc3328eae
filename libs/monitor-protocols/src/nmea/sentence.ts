import { GGA_FIX, MODE_FIX, MPS_PER_KMH, MPS_PER_KNOT, TALKERS, type NmeaFix } from './constants';
import { parseNmeaCoordinate, parseNmeaDate, parseNmeaTimeOfDay } from './frame';

export type NmeaErrorCode = 'NMEA_BAD_CHECKSUM' | 'NMEA_MALFORMED' | 'NMEA_OVERSIZE' | 'NMEA_UNSUPPORTED';

export type NmeaEvent =
  | {
      type: 'fix';
      sentence: 'RMC' | 'GGA';
      ts: string | null;
      lat: number;
      lon: number;
      speedMps: number | null;
      headingDeg: number | null;
      fix: NmeaFix;
      hdop: number | null;
      valid: boolean;
    }
  | { type: 'course'; sentence: 'VTG'; speedMps: number | null; headingDeg: number | null }
  | { type: 'error'; code: NmeaErrorCode; detail: string };

/** What the decoder remembers between sentences: GGA has no date, RMC has. */
export interface NmeaDateMemory {
  /** UTC midnight (ms) and seconds-of-day of the last RMC with a date. */
  lastDateMs: number | null;
  lastSecondsOfDay: number | null;
}

const NUMBER = /^\d+(\.\d*)?$/;
const num = (text: string | undefined): number | null => (text !== undefined && NUMBER.test(text) ? Number(text) : null);
const malformed = (detail: string): NmeaEvent => ({ type: 'error', code: 'NMEA_MALFORMED', detail });

function heading(text: string | undefined): number | null {
  const v = num(text);
  if (v === null || v > 360) return null;
  return v === 360 ? 0 : v;
}

/** Decodes the fields of a checksum-valid sentence. Returns null for a no-fix sentence (no position). */
export function decodeSentence(fields: string[], memory: NmeaDateMemory): NmeaEvent | null {
  const address = fields[0] ?? '';
  const talker = address.slice(0, 2);
  const kind = address.slice(2);
  if (address.length !== 5 || !TALKERS.has(talker)) return { type: 'error', code: 'NMEA_UNSUPPORTED', detail: address };
  switch (kind) {
    case 'RMC':
      return decodeRmc(fields, memory);
    case 'GGA':
      return decodeGga(fields, memory);
    case 'VTG':
      return decodeVtg(fields);
    default:
      return { type: 'error', code: 'NMEA_UNSUPPORTED', detail: address };
  }
}

function position(latText = '', ns = '', lonText = '', ew = ''): { lat: number; lon: number } | 'none' | 'bad' {
  if (latText === '' && lonText === '') return 'none';
  const lat = parseNmeaCoordinate(latText, ns, true);
  const lon = parseNmeaCoordinate(lonText, ew, false);
  return lat === null || lon === null ? 'bad' : { lat, lon };
}

// $--RMC,hhmmss.ss,A,llll.ll,a,yyyyy.yy,a,x.x,x.x,ddmmyy,x.x,a[,m[,s]]*hh
function decodeRmc(f: string[], memory: NmeaDateMemory): NmeaEvent | null {
  if (f.length < 10) return malformed(`RMC with ${f.length} fields`);
  const status = f[2];
  if (status !== 'A' && status !== 'V') return malformed(`RMC status "${status}"`);
  const pos = position(f[3], f[4], f[5], f[6]);
  if (pos === 'bad') return malformed('RMC position');
  const seconds = f[1] === '' ? null : parseNmeaTimeOfDay(f[1]!);
  const dateMs = f[9] === '' ? null : parseNmeaDate(f[9]!);
  if ((f[1] !== '' && seconds === null) || (f[9] !== '' && dateMs === null)) return malformed('RMC time or date');
  if (dateMs !== null && seconds !== null) {
    memory.lastDateMs = dateMs;
    memory.lastSecondsOfDay = seconds;
  }
  if (pos === 'none') return null;
  const mode = f[12]?.[0];
  const modeFix = mode === undefined ? undefined : MODE_FIX[mode];
  const valid = status === 'A' && modeFix !== 'none';
  const speedKnots = num(f[7]);
  return {
    type: 'fix',
    sentence: 'RMC',
    ts: dateMs !== null && seconds !== null ? new Date(dateMs + Math.round(seconds * 1000)).toISOString() : null,
    lat: pos.lat,
    lon: pos.lon,
    speedMps: speedKnots === null ? null : speedKnots * MPS_PER_KNOT,
    headingDeg: heading(f[8]),
    fix: valid ? (modeFix ?? 'gps') : 'none',
    hdop: null,
    valid,
  };
}

// $--GGA,hhmmss.ss,llll.ll,a,yyyyy.yy,a,q,nn,h.h,alt,M,sep,M,age,stn*hh
function decodeGga(f: string[], memory: NmeaDateMemory): NmeaEvent | null {
  if (f.length < 10) return malformed(`GGA with ${f.length} fields`);
  const pos = position(f[2], f[3], f[4], f[5]);
  if (pos === 'bad') return malformed('GGA position');
  const fix = GGA_FIX[f[6] ?? ''];
  if (fix === undefined) return malformed(`GGA quality "${f[6]}"`);
  const seconds = f[1] === '' ? null : parseNmeaTimeOfDay(f[1]!);
  if (f[1] !== '' && seconds === null) return malformed('GGA time');
  if (pos === 'none') return null;
  return {
    type: 'fix',
    sentence: 'GGA',
    ts: ggaInstant(seconds, memory),
    lat: pos.lat,
    lon: pos.lon,
    speedMps: null,
    headingDeg: null,
    fix,
    hdop: num(f[8]),
    valid: fix !== 'none',
  };
}

/** GGA carries only a time of day: date it with the last RMC, rolling over midnight. */
function ggaInstant(seconds: number | null, memory: NmeaDateMemory): string | null {
  if (seconds === null || memory.lastDateMs === null || memory.lastSecondsOfDay === null) return null;
  let dateMs = memory.lastDateMs;
  if (seconds < memory.lastSecondsOfDay - 12 * 3600) dateMs += 86_400_000;
  else if (seconds > memory.lastSecondsOfDay + 12 * 3600) dateMs -= 86_400_000;
  return new Date(dateMs + Math.round(seconds * 1000)).toISOString();
}

// $--VTG,ccc.c,T,ccc.c,M,sss.s,N,sss.s,K[,m]*hh; pre-2.0 receivers omit the unit letters.
function decodeVtg(f: string[]): NmeaEvent {
  const lettered = f[2] === 'T' || f[4] === 'M' || f[6] === 'N' || f[8] === 'K';
  const [cog, knots, kmh, mode] = lettered ? [f[1], f[5], f[7], f[9]] : [f[1], f[3], f[4], undefined];
  if (mode !== undefined && mode !== '' && MODE_FIX[mode[0]!] === 'none') {
    return { type: 'course', sentence: 'VTG', speedMps: null, headingDeg: null };
  }
  const k = num(knots);
  const kph = num(kmh);
  return {
    type: 'course',
    sentence: 'VTG',
    speedMps: k !== null ? k * MPS_PER_KNOT : kph !== null ? kph * MPS_PER_KMH : null,
    headingDeg: heading(cog),
  };
}
