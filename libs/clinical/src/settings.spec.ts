import { describe, expect, it } from 'vitest';
import { DEFAULT_CLINICAL_SETTINGS, resolveClinicalSettings } from './settings';

// Defaults and their sources: clinical.md §1.1, §1.2, §1.6, §2.3–2.6, §4.1, §6.
describe(resolveClinicalSettings.name, () => {
  const sut = resolveClinicalSettings;

  it('should give the documented defaults when nothing is overridden', () => {
    expect(sut()).toEqual(DEFAULT_CLINICAL_SETTINGS);
    expect(DEFAULT_CLINICAL_SETTINGS).toMatchObject({
      news2RedScoreCategory: 'low_medium', // §1.1 [M]
      trtsTraumaCentreAtOrBelow: 11, // §1.2 [U]
      mewsHeartRateTopBand: 'ge_130', // §1.6 [V]
      mewsHighRiskAtOrAbove: 5, // §1.6 Subbe 2001
      fastEdLvoAtOrAbove: 4, // §2.3 [V]
      raceLvoAtOrAbove: 5, // §2.4 [V]
      lamsLvoAtOrAbove: 4, // §2.5 [V]
      thrombolysisWindowMin: 270, // §2.6 [V]
      thrombectomyWindowMin: 360, // §2.6 [V]
      extendedThrombectomyWindowMin: 1440, // §2.6 [V]
      strokeDirectEvtMaxSinceLastKnownWellMin: 360, // §2.6 [V] 2017
      strokeRoutingExtraTimeMin: 15, // §2.6 [V] 2017
      fieldTriageInfantRespRate: 'as_written', // §4.1 [U]
    });
  });

  it('should keep the other nested defaults when one nested value is overridden', () => {
    const settings = sut({ maternalCritical: { spo2BelowPct: 94 } });
    expect(settings.maternalCritical).toEqual({ ...DEFAULT_CLINICAL_SETTINGS.maternalCritical, spo2BelowPct: 94 });
  });

  it.each([
    { name: 'a T-RTS cut-off of 13', overrides: { trtsTraumaCentreAtOrBelow: 13 } },
    { name: 'an unknown NEWS2 label', overrides: { news2RedScoreCategory: 'amber' } },
    { name: 'a negative routing allowance', overrides: { strokeRoutingExtraTimeMin: -1 } },
  ])('should throw when given $name', ({ overrides }) => {
    expect(() => sut(overrides as never)).toThrow();
  });

  it('should not let the frozen defaults be changed when a caller tries', () => {
    expect(Object.isFrozen(DEFAULT_CLINICAL_SETTINGS)).toBe(true);
    expect(Object.isFrozen(DEFAULT_CLINICAL_SETTINGS.maternalCritical)).toBe(true);
    expect(Object.isFrozen(DEFAULT_CLINICAL_SETTINGS.neonatalCritical)).toBe(true);
  });
});
