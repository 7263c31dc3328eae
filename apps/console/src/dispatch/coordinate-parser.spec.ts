import { describe, expect, it } from 'vitest';
import { formatCoordinates, parseTypedCoordinates } from './coordinate-parser';

describe(parseTypedCoordinates.name, () => {
  it.each([
    ['30.0860, 118.3532', 30.086, 118.3532],
    ['30.0860,118.3532', 30.086, 118.3532],
    ['  30.0860   118.3532 ', 30.086, 118.3532],
    ['30.0860; 118.3532', 30.086, 118.3532],
    // what a Chinese input method types: full-width comma, full-width digits, 、
    ['30.0860，118.3532', 30.086, 118.3532],
    ['３０.０８６０，１１８.３５３２', 30.086, 118.3532],
    ['30.0860、118.3532', 30.086, 118.3532],
    ['30.0860°, 118.3532°', 30.086, 118.3532],
    ['-33.8688, -151.2093', -33.8688, -151.2093],
    ['+90.0, 180.0', 90, 180],
  ])('should read %j as latitude then longitude', (text, lat, lon) => {
    expect(parseTypedCoordinates(text)).toEqual({ kind: 'ok', location: { lat, lon } });
  });

  it.each([
    ['118.3532, 30.0860'], // longitude first
    ['90.5, 118.3'],
    ['30.1, 180.01'],
    ['-91.0, 0.0'],
  ])('should refuse %j as out of range', (text) => {
    expect(parseTypedCoordinates(text)).toEqual({ kind: 'out_of_range' });
  });

  it.each([[''], ['杨村'], ['Yangcun'], ['30.0860'], ['30, 118'], ['杨村街38号'], ['30.0860, 118.3532, 12.0'], ['30.08.60, 118.3532'], ['1234.5, 1.0']])(
    'should leave %j to the gazetteer search',
    (text) => {
      expect(parseTypedCoordinates(text)).toEqual({ kind: 'none' });
    },
  );
});

describe(formatCoordinates.name, () => {
  it('should show five decimals, latitude first', () => {
    expect(formatCoordinates({ lat: 30.086, lon: 118.3532 })).toBe('30.08600, 118.35320');
  });
});
