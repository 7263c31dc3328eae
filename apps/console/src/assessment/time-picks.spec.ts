import { describe, expect, it } from 'vitest';
import { clockOf, instantFromClock, minutesAgoInstant, minutesSince } from './time-picks';

// Local wall-clock times: the expectations are built with the same Date setters, so they hold in any time zone.
function localMs(y: number, mo: number, d: number, h: number, mi: number, s = 0): number {
  return new Date(y, mo - 1, d, h, mi, s).getTime();
}

describe(minutesAgoInstant.name, () => {
  it('should start at the whole minute', () => {
    expect(minutesAgoInstant(localMs(2026, 3, 1, 10, 20, 42), 0)).toBe(new Date(localMs(2026, 3, 1, 10, 20)).toISOString());
  });

  it('should go back 15 minutes', () => {
    expect(minutesAgoInstant(localMs(2026, 3, 1, 10, 20, 42), 15)).toBe(new Date(localMs(2026, 3, 1, 10, 5)).toISOString());
  });
});

describe(instantFromClock.name, () => {
  it('should read a time earlier today as today', () => {
    expect(instantFromClock('08:05', localMs(2026, 3, 1, 10, 0))).toBe(new Date(localMs(2026, 3, 1, 8, 5)).toISOString());
  });

  it('should read a time later than now as yesterday', () => {
    expect(instantFromClock('23:50', localMs(2026, 3, 1, 0, 20))).toBe(new Date(localMs(2026, 2, 28, 23, 50)).toISOString());
  });

  it.each(['', '24:00', '9:60', 'abc'])('should reject %j', (clock) => {
    expect(instantFromClock(clock, localMs(2026, 3, 1, 10, 0))).toBeNull();
  });

  it('should show the picked instant back as the same clock time', () => {
    const at = instantFromClock('07:45', localMs(2026, 3, 1, 10, 0));
    expect(clockOf(at)).toBe('07:45');
  });
});

describe(minutesSince.name, () => {
  it('should count whole minutes and never go negative', () => {
    const now = localMs(2026, 3, 1, 10, 0);
    expect(minutesSince(new Date(now - 90_000).toISOString(), now)).toBe(1);
    expect(minutesSince(new Date(now + 90_000).toISOString(), now)).toBe(0);
  });
});
