import { describe, expect, it } from 'vitest';
import { calculateShockIndex, ShockIndexInputSchema } from './shock-index';

// Sources: clinical.md §1.3 — Mutschler 2013 classes [V]: I < 0.6, II 0.6 to < 1.0,
// III 1.0 to < 1.4, IV ≥ 1.4; Koch 2019 SI > 1.0 [V]; Kim 2019 pre-hospital SI > 0.9 [V].
describe(calculateShockIndex.name, () => {
  const sut = calculateShockIndex;

  it.each([
    { heartRateBpm: 59, systolicMmHg: 100, category: 'class_i' },
    { heartRateBpm: 60, systolicMmHg: 100, category: 'class_ii' },
    { heartRateBpm: 84, systolicMmHg: 140, category: 'class_ii' }, // exactly 0.6
    { heartRateBpm: 99, systolicMmHg: 100, category: 'class_ii' },
    { heartRateBpm: 96, systolicMmHg: 100, category: 'class_ii' }, // §1.3 [V]: 0.96 is not rounded to 1.0
    { heartRateBpm: 100, systolicMmHg: 100, category: 'class_iii' },
    { heartRateBpm: 139, systolicMmHg: 100, category: 'class_iii' },
    { heartRateBpm: 140, systolicMmHg: 100, category: 'class_iv' },
    { heartRateBpm: 98, systolicMmHg: 70, category: 'class_iv' }, // exactly 1.4
    { heartRateBpm: 97.9, systolicMmHg: 70, category: 'class_iii' }, // unrounded, just under 1.4
  ])('should say $category when HR $heartRateBpm and SBP $systolicMmHg', ({ heartRateBpm, systolicMmHg, category }) => {
    expect(sut({ heartRateBpm, systolicMmHg }).category).toBe(category);
  });

  it.each([
    { heartRateBpm: 90, systolicMmHg: 100, flags: [] }, // 0.9 is not > 0.9 (Kim)
    { heartRateBpm: 91, systolicMmHg: 100, flags: ['si_above_0_9'] },
    { heartRateBpm: 100, systolicMmHg: 100, flags: ['si_above_0_9'] }, // 1.0 is not > 1.0 (Koch; ACS "HR > SBP")
    { heartRateBpm: 101, systolicMmHg: 100, flags: ['si_above_1_0', 'si_above_0_9'] },
  ])('should flag $flags when HR $heartRateBpm and SBP $systolicMmHg', ({ heartRateBpm, systolicMmHg, flags }) => {
    expect(sut({ heartRateBpm, systolicMmHg }).flags).toEqual(flags);
  });

  it('should return the unrounded index when asked for the score', () => {
    // §1.3 [V]: never round before classifying; rounding is for display
    expect(sut({ heartRateBpm: 100, systolicMmHg: 120 }).score).toBeCloseTo(0.833333, 6);
  });

  it('should reject the input when systolic pressure is 0', () => {
    expect(ShockIndexInputSchema.safeParse({ heartRateBpm: 80, systolicMmHg: 0 }).success).toBe(false);
  });
});
