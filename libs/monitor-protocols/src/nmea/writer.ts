import { MPS_PER_KMH, MPS_PER_KNOT } from './constants';
import { formatNmeaCoordinate, formatNmeaDate, formatNmeaTime, frameNmea } from './frame';

// Writers for the simulator and tests: GP talker, NMEA 2.3 fields, checksum and CR LF.

const fixed = (v: number, digits: number): string => (Number.isFinite(v) ? Math.max(0, v).toFixed(digits) : '');

function courseText(headingDeg: number): string {
  if (!Number.isFinite(headingDeg)) return '';
  const h = ((headingDeg % 360) + 360) % 360;
  const text = h.toFixed(2);
  return text === '360.00' ? '0.00' : text;
}

export function writeNmeaRmc(input: { time: Date; lat: number; lon: number; speedMps: number; headingDeg: number; valid?: boolean }): string {
  const valid = input.valid ?? true;
  const [lat, ns] = formatNmeaCoordinate(input.lat, true);
  const [lon, ew] = formatNmeaCoordinate(input.lon, false);
  const body = [
    'GPRMC',
    formatNmeaTime(input.time),
    valid ? 'A' : 'V',
    lat,
    ns,
    lon,
    ew,
    fixed(input.speedMps / MPS_PER_KNOT, 3),
    courseText(input.headingDeg),
    formatNmeaDate(input.time),
    '',
    '',
    valid ? 'A' : 'N',
  ].join(',');
  return frameNmea(body);
}

export function writeNmeaGga(input: {
  time: Date;
  lat: number;
  lon: number;
  fixQuality: 0 | 1 | 2 | 6;
  satellites: number;
  hdop: number;
  altitudeM: number;
}): string {
  const [lat, ns] = formatNmeaCoordinate(input.lat, true);
  const [lon, ew] = formatNmeaCoordinate(input.lon, false);
  const body = [
    'GPGGA',
    formatNmeaTime(input.time),
    lat,
    ns,
    lon,
    ew,
    String(input.fixQuality),
    String(Math.max(0, Math.min(99, Math.round(input.satellites)))).padStart(2, '0'),
    fixed(input.hdop, 1),
    Number.isFinite(input.altitudeM) ? input.altitudeM.toFixed(1) : '',
    'M',
    '',
    'M',
    '',
    '',
  ].join(',');
  return frameNmea(body);
}

export function writeNmeaVtg(input: { speedMps: number; headingDeg: number }): string {
  const body = [
    'GPVTG',
    courseText(input.headingDeg),
    'T',
    '',
    'M',
    fixed(input.speedMps / MPS_PER_KNOT, 3),
    'N',
    fixed(input.speedMps / MPS_PER_KMH, 3),
    'K',
    'A',
  ].join(',');
  return frameNmea(body);
}
