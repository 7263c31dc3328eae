import { describe, expect, it } from 'vitest';
import { CSS_PX_PER_MM, gridLines, mvToY, pxPerMm, stripDurationMs, sweepX, wrapSpans } from './ecg-sweep';

describe(pxPerMm.name, () => {
  it('should use 96/25.4 CSS px per mm, times the device pixel ratio', () => {
    expect(CSS_PX_PER_MM).toBeCloseTo(3.7795, 4);
    expect(pxPerMm(2)).toBeCloseTo(7.559, 3);
    expect(pxPerMm(0)).toBeCloseTo(CSS_PX_PER_MM);
  });
});

describe(sweepX.name, () => {
  it('should move 25 mm per second and wrap at the strip width', () => {
    const mm = 4; // px per mm, for round numbers
    expect(sweepX(1000, 1000, mm)).toBe(100);
    expect(sweepX(11_000, 1000, mm)).toBe(100);
    expect(sweepX(-1000, 1000, mm)).toBe(900);
  });

  it('should show 10 s across a 250 mm strip', () => {
    expect(stripDurationMs(250 * 4, 4)).toBe(10_000);
  });
});

describe(mvToY.name, () => {
  it('should draw 1 mV as 10 mm above the baseline', () => {
    expect(mvToY(1, 100, 4)).toBe(60);
    expect(mvToY(-0.5, 100, 4)).toBe(120);
  });
});

describe(gridLines.name, () => {
  it('should put a major line every 5 mm and minor lines between', () => {
    const sut = gridLines(40, 4); // 10 mm
    expect(sut.major).toEqual([0, 20, 40]);
    expect(sut.minor).toHaveLength(8);
  });
});

describe(wrapSpans.name, () => {
  it('should clear one span inside the strip', () => {
    expect(wrapSpans(10, 30, 100)).toEqual([[10, 20]]);
  });

  it('should split a span that crosses the right edge', () => {
    expect(wrapSpans(90, 110, 100)).toEqual([
      [90, 10],
      [0, 10],
    ]);
  });

  it('should clear everything after a gap longer than the strip, nothing when time stood still', () => {
    expect(wrapSpans(0, 500, 100)).toEqual([[0, 100]]);
    expect(wrapSpans(30, 30, 100)).toEqual([]);
  });
});
