import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { isPointInPolygon } from './polygon';

describe(isPointInPolygon.name, () => {
  // a 2° square with a 1° hole in the middle
  const square: Polygon = {
    type: 'Polygon',
    coordinates: [
      [[118, 29], [120, 29], [120, 31], [118, 31], [118, 29]],
      [[118.5, 29.5], [119.5, 29.5], [119.5, 30.5], [118.5, 30.5], [118.5, 29.5]],
    ],
  };

  it.each([
    { where: 'inside the ring', point: { lat: 29.2, lon: 118.2 }, expected: true },
    { where: 'in the hole', point: { lat: 30, lon: 119 }, expected: false },
    { where: 'outside', point: { lat: 32, lon: 119 }, expected: false },
  ])('should answer $expected when the point is $where', ({ point, expected }) => {
    expect(isPointInPolygon(point, square)).toBe(expected);
  });
});
