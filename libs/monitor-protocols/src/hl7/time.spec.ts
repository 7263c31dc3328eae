import { describe, expect, it } from 'vitest';
import { formatHl7Time, hasHl7TimeOffset, parseHl7Time, utcOffsetInZone, utcOffsetInZoneAt } from './time';

describe(parseHl7Time.name, () => {
  it.each([
    // MSH-7 with fractional seconds and an offset (monitor-protocols.md §1.2)
    ['20260726231332.1106+0800', '2026-07-26T15:13:32.110Z'],
    // Mindray: three millisecond digits without a dot
    ['20260124131540000+0800', '2026-01-24T05:15:40.000Z'],
    ['20260124120000000-0500', '2026-01-24T17:00:00.000Z'],
    // IHE PCD-01 example
    ['20110602045842+0000', '2011-06-02T04:58:42.000Z'],
    // seconds, minutes and hours precision
    ['20191206113452', '2019-12-06T11:34:52.000Z'],
    ['201912061134', '2019-12-06T11:34:00.000Z'],
    ['2019120611+0100', '2019-12-06T10:00:00.000Z'],
    // one fractional digit is tenths, not thousandths
    ['20191206113452.5', '2019-12-06T11:34:52.500Z'],
    // an offset that crosses midnight
    ['20250610015127+0800', '2025-06-09T17:51:27.000Z'],
  ])('should read %s as %s', (raw, iso) => {
    expect(parseHl7Time(raw)).toBe(iso);
  });

  it.each(['', '2019', '20191206', '20261332120000', '20250230120000', '20250101246000', 'not-a-date', '20250101120000+2500', '20250101120000.', '99991231235959-1400'])(
    'should give null when the value %j is not an instant',
    (raw) => {
      expect(parseHl7Time(raw)).toBeNull();
    },
  );

  it('should apply the assumed offset when the value carries none', () => {
    expect(parseHl7Time('20191206113452', 480)).toBe('2019-12-06T03:34:52.000Z');
    expect(parseHl7Time('20191206113452+0000', 480)).toBe('2019-12-06T11:34:52.000Z');
  });
});

describe(formatHl7Time.name, () => {
  it('should write UTC with +0000 and read back the same instant', () => {
    const at = new Date('2026-03-01T08:09:10.045Z');
    expect(formatHl7Time(at)).toBe('20260301080910.045+0000');
    expect(parseHl7Time(formatHl7Time(at))).toBe(at.toISOString());
    expect(formatHl7Time(new Date('2026-03-01T08:09:10Z'))).toBe('20260301080910+0000');
  });
});

describe(hasHl7TimeOffset.name, () => {
  it.each([
    ['20191206113452', false],
    ['20260124131540000', false],
    ['20260124131540000+0800', true],
    ['20260726231332.1106-0500', true],
    ['', null],
    ['not-a-date', null],
  ])('should say whether %j carries its own offset (%s)', (raw, expected) => {
    expect(hasHl7TimeOffset(raw)).toBe(expected);
  });
});

describe(utcOffsetInZone.name, () => {
  const wall = (iso: string): number => Date.parse(`${iso}Z`);

  it.each([
    // China has one zone and no daylight saving
    ['Asia/Shanghai', '2019-12-06T11:34:52', 480],
    ['Asia/Shanghai', '2026-07-01T12:00:00', 480],
    ['UTC', '2026-07-01T12:00:00', 0],
    // daylight saving follows the wall-clock date
    ['Europe/Berlin', '2026-01-15T12:00:00', 60],
    ['Europe/Berlin', '2026-07-15T12:00:00', 120],
    ['America/New_York', '2026-01-15T12:00:00', -300],
    ['Asia/Kolkata', '2026-01-15T12:00:00', 330],
  ])('should give %s at wall-clock %s as %i minutes east of UTC', (zone, at, minutes) => {
    expect(utcOffsetInZone(zone, wall(at))).toBe(minutes);
  });

  it('should give the offset in force at an instant', () => {
    expect(utcOffsetInZoneAt('Asia/Shanghai', new Date('2026-11-22T08:00:00Z'))).toBe(480);
    expect(utcOffsetInZoneAt('Europe/Berlin', new Date('2026-07-15T08:00:00Z'))).toBe(120);
  });

  it('should throw for a time zone the runtime does not know', () => {
    expect(() => utcOffsetInZone('Mars/Olympus_Mons', wall('2026-01-15T12:00:00'))).toThrow(RangeError);
  });
});
