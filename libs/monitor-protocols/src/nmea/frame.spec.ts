import { describe, expect, it } from 'vitest';
import { formatNmeaCoordinate, nmeaChecksum, parseNmeaCoordinate, parseNmeaDate, readSentence } from './frame';

describe(nmeaChecksum.name, () => {
  it.each([
    // classic NMEA examples with their published checksums
    ['GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W', '6A'],
    ['GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,', '47'],
    ['GPVTG,054.7,T,034.4,M,005.5,N,010.2,K', '48'],
    ['GPRMC,,V,,,,,,,,,,N', '53'],
  ])('should compute the published checksum of %s', (body, sum) => {
    expect(nmeaChecksum(body)).toBe(sum);
  });
});

describe(readSentence.name, () => {
  it('should refuse a sentence whose checksum does not match', () => {
    expect(readSentence('$GPVTG,054.7,T,034.4,M,005.5,N,010.2,K*49')).toMatchObject({ ok: false, code: 'NMEA_BAD_CHECKSUM' });
    expect(readSentence('$GPVTG,054.7,T,034.4,M,005.5,N,010.2,K')).toMatchObject({ ok: false, code: 'NMEA_BAD_CHECKSUM' });
    expect(readSentence('$GPVTG,054.7,T,034.4,M,005.5,N,010.2,K*48')).toEqual({ ok: true, fields: ['GPVTG', '054.7', 'T', '034.4', 'M', '005.5', 'N', '010.2', 'K'] });
  });
});

describe(parseNmeaCoordinate.name, () => {
  it.each([
    ['4807.038', 'N', true, 48.1173],
    ['01131.000', 'E', false, 11.516667],
    ['3003.1200', 'S', true, -30.052],
    ['11833.6000', 'W', false, -118.56],
  ])('should read %s %s as %d', (text, h, isLat, expected) => {
    expect(parseNmeaCoordinate(text, h, isLat)).toBeCloseTo(expected, 5);
  });

  it.each([
    ['4860.000', 'N', true],
    ['9100.000', 'N', true],
    ['4807.038', 'E', true],
    ['18100.000', 'E', false],
    ['48a7.038', 'N', true],
    ['', 'N', true],
  ])('should refuse %s %s', (text, h, isLat) => {
    expect(parseNmeaCoordinate(text, h, isLat)).toBeNull();
  });
});

describe(formatNmeaCoordinate.name, () => {
  it('should carry into the degrees instead of writing 60 minutes when rounding', () => {
    expect(formatNmeaCoordinate(30.9999999999, true)).toEqual(['3100.00000', 'N']);
    expect(formatNmeaCoordinate(-118.5, false)).toEqual(['11830.00000', 'W']);
  });
});

describe(parseNmeaDate.name, () => {
  it('should read two-digit years around 2000 and refuse impossible dates', () => {
    expect(new Date(parseNmeaDate('230394')!).toISOString()).toBe('1994-03-23T00:00:00.000Z');
    expect(new Date(parseNmeaDate('221126')!).toISOString()).toBe('2026-11-22T00:00:00.000Z');
    expect(parseNmeaDate('310226')).toBeNull();
  });
});
