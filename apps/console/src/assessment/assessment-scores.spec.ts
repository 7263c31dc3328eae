import { describe, expect, it } from 'vitest';
import { scoresOf, strokeWindowsAt, withRemoteStemiConfirmed } from './assessment-scores';

const AT = '2026-03-01T08:30:00.000Z';

describe(scoresOf.name, () => {
  it('should call LVO likely when any LVO scale reaches its cut-off', () => {
    // RACE 7 (≥ 5) and LAMS 2 (< 4): clinical.md §2.4, §2.5
    const sut = scoresOf({
      assessedAt: AT,
      chiefComplaint: 'stroke_symptoms',
      stroke: {
        race: { facialPalsy: 2, armMotor: 2, legMotor: 1, headGazeDeviation: 1, aphasia: 1 },
        lams: { facialDroop: 1, armDrift: 1, gripStrength: 0 },
      },
    });
    expect(sut.race?.score).toBe(7);
    expect(sut.lams?.score).toBe(2);
    expect(sut.isLvoLikely).toBe(true);
  });

  it('should not guess LVO without an LVO scale', () => {
    expect(scoresOf({ assessedAt: AT, chiefComplaint: 'chest_pain' }).isLvoLikely).toBeNull();
  });

  it('should score NEWS2 only with every parameter', () => {
    const vitals = { respRateBpm: 24, spo2Pct: 93, systolicMmHg: 100, heartRateBpm: 112, consciousness: 'A' as const, temperatureC: 38.4 };
    // RR 24 → 2, SpO2 93 → 2, SBP 100 → 2, HR 112 → 2, A → 0, 38.4 → 1: NEWS2 9 (RCP 2017)
    expect(scoresOf({ assessedAt: AT, chiefComplaint: 'other', vitals }).news2?.score).toBe(9);
    expect(scoresOf({ assessedAt: AT, chiefComplaint: 'other', vitals: { ...vitals, temperatureC: undefined } }).news2).toBeNull();
  });

  it('should triage a pelvic fracture red and leave the triage out for a non-trauma patient', () => {
    // Suspected pelvic fracture is a red injury criterion (clinical.md §4.1)
    expect(scoresOf({ assessedAt: AT, chiefComplaint: 'trauma', trauma: { injury: { pelvicFracture: true } } }).fieldTriage).toBe('red');
    expect(scoresOf({ assessedAt: AT, chiefComplaint: 'chest_pain' }).fieldTriage).toBeNull();
  });

  it('should leave the GCS total out when a component is NT', () => {
    const sut = scoresOf({ assessedAt: AT, chiefComplaint: 'trauma', gcs: { eye: 2, verbal: 'NT', motor: 5 } });
    expect(sut.gcs?.score).toBeNull();
    expect(sut.gcs?.parts.verbal).toBe('NT');
  });
});

describe(strokeWindowsAt.name, () => {
  it('should count down the thrombolysis window (4.5 h, inclusive)', () => {
    const sut = strokeWindowsAt('2026-03-01T06:00:00.000Z', Date.parse(AT));
    expect(sut?.phase).toBe('thrombolysis');
    expect(sut?.windows.thrombolysis.minutesLeft).toBe(120);
  });

  it('should give nothing without a last-known-well time', () => {
    expect(strokeWindowsAt(null, Date.parse(AT))).toBeNull();
  });
});

describe(withRemoteStemiConfirmed.name, () => {
  it('should keep the crew assessment and add the confirmation', () => {
    const stored = { assessedAt: '2026-03-01T08:00:00.000Z', chiefComplaint: 'chest_pain', ageYears: 61, stemi: { byCrew: true } };
    expect(withRemoteStemiConfirmed(stored, AT)).toEqual({ ...stored, assessedAt: AT, stemi: { byCrew: true, byRemotePhysician: true } });
  });

  it('should make a chest-pain assessment of its own when there is none', () => {
    expect(withRemoteStemiConfirmed(null, AT)).toEqual({ assessedAt: AT, chiefComplaint: 'chest_pain', stemi: { byRemotePhysician: true } });
  });
});
