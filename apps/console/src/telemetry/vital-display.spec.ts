import { describe, expect, it } from 'vitest';
import { describeAge, formatVitalValue } from './vital-display';

describe(formatVitalValue.name, () => {
  it('should use the decimals of the vital-sign table and a dash when missing', () => {
    expect(formatVitalValue('TEMP', 36.84)).toBe('36.8');
    expect(formatVitalValue('HR', 88.4)).toBe('88');
    expect(formatVitalValue('SPO2', null)).toBe('—');
  });
});

describe(describeAge.name, () => {
  it.each([
    [5_000, { n: 5, unit: 'sec' }],
    [125_000, { n: 2, unit: 'min' }],
    [7_300_000, { n: 2, unit: 'hour' }],
    [-3_000, { n: 0, unit: 'sec' }],
  ] as const)('should describe a reading %i ms old as %j', (ageMs, expected) => {
    expect(describeAge(1_000_000 - ageMs, 1_000_000)).toEqual(expected);
  });
});
