import { describe, expect, it } from 'vitest';
import { ClockOffsets } from './clock-offset';

const T0 = Date.parse('2026-11-22T10:00:00.000Z');
const MIN = 60_000;

/** A monitor writing once a second for `seconds`, its clock `offsetMs` behind, each sample arriving `delayMs` later. */
function live(sut: ClockOffsets, fromMs: number, seconds: number, offsetMs: number, delayMs = 80): number {
  let last = 0;
  for (let i = 0; i < seconds; i++) {
    const receivedAtMs = fromMs + i * 1000 + delayMs;
    last = sut.observe('lh-01|m1', fromMs + i * 1000 - offsetMs, receivedAtMs);
  }
  return last;
}

describe(ClockOffsets.name, () => {
  it('should see no offset on a monitor whose clock is right', () => {
    const sut = new ClockOffsets();
    expect(live(sut, T0, 30, 0)).toBe(0);
  });

  it('should believe a clock ahead at once: a sample cannot arrive before it was measured', () => {
    const sut = new ClockOffsets();
    expect(sut.observe('lh-01|m1', T0 + 120 * MIN, T0 + 50)).toBe(-120 * MIN + 50);
  });

  it('should learn a clock 10 minutes behind from a live stream, and only after watching it for a while', () => {
    const sut = new ClockOffsets();
    expect(live(sut, T0, 5, 10 * MIN)).toBe(0);
    expect(live(sut, T0 + 5000, 20, 10 * MIN)).toBe(10 * MIN + 80);
  });

  it('should not take a backlog drained after an outage for a slow clock', () => {
    const sut = new ClockOffsets();
    live(sut, T0, 20, 0);
    // ten minutes of samples measured during the outage arrive within 15 s of the link coming back
    const backAtMs = T0 + 20_000 + 10 * MIN;
    for (let i = 0; i < 600; i++) {
      expect(sut.observe('lh-01|m1', T0 + 20_000 + i * 1000, backAtMs + i * 25)).toBe(0);
    }
    expect(live(sut, backAtMs + 15_000, 30, 0)).toBe(0);
  });

  it('should follow a clock that is set right again', () => {
    const sut = new ClockOffsets();
    live(sut, T0, 20, -120 * MIN);
    // set forward… (a slower clock is learnt from the live stream)
    expect(live(sut, T0 + 20_000, 30, 0)).toBe(80);
    // …and back again (a faster one at once)
    expect(sut.observe('lh-01|m1', T0 + 50_000 + 120 * MIN, T0 + 50_100)).toBe(-120 * MIN + 100);
  });

  it('should keep each monitor apart', () => {
    const sut = new ClockOffsets();
    sut.observe('lh-01|front', T0 + 2 * MIN, T0);
    expect(sut.offsetOf('lh-01|rear')).toBe(0);
    expect(sut.offsetOf('lh-01|front')).toBe(-2 * MIN);
  });
});
