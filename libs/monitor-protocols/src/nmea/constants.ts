// NMEA 0183: "$" + address + "," + fields + "*" + two hex digits + CR LF, at most 82 characters.
export const NMEA_START = 0x24; // '$'
export const NMEA_MAX_LINE_BYTES = 82;
/** Upper bound accepted for maxLineBytes: some GNSS modules exceed 82 on long GSV/GSA lines. */
export const NMEA_MAX_LINE_BYTES_LIMIT = 1024;

export const MPS_PER_KNOT = 1852 / 3600;
export const MPS_PER_KMH = 1000 / 3600;

// GPS, GNSS (combined), GLONASS, Galileo, BeiDou (GB; older Chinese modules use BD), QZSS, NavIC.
export const TALKERS: ReadonlySet<string> = new Set(['GP', 'GN', 'GL', 'GA', 'GB', 'BD', 'GQ', 'GI']);

export type NmeaFix = 'none' | 'gps' | 'dgps' | 'estimated';

// GGA quality indicator → fix; 3 (PPS) is a plain fix, 4/5 (RTK) are differential, 7 manual
// input and 8 simulator are not a real position.
export const GGA_FIX: Readonly<Record<string, NmeaFix>> = {
  '0': 'none',
  '1': 'gps',
  '2': 'dgps',
  '3': 'gps',
  '4': 'dgps',
  '5': 'dgps',
  '6': 'estimated',
  '7': 'none',
  '8': 'none',
};

// RMC/VTG mode indicator (NMEA 2.3+): Autonomous, Differential, Estimated, RTK Float/Real-time,
// Precise, Manual, Simulator, Not valid.
export const MODE_FIX: Readonly<Record<string, NmeaFix>> = {
  A: 'gps',
  D: 'dgps',
  F: 'dgps',
  R: 'dgps',
  P: 'dgps',
  E: 'estimated',
  M: 'none',
  S: 'none',
  N: 'none',
};
