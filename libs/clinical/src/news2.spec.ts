import { describe, expect, it } from 'vitest';
import { calculateNews2, News2InputSchema, type News2Input } from './news2';
import { resolveClinicalSettings } from './settings';

// Sources: clinical.md §1.1 — RCP, NEWS2 (2017), Chart 1 [V] (scribd reproduction; Thorax
// Scale 1/2 table), Chart 2 cut points [V] (RCP journals, Clin Med), red-score label [M].
const NORMAL: News2Input = {
  respRateBpm: 16,
  spo2Pct: 97,
  spo2Scale: 1,
  onOxygen: false,
  systolicMmHg: 120,
  heartRateBpm: 70,
  consciousness: 'A',
  temperatureC: 37.0,
};

describe(calculateNews2.name, () => {
  const sut = calculateNews2;

  it('should score 0 and say low risk when every parameter is normal', () => {
    const result = sut(NORMAL);
    expect(result).toMatchObject({ kind: 'news2', score: 0, category: 'low', flags: [] });
    expect(result.advice).toMatch(/12-hourly/);
  });

  it.each([
    // §1.1 Chart 1 respiration row [V]: ≤8 → 3, 9–11 → 1, 12–20 → 0, 21–24 → 2, ≥25 → 3
    { respRateBpm: 8, points: 3 },
    { respRateBpm: 9, points: 1 },
    { respRateBpm: 11, points: 1 },
    { respRateBpm: 12, points: 0 },
    { respRateBpm: 20, points: 0 },
    { respRateBpm: 21, points: 2 },
    { respRateBpm: 24, points: 2 },
    { respRateBpm: 25, points: 3 },
    // unrounded, §General conventions: between two integer bands a rate falls in the band nearer normal
    { respRateBpm: 8.5, points: 1 },
    { respRateBpm: 20.5, points: 0 },
  ])('should give $points points when the respiratory rate is $respRateBpm/min', ({ respRateBpm, points }) => {
    expect(sut({ ...NORMAL, respRateBpm }).parts.respRateBpm).toBe(points);
  });

  it.each([
    // §1.1 Chart 1 SpO2 Scale 1 [V]: ≤91 → 3, 92–93 → 2, 94–95 → 1, ≥96 → 0
    { spo2Pct: 91, points: 3 },
    { spo2Pct: 92, points: 2 },
    { spo2Pct: 93, points: 2 },
    { spo2Pct: 94, points: 1 },
    { spo2Pct: 95, points: 1 },
    { spo2Pct: 96, points: 0 },
    { spo2Pct: 100, points: 0 },
  ])('should give $points points on scale 1 when SpO2 is $spo2Pct%', ({ spo2Pct, points }) => {
    expect(sut({ ...NORMAL, spo2Pct }).parts.spo2Pct).toBe(points);
  });

  it.each([
    // §1.1 Chart 1 SpO2 Scale 2 [V] (Thorax): ≤83 → 3, 84–85 → 2, 86–87 → 1, 88–92 or ≥93 on air → 0,
    // 93–94 on O2 → 1, 95–96 on O2 → 2, ≥97 on O2 → 3
    { spo2Pct: 83, onOxygen: false, points: 3 },
    { spo2Pct: 84, onOxygen: false, points: 2 },
    { spo2Pct: 85, onOxygen: false, points: 2 },
    { spo2Pct: 86, onOxygen: false, points: 1 },
    { spo2Pct: 87, onOxygen: false, points: 1 },
    { spo2Pct: 88, onOxygen: false, points: 0 },
    { spo2Pct: 92, onOxygen: false, points: 0 },
    { spo2Pct: 93, onOxygen: false, points: 0 },
    { spo2Pct: 97, onOxygen: false, points: 0 },
    { spo2Pct: 83, onOxygen: true, points: 3 },
    { spo2Pct: 88, onOxygen: true, points: 0 },
    { spo2Pct: 92, onOxygen: true, points: 0 },
    { spo2Pct: 93, onOxygen: true, points: 1 },
    { spo2Pct: 94, onOxygen: true, points: 1 },
    { spo2Pct: 95, onOxygen: true, points: 2 },
    { spo2Pct: 96, onOxygen: true, points: 2 },
    { spo2Pct: 97, onOxygen: true, points: 3 },
  ])('should give $points points on scale 2 when SpO2 is $spo2Pct% and onOxygen is $onOxygen', ({ spo2Pct, onOxygen, points }) => {
    const result = sut({ ...NORMAL, spo2Scale: 2, spo2Pct, onOxygen });
    expect(result.parts.spo2Pct).toBe(points);
    expect(result.flags).toContain('spo2_scale_2');
  });

  it('should add 2 for oxygen on top of 1 for SpO2 when SpO2 is 93% on oxygen on scale 2', () => {
    // §1.1 notes [V]: "93 on O2 scores 1 for SpO2 plus 2 for oxygen"
    expect(sut({ ...NORMAL, spo2Scale: 2, spo2Pct: 93, onOxygen: true }).score).toBe(3);
  });

  it.each([
    // §1.1 notes [V]: the air/oxygen row (+2) applies on both scales
    { spo2Scale: 1 as const, onOxygen: false, points: 0 },
    { spo2Scale: 1 as const, onOxygen: true, points: 2 },
    { spo2Scale: 2 as const, onOxygen: false, points: 0 },
    { spo2Scale: 2 as const, onOxygen: true, points: 2 },
  ])('should give $points points for oxygen on scale $spo2Scale when onOxygen is $onOxygen', ({ spo2Scale, onOxygen, points }) => {
    expect(sut({ ...NORMAL, spo2Scale, spo2Pct: 90, onOxygen }).parts.onOxygen).toBe(points);
  });

  it.each([
    // §1.1 Chart 1 systolic row [V]: ≤90 → 3, 91–100 → 2, 101–110 → 1, 111–219 → 0, ≥220 → 3
    { systolicMmHg: 90, points: 3 },
    { systolicMmHg: 91, points: 2 },
    { systolicMmHg: 100, points: 2 },
    { systolicMmHg: 101, points: 1 },
    { systolicMmHg: 110, points: 1 },
    { systolicMmHg: 111, points: 0 },
    { systolicMmHg: 219, points: 0 },
    { systolicMmHg: 220, points: 3 },
    // unrounded (§General conventions): 90.5 is not ≤ 90
    { systolicMmHg: 90.5, points: 2 },
  ])('should give $points points when systolic pressure is $systolicMmHg mmHg', ({ systolicMmHg, points }) => {
    expect(sut({ ...NORMAL, systolicMmHg }).parts.systolicMmHg).toBe(points);
  });

  it.each([
    // §1.1 Chart 1 pulse row [V]: ≤40 → 3, 41–50 → 1, 51–90 → 0, 91–110 → 1, 111–130 → 2, ≥131 → 3
    { heartRateBpm: 40, points: 3 },
    { heartRateBpm: 41, points: 1 },
    { heartRateBpm: 50, points: 1 },
    { heartRateBpm: 51, points: 0 },
    { heartRateBpm: 90, points: 0 },
    { heartRateBpm: 91, points: 1 },
    { heartRateBpm: 110, points: 1 },
    { heartRateBpm: 111, points: 2 },
    { heartRateBpm: 130, points: 2 },
    { heartRateBpm: 131, points: 3 },
  ])('should give $points points when the heart rate is $heartRateBpm/min', ({ heartRateBpm, points }) => {
    expect(sut({ ...NORMAL, heartRateBpm }).parts.heartRateBpm).toBe(points);
  });

  it.each([
    // §1.1 Chart 1 consciousness row [V]: Alert → 0; new Confusion, Voice, Pain, Unresponsive → 3
    { consciousness: 'A' as const, points: 0 },
    { consciousness: 'C' as const, points: 3 },
    { consciousness: 'V' as const, points: 3 },
    { consciousness: 'P' as const, points: 3 },
    { consciousness: 'U' as const, points: 3 },
  ])('should give $points points when consciousness is $consciousness', ({ consciousness, points }) => {
    expect(sut({ ...NORMAL, consciousness }).parts.consciousness).toBe(points);
  });

  it.each([
    // §1.1 Chart 1 temperature row [V]: ≤35.0 → 3, 35.1–36.0 → 1, 36.1–38.0 → 0, 38.1–39.0 → 1, ≥39.1 → 2
    { temperatureC: 35.0, points: 3 },
    { temperatureC: 35.1, points: 1 },
    { temperatureC: 36.0, points: 1 },
    { temperatureC: 36.1, points: 0 },
    { temperatureC: 38.0, points: 0 },
    { temperatureC: 38.1, points: 1 },
    { temperatureC: 39.0, points: 1 },
    { temperatureC: 39.1, points: 2 },
    { temperatureC: 42.0, points: 2 }, // §1.1 notes [V]: high temperature tops out at 2
    // §General conventions: round to 0.1 °C (half up) before banding; 38.05 °C is 38.1 °C
    { temperatureC: 35.04, points: 3 },
    { temperatureC: 35.05, points: 1 },
    { temperatureC: 36.05, points: 0 },
    { temperatureC: 38.04, points: 0 },
    { temperatureC: 38.05, points: 1 },
    { temperatureC: 39.05, points: 2 },
  ])('should give $points points when the temperature is $temperatureC °C', ({ temperatureC, points }) => {
    expect(sut({ ...NORMAL, temperatureC }).parts.temperatureC).toBe(points);
  });

  it.each([
    // §1.1 Chart 2 [V]: 0 low, 1–4 low, 5–6 medium, ≥7 high
    { name: 'aggregate 1', input: { heartRateBpm: 95 }, score: 1, category: 'low' },
    { name: 'aggregate 4 without a 3', input: { heartRateBpm: 115, respRateBpm: 22 }, score: 4, category: 'low' },
    { name: 'aggregate 5', input: { heartRateBpm: 115, respRateBpm: 22, spo2Pct: 95 }, score: 5, category: 'medium' },
    { name: 'aggregate 6', input: { heartRateBpm: 115, respRateBpm: 22, spo2Pct: 93 }, score: 6, category: 'medium' },
    { name: 'aggregate 7', input: { heartRateBpm: 115, respRateBpm: 22, spo2Pct: 93, temperatureC: 38.5 }, score: 7, category: 'high' },
  ])('should say $category when $name', ({ input, score, category }) => {
    const result = sut({ ...NORMAL, ...input });
    expect(result.score).toBe(score);
    expect(result.category).toBe(category);
    expect(result.flags).not.toContain('single_parameter_red');
  });

  it('should score 20 and say high when every parameter is at its worst', () => {
    // §1.1 notes [V]: maximum 20 (example N7)
    const result = sut({ respRateBpm: 8, spo2Pct: 85, spo2Scale: 1, onOxygen: true, systolicMmHg: 85, heartRateBpm: 140, consciousness: 'U', temperatureC: 34 });
    expect(result).toMatchObject({ score: 20, category: 'high' });
  });

  it.each([
    // §1.1 Chart 2 [V]: a single 3 with aggregate ≤ 4 needs an urgent, at least hourly response.
    // The label is [M] ("low-medium" by recollection of RCP Chart 2; many calculators say
    // "medium"), so it is a setting and both readings are checked.
    { setting: 'low_medium' as const, aggregate: 3, category: 'low_medium' },
    { setting: 'medium' as const, aggregate: 3, category: 'medium' },
    { setting: 'low_medium' as const, aggregate: 4, category: 'low_medium' },
    { setting: 'medium' as const, aggregate: 4, category: 'medium' },
  ])('should say $category with an hourly response when one parameter scores 3, aggregate is $aggregate and the label setting is $setting', ({ setting, aggregate, category }) => {
    const input = aggregate === 3 ? { consciousness: 'C' as const } : { consciousness: 'C' as const, heartRateBpm: 95 };
    const result = sut({ ...NORMAL, ...input }, resolveClinicalSettings({ news2RedScoreCategory: setting }));
    expect(result.score).toBe(aggregate);
    expect(result.category).toBe(category);
    expect(result.flags).toContain('single_parameter_red');
    expect(result.advice).toMatch(/urgent.*hourly/i);
  });

  it('should keep the red flag but say medium when a single 3 comes with aggregate 5', () => {
    // §1.1 Chart 2 [V]: aggregate 5–6 is medium whatever the parts
    const result = sut({ ...NORMAL, consciousness: 'V', heartRateBpm: 95, respRateBpm: 10 });
    expect(result).toMatchObject({ score: 5, category: 'medium' });
    expect(result.flags).toContain('single_parameter_red');
  });

  it('should use scale 1 when the clinician has not chosen scale 2', () => {
    // §1.1 notes [V]: scale 2 is a clinician's decision, never the default
    const { spo2Scale: _omitted, ...withoutScale } = NORMAL;
    const parsed = News2InputSchema.parse({ ...withoutScale, spo2Pct: 90 });
    expect(parsed.spo2Scale).toBe(1);
    expect(sut(parsed).parts.spo2Pct).toBe(3);
  });

  it.each([
    { name: 'SpO2 scale 3', patch: { spo2Scale: 3 } },
    { name: 'consciousness X', patch: { consciousness: 'X' } },
    { name: 'a heart rate of 999 (device sentinel)', patch: { heartRateBpm: 999 } },
  ])('should reject the input when it has $name', ({ patch }) => {
    expect(News2InputSchema.safeParse({ ...NORMAL, ...patch }).success).toBe(false);
  });
});
