import { describe, expect, it } from 'vitest';
import { calculateMews, type MewsInput } from './mews';
import { resolveClinicalSettings } from './settings';

// Sources: clinical.md §1.6 — Subbe 2001, table cross-checked with Postgrad Med J and the
// 中华急诊医学杂志 2016 Chinese table [V]. HR = 130 band [V for ≥130; the Chinese ">130" variant
// is a setting]. Cut-offs: ≥ 5 Subbe [V summary / M original], ≥ 4 BMJ Open 2018 [V].
const NORMAL: MewsInput = { systolicMmHg: 120, heartRateBpm: 70, respRateBpm: 12, temperatureC: 37, consciousness: 'A' };

describe(calculateMews.name, () => {
  const sut = calculateMews;

  it.each([
    // SBP row [V]: ≤70 → 3, 71–80 → 2, 81–100 → 1, 101–199 → 0, ≥200 → 2
    { systolicMmHg: 70, points: 3 },
    { systolicMmHg: 71, points: 2 },
    { systolicMmHg: 80, points: 2 },
    { systolicMmHg: 81, points: 1 },
    { systolicMmHg: 100, points: 1 },
    { systolicMmHg: 101, points: 0 },
    { systolicMmHg: 199, points: 0 },
    { systolicMmHg: 200, points: 2 },
  ])('should give $points points when systolic pressure is $systolicMmHg', ({ systolicMmHg, points }) => {
    expect(sut({ ...NORMAL, systolicMmHg }).parts.systolicMmHg).toBe(points);
  });

  it.each([
    // HR row [V]: ≤40 → 2, 41–50 → 1, 51–100 → 0, 101–110 → 1, 111–129 → 2, ≥130 → 3
    { heartRateBpm: 40, points: 2 },
    { heartRateBpm: 41, points: 1 },
    { heartRateBpm: 50, points: 1 },
    { heartRateBpm: 51, points: 0 },
    { heartRateBpm: 100, points: 0 },
    { heartRateBpm: 101, points: 1 },
    { heartRateBpm: 110, points: 1 },
    { heartRateBpm: 111, points: 2 },
    { heartRateBpm: 129, points: 2 },
    { heartRateBpm: 130, points: 3 },
  ])('should give $points points when the heart rate is $heartRateBpm', ({ heartRateBpm, points }) => {
    expect(sut({ ...NORMAL, heartRateBpm }).parts.heartRateBpm).toBe(points);
  });

  it.each([
    // §1.6 variant warning / §6 item 3 [V]: Subbe/PMJ ≥130 (default) vs the Chinese table's ">130",
    // which leaves 130 in the 2-point band. Both settings checked.
    { setting: 'ge_130' as const, heartRateBpm: 129, points: 2 },
    { setting: 'ge_130' as const, heartRateBpm: 130, points: 3 },
    { setting: 'ge_130' as const, heartRateBpm: 131, points: 3 },
    { setting: 'gt_130' as const, heartRateBpm: 129, points: 2 },
    { setting: 'gt_130' as const, heartRateBpm: 130, points: 2 },
    { setting: 'gt_130' as const, heartRateBpm: 130.5, points: 3 },
    { setting: 'gt_130' as const, heartRateBpm: 131, points: 3 },
  ])('should give $points points when HR is $heartRateBpm and the top band setting is $setting', ({ setting, heartRateBpm, points }) => {
    const settings = resolveClinicalSettings({ mewsHeartRateTopBand: setting });
    expect(sut({ ...NORMAL, heartRateBpm }, settings).parts.heartRateBpm).toBe(points);
  });

  it.each([
    // RR row [V]: <9 → 2, 9–14 → 0, 15–20 → 1, 21–29 → 2, ≥30 → 3
    { respRateBpm: 8, points: 2 },
    { respRateBpm: 8.9, points: 2 }, // "<9" read unrounded
    { respRateBpm: 9, points: 0 },
    { respRateBpm: 14, points: 0 },
    { respRateBpm: 15, points: 1 },
    { respRateBpm: 20, points: 1 },
    { respRateBpm: 21, points: 2 },
    { respRateBpm: 29, points: 2 },
    { respRateBpm: 30, points: 3 },
  ])('should give $points points when the respiratory rate is $respRateBpm', ({ respRateBpm, points }) => {
    expect(sut({ ...NORMAL, respRateBpm }).parts.respRateBpm).toBe(points);
  });

  it.each([
    // Temperature row [V]: <35 → 2, 35.0–38.4 → 0, ≥38.5 → 2; rounded to 0.1 first (§General conventions)
    { temperatureC: 34.9, points: 2 },
    { temperatureC: 34.94, points: 2 },
    { temperatureC: 34.95, points: 0 },
    { temperatureC: 35.0, points: 0 },
    { temperatureC: 38.4, points: 0 },
    { temperatureC: 38.44, points: 0 },
    { temperatureC: 38.45, points: 2 },
    { temperatureC: 38.5, points: 2 },
  ])('should give $points points when the temperature is $temperatureC °C', ({ temperatureC, points }) => {
    expect(sut({ ...NORMAL, temperatureC }).parts.temperatureC).toBe(points);
  });

  it.each([
    // AVPU row [V]: A 0, V 1, P 2, U 3
    { consciousness: 'A' as const, points: 0 },
    { consciousness: 'V' as const, points: 1 },
    { consciousness: 'P' as const, points: 2 },
    { consciousness: 'U' as const, points: 3 },
  ])('should give $points points when AVPU is $consciousness', ({ consciousness, points }) => {
    expect(sut({ ...NORMAL, consciousness }).parts.consciousness).toBe(points);
  });

  it('should score 14 when every parameter is at its worst', () => {
    // §1.6 [V]: maximum 14 (3+3+3+2+3)
    expect(sut({ systolicMmHg: 60, heartRateBpm: 150, respRateBpm: 35, temperatureC: 34, consciousness: 'U' }).score).toBe(14);
  });

  it.each([
    // Cut-off: ≥ 5 (Subbe 2001) default [V summary / M original]; ≥ 4 (BMJ Open 2018, Chinese ED) [V]
    { setting: 5, patch: { consciousness: 'U' as const, respRateBpm: 15 }, score: 4, category: 'low' },
    { setting: 5, patch: { consciousness: 'U' as const, systolicMmHg: 80 }, score: 5, category: 'high' },
    { setting: 4, patch: { consciousness: 'U' as const }, score: 3, category: 'low' },
    { setting: 4, patch: { consciousness: 'U' as const, respRateBpm: 15 }, score: 4, category: 'high' },
  ])('should say $category when MEWS is $score and the cut-off setting is ≥ $setting', ({ setting, patch, score, category }) => {
    const result = sut({ ...NORMAL, ...patch }, resolveClinicalSettings({ mewsHighRiskAtOrAbove: setting }));
    expect(result).toMatchObject({ score, category });
  });
});
