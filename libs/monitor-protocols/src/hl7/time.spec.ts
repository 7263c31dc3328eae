import { describe, expect, it } from 'vitest';
import { formatHl7Time, parseHl7Time } from './time';

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
