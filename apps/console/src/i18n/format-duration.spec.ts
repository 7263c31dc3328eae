import { describe, expect, it } from 'vitest';
import { etaMinutes, formatDuration, formatKm, formatMinutesSeconds } from './format-duration';

describe(formatDuration.name, () => {
  it.each([
    [0, '0:00'],
    [59_999, '0:59'],
    [61_000, '1:01'],
    [-42_000, '0:42'],
    [3_725_000, '1:02:05'],
  ])('should show %i ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe(etaMinutes.name, () => {
  it('should round to whole minutes and never show 0', () => {
    expect(etaMinutes(20)).toBe(1);
    expect(etaMinutes(450)).toBe(8);
  });
});

describe(formatKm.name, () => {
  it('should keep one decimal only for short distances', () => {
    expect(formatKm(4_260)).toBe('4.3');
    expect(formatKm(12_600)).toBe('13');
  });
});

describe(formatMinutesSeconds.name, () => {
  it('should pad to mm:ss and keep counting minutes past the hour', () => {
    expect(formatMinutesSeconds(11_000)).toBe('00:11');
    expect(formatMinutesSeconds(4_502_000)).toBe('75:02');
  });
});
