import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { NmeaStreamParser } from './parser';
import { writeNmeaGga, writeNmeaRmc, writeNmeaVtg } from './writer';

const time = new Date('2026-11-22T07:45:12.340Z');
const read = (line: string) => new NmeaStreamParser().push(Buffer.from(line, 'latin1'));

describe(writeNmeaRmc.name, () => {
  it('should read back the position, speed, heading and time when written', () => {
    const line = writeNmeaRmc({ time, lat: 30.0512345, lon: 118.5567891, speedMps: 16.7, headingDeg: 271.25 });
    expect(line).toMatch(/^\$GPRMC,074512\.34,A,3003\.07407,N,11833\.40735,E,32\.462,271\.25,221126,,,A\*[0-9A-F]{2}\r\n$/);
    expect(line.length).toBeLessThanOrEqual(82);
    const [sut] = read(line);
    expect(sut).toMatchObject({ type: 'fix', sentence: 'RMC', ts: '2026-11-22T07:45:12.340Z', valid: true, fix: 'gps', headingDeg: 271.25 });
    if (sut?.type !== 'fix') return;
    expect(sut.lat).toBeCloseTo(30.0512345, 6);
    expect(sut.lon).toBeCloseTo(118.5567891, 6);
    expect(sut.speedMps).toBeCloseTo(16.7, 3);
  });

  it('should write status V and mode N when the fix is not valid', () => {
    expect(read(writeNmeaRmc({ time, lat: -1, lon: -2, speedMps: 0, headingDeg: 360, valid: false }))).toMatchObject([
      { valid: false, fix: 'none', headingDeg: 0 },
    ]);
  });
});

describe(writeNmeaGga.name, () => {
  it('should read back quality, HDOP and position', () => {
    const line = writeNmeaGga({ time, lat: 30.05, lon: 118.55, fixQuality: 2, satellites: 9, hdop: 0.8, altitudeM: 31.4 });
    expect(line).toMatch(/^\$GPGGA,074512\.34,3003\.00000,N,11833\.00000,E,2,09,0\.8,31\.4,M,,M,,\*[0-9A-F]{2}\r\n$/);
    expect(read(line)).toMatchObject([{ sentence: 'GGA', fix: 'dgps', hdop: 0.8, valid: true }]);
    expect(read(writeNmeaGga({ time, lat: 30.05, lon: 118.55, fixQuality: 6, satellites: 0, hdop: 99, altitudeM: 0 }))).toMatchObject([{ fix: 'estimated' }]);
  });
});

describe(writeNmeaVtg.name, () => {
  it('should read back speed and heading', () => {
    const [sut] = read(writeNmeaVtg({ speedMps: 13.9, headingDeg: 89.5 }));
    expect(sut).toMatchObject({ type: 'course', headingDeg: 89.5 });
    if (sut?.type === 'course') expect(sut.speedMps).toBeCloseTo(13.9, 3);
  });
});
