import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { NmeaStreamParser } from './parser';
import type { NmeaEvent } from './sentence';

const RMC = '$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A\r\n';
const GGA = withSum('$GPGGA,123520,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*');
const VTG = '$GPVTG,054.7,T,034.4,M,005.5,N,010.2,K*48\r\n';
const bytes = (s: string): Buffer => Buffer.from(s, 'latin1');
const kinds = (events: NmeaEvent[]): string[] => events.map((e) => (e.type === 'error' ? e.code : `${e.type} ${e.sentence}`));

describe(NmeaStreamParser.name, () => {
  it('should decode an RMC fix with position, speed, heading and time', () => {
    const [sut] = new NmeaStreamParser().push(bytes(RMC));
    expect(sut).toMatchObject({ type: 'fix', sentence: 'RMC', ts: '1994-03-23T12:35:19.000Z', fix: 'gps', valid: true, hdop: null, headingDeg: 84.4 });
    if (sut?.type !== 'fix') return;
    expect(sut.lat).toBeCloseTo(48.1173, 6);
    expect(sut.lon).toBeCloseTo(11.516667, 6);
    expect(sut.speedMps).toBeCloseTo(11.5236, 4);
  });

  it('should decode GGA quality and HDOP and date it from the last RMC', () => {
    const sut = new NmeaStreamParser();
    const alone = new NmeaStreamParser().push(bytes(GGA));
    expect(alone[0]).toMatchObject({ sentence: 'GGA', ts: null, fix: 'gps', hdop: 0.9, valid: true, speedMps: null });
    const events = sut.push(bytes(RMC + GGA));
    expect(events[1]).toMatchObject({ sentence: 'GGA', ts: '1994-03-23T12:35:20.000Z' });
  });

  it('should roll the GGA date over midnight when RMC was just before it', () => {
    const sut = new NmeaStreamParser();
    const rmc = '$GNRMC,235959.50,A,3003.00000,N,11833.00000,E,0.0,,211126,,,A*';
    const events = sut.push(bytes(`${withSum(rmc)}${withSum('$GNGGA,000000.50,3003.00000,N,11833.00000,E,1,10,0.8,30.0,M,,M,,*')}`));
    expect(events.map((e) => (e.type === 'fix' ? e.ts : null))).toEqual(['2026-11-21T23:59:59.500Z', '2026-11-22T00:00:00.500Z']);
  });

  it('should decode VTG course and speed', () => {
    const [sut] = new NmeaStreamParser().push(bytes(VTG));
    expect(sut).toMatchObject({ type: 'course', sentence: 'VTG', headingDeg: 54.7 });
    if (sut?.type === 'course') expect(sut.speedMps).toBeCloseTo(5.5 * 0.514444, 4);
  });

  it('should report an invalid fix when RMC status is V or GGA quality is 0', () => {
    const sut = new NmeaStreamParser();
    const events = sut.push(bytes(withSum('$GPRMC,123519,V,4807.038,N,01131.000,E,,,230394,,,N*') + withSum('$GPGGA,123519,4807.038,N,01131.000,E,0,00,99.9,,M,,M,,*')));
    expect(events).toMatchObject([
      { sentence: 'RMC', valid: false, fix: 'none' },
      { sentence: 'GGA', valid: false, fix: 'none' },
    ]);
  });

  it('should emit nothing but count the sentence when a receiver has no position yet', () => {
    const sut = new NmeaStreamParser();
    expect(sut.push(bytes('$GPRMC,,V,,,,,,,,,,N*53\r\n'))).toEqual([]);
    expect(sut.stats).toEqual({ sentences: 1, errors: 0, discardedBytes: 0 });
  });

  it('should decode GNRMC / GNGGA with south and west hemispheres', () => {
    const events = new NmeaStreamParser().push(bytes(withSum('$GNRMC,083559.00,A,3351.52000,S,15112.57000,W,0.004,77.52,091202,,,D*')));
    expect(events[0]).toMatchObject({ sentence: 'RMC', fix: 'dgps', ts: '2002-12-09T08:35:59.000Z' });
    if (events[0]?.type === 'fix') {
      expect(events[0].lat).toBeCloseTo(-33.858667, 6);
      expect(events[0].lon).toBeCloseTo(-151.209500, 6);
    }
  });

  it('should drop a bad checksum and go on with the next sentence', () => {
    const sut = new NmeaStreamParser();
    const events = sut.push(bytes(RMC.replace('*6A', '*6B') + VTG));
    expect(kinds(events)).toEqual(['NMEA_BAD_CHECKSUM', 'course VTG']);
    expect(sut.stats.errors).toBe(1);
  });

  it('should wait for the rest when a sentence is split across chunks', () => {
    const sut = new NmeaStreamParser();
    expect(sut.push(bytes(RMC.slice(0, 30)))).toEqual([]);
    expect(sut.push(bytes(RMC.slice(30, -2)))).toEqual([]);
    expect(kinds(sut.push(bytes(RMC.slice(-2))))).toEqual(['fix RMC']);
  });

  it('should emit both when two sentences arrive in one chunk', () => {
    expect(kinds(new NmeaStreamParser().push(bytes(RMC + VTG)))).toEqual(['fix RMC', 'course VTG']);
  });

  it('should skip leading noise and resync on $', () => {
    const sut = new NmeaStreamParser();
    expect(kinds(sut.push(bytes('\xb5\x62\x01\x07garbage' + RMC)))).toEqual(['fix RMC']);
    expect(sut.stats.discardedBytes).toBe(11);
  });

  it('should report a sentence cut by the next $ as malformed and read the next one', () => {
    expect(kinds(new NmeaStreamParser().push(bytes(RMC.slice(0, 25) + VTG)))).toEqual(['NMEA_MALFORMED', 'course VTG']);
  });

  it('should decode a complete last sentence without CR LF at flush and report a truncated one', () => {
    const ok = new NmeaStreamParser();
    expect(ok.push(bytes(VTG.trimEnd()))).toEqual([]);
    expect(kinds(ok.flush())).toEqual(['course VTG']);
    const cut = new NmeaStreamParser();
    cut.push(bytes(VTG.slice(0, 20)));
    expect(kinds(cut.flush())).toEqual(['NMEA_MALFORMED']);
  });

  it('should drop an oversize line, report it once and read the next sentence', () => {
    const sut = new NmeaStreamParser();
    const long = `$GPGSV,${'1,'.repeat(60)}*00\r\n`;
    const events = [...sut.push(bytes(long.slice(0, 90))), ...sut.push(bytes(long.slice(90) + VTG))];
    expect(kinds(events)).toEqual(['NMEA_OVERSIZE', 'course VTG']);
    expect(sut.stats.discardedBytes).toBe(long.length - 2);
  });

  it('should accept longer lines when maxLineBytes allows them', () => {
    const long = withSum(`$GPGSV,${'1,'.repeat(60)}*`);
    expect(kinds(new NmeaStreamParser({ maxLineBytes: 256 }).push(bytes(long)))).toEqual(['NMEA_UNSUPPORTED']);
  });

  it.each([
    ['LF', '\n'],
    ['CR', '\r'],
  ])('should accept %s alone as the line end', (_name, end) => {
    expect(kinds(new NmeaStreamParser().push(bytes(RMC.replace('\r\n', end) + VTG.replace('\r\n', end))))).toEqual(['fix RMC', 'course VTG']);
  });

  it('should report sentences it does not decode without counting them as faults', () => {
    const sut = new NmeaStreamParser();
    const events = sut.push(bytes(withSum('$GPGSA,A,3,04,05,,09,12,,,24,,,,,2.5,1.3,2.1*') + withSum('$PUBX,00,081350.00*')));
    expect(events).toEqual([
      { type: 'error', code: 'NMEA_UNSUPPORTED', detail: 'GPGSA' },
      { type: 'error', code: 'NMEA_UNSUPPORTED', detail: 'PUBX' },
    ]);
    expect(sut.stats).toEqual({ sentences: 2, errors: 0, discardedBytes: 0 });
  });

  it.each([
    ['$GPRMC,123519,A,4807.038,X,01131.000,E,022.4,084.4,230394,003.1,W*', 'hemisphere'],
    ['$GPRMC,123519,Q,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*', 'status'],
    ['$GPRMC,256019,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*', 'time'],
    ['$GPGGA,123519,4807.038,N,01131.000,E,9,08,0.9,545.4,M,46.9,M,,*', 'quality'],
    ['$GPRMC,123519,A*', 'short'],
  ])('should report a malformed sentence with a valid checksum (%s)', (body, _why) => {
    expect(kinds(new NmeaStreamParser().push(bytes(withSum(body))))).toEqual(['NMEA_MALFORMED']);
  });
});

function withSum(withStar: string): string {
  const body = withStar.slice(1, withStar.lastIndexOf('*'));
  let x = 0;
  for (const c of body) x ^= c.charCodeAt(0);
  return `$${body}*${x.toString(16).toUpperCase().padStart(2, '0')}\r\n`;
}
