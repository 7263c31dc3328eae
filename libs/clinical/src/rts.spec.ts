import { describe, expect, it } from 'vitest';
import { calculateRts, codeRtsGcs, codeRtsRespRate, codeRtsSystolic } from './rts';
import { resolveClinicalSettings } from './settings';

// Sources: clinical.md §1.2 — Champion 1989, coded table and weights [V] (trauma.org,
// cambridgeorthopaedics, Utstein template SJTREM 2008). T-RTS triage cut-off [U].
describe(calculateRts.name, () => {
  const sut = calculateRts;

  it.each([
    // §1.2 GCS column [V]: 13–15 → 4, 9–12 → 3, 6–8 → 2, 4–5 → 1, 3 → 0
    { gcsTotal: 15, code: 4 },
    { gcsTotal: 13, code: 4 },
    { gcsTotal: 12, code: 3 },
    { gcsTotal: 9, code: 3 },
    { gcsTotal: 8, code: 2 },
    { gcsTotal: 6, code: 2 },
    { gcsTotal: 5, code: 1 },
    { gcsTotal: 4, code: 1 },
    { gcsTotal: 3, code: 0 },
  ])('should code GCS $gcsTotal as $code', ({ gcsTotal, code }) => {
    expect(codeRtsGcs(gcsTotal)).toBe(code);
    expect(sut({ gcsTotal, systolicMmHg: 120, respRateBpm: 16 }).parts.gcsCode).toBe(code);
  });

  it.each([
    // §1.2 SBP column [V]: >89 → 4, 76–89 → 3, 50–75 → 2, 1–49 → 1, 0 → 0
    { systolicMmHg: 90, code: 4 },
    { systolicMmHg: 89.5, code: 4 }, // ">89" read unrounded (§General conventions)
    { systolicMmHg: 89, code: 3 },
    { systolicMmHg: 76, code: 3 },
    { systolicMmHg: 75, code: 2 },
    { systolicMmHg: 50, code: 2 },
    { systolicMmHg: 49, code: 1 },
    { systolicMmHg: 1, code: 1 },
    { systolicMmHg: 0, code: 0 },
  ])('should code systolic $systolicMmHg mmHg as $code', ({ systolicMmHg, code }) => {
    expect(codeRtsSystolic(systolicMmHg)).toBe(code);
  });

  it.each([
    // §1.2 RR column [V]: 10–29 → 4, >29 → 3, 6–9 → 2, 1–5 → 1, 0 → 0
    { respRateBpm: 10, code: 4 },
    { respRateBpm: 9, code: 2 },
    { respRateBpm: 29, code: 4 },
    { respRateBpm: 30, code: 3 }, // §1.2 edge case [V]: RR 30 codes 3, not 4
    { respRateBpm: 29.5, code: 3 }, // ">29" read unrounded
    { respRateBpm: 6, code: 2 },
    { respRateBpm: 5, code: 1 },
    { respRateBpm: 1, code: 1 },
    { respRateBpm: 0, code: 0 },
  ])('should code a respiratory rate of $respRateBpm/min as $code', ({ respRateBpm, code }) => {
    expect(codeRtsRespRate(respRateBpm)).toBe(code);
  });

  it.each([
    // §1.2 [V]: RTS = 0.9368 GCSc + 0.7326 SBPc + 0.2908 RRc, range 0–7.8408; T-RTS = sum, 0–12
    { gcsTotal: 15, systolicMmHg: 120, respRateBpm: 16, rts: 7.8408, tRts: 12 },
    { gcsTotal: 3, systolicMmHg: 0, respRateBpm: 0, rts: 0, tRts: 0 },
    { gcsTotal: 10, systolicMmHg: 80, respRateBpm: 8, rts: 5.5898, tRts: 8 },
    { gcsTotal: 7, systolicMmHg: 60, respRateBpm: 35, rts: 4.2112, tRts: 7 },
    { gcsTotal: 4, systolicMmHg: 40, respRateBpm: 3, rts: 1.9602, tRts: 3 },
  ])('should give RTS $rts and T-RTS $tRts when GCS $gcsTotal, SBP $systolicMmHg, RR $respRateBpm', ({ rts, tRts, ...input }) => {
    const result = sut(input);
    expect(result.score).toBe(rts);
    expect(result.parts.tRts).toBe(tRts);
  });

  it.each([
    // §1.2 [V]: weighted RTS < 4 "has been proposed" as a trauma-centre criterion (trauma.org)
    { gcsTotal: 3, systolicMmHg: 90, respRateBpm: 16, rts: 4.0936, flagged: false },
    { gcsTotal: 3, systolicMmHg: 80, respRateBpm: 16, rts: 3.361, flagged: true },
  ])('should flag rts_below_4 $flagged when RTS is $rts', ({ rts, flagged, ...input }) => {
    const result = sut(input);
    expect(result.score).toBe(rts);
    expect(result.flags.includes('rts_below_4')).toBe(flagged);
  });

  it.each([
    // §1.2 T-RTS triage cut-off [U]: "≤ 11" (Champion as recalled; trauma-scoring review) is the
    // default, "< 11" (cambridgeorthopaedics) is setting 10. Both readings checked.
    { setting: 11, gcsTotal: 15, tRts: 12, category: 'not_indicated' },
    { setting: 11, gcsTotal: 12, tRts: 11, category: 'trauma_centre' },
    { setting: 11, gcsTotal: 8, tRts: 10, category: 'trauma_centre' },
    { setting: 10, gcsTotal: 15, tRts: 12, category: 'not_indicated' },
    { setting: 10, gcsTotal: 12, tRts: 11, category: 'not_indicated' },
    { setting: 10, gcsTotal: 8, tRts: 10, category: 'trauma_centre' },
  ])('should say $category when T-RTS is $tRts and the cut-off setting is ≤ $setting', ({ setting, gcsTotal, tRts, category }) => {
    const result = sut({ gcsTotal, systolicMmHg: 120, respRateBpm: 16 }, resolveClinicalSettings({ trtsTraumaCentreAtOrBelow: setting }));
    expect(result.parts.tRts).toBe(tRts);
    expect(result.category).toBe(category);
    expect(result.flags.includes('trts_triage_positive')).toBe(category === 'trauma_centre');
  });

  it('should use T-RTS ≤ 11 when no settings are given', () => {
    // §1.2 recommended default [U]
    expect(sut({ gcsTotal: 12, systolicMmHg: 120, respRateBpm: 16 }).category).toBe('trauma_centre');
  });
});
