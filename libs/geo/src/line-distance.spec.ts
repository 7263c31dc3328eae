import { describe, expect, it } from 'vitest';
import { distanceM } from './distance';
import { distanceToLineM } from './line-distance';

describe(distanceToLineM.name, () => {
  const line = [
    [118.5, 30],
    [118.6, 30],
  ];

  it('should measure the perpendicular distance when the point is beside a segment', () => {
    const sut = distanceToLineM({ lat: 30.01, lon: 118.55 }, line);
    expect(Math.abs(sut - distanceM({ lat: 30.01, lon: 118.55 }, { lat: 30, lon: 118.55 }))).toBeLessThan(1);
  });

  it('should measure to the nearest end when the point is past the segment', () => {
    const point = { lat: 30, lon: 118.62 };
    const sut = distanceToLineM(point, line);
    expect(Math.abs(sut - distanceM(point, { lat: 30, lon: 118.6 }))).toBeLessThan(1);
  });
});
