import { describe, expect, it } from 'vitest';
import { assessFieldTriage, calculateFieldTriage, fieldTriageSystolicBelowMmHg, type FieldTriageInput } from './field-triage';
import { resolveClinicalSettings } from './settings';

// Sources: clinical.md §4.1 — ACS/CDC 2021 National Guideline for the Field Triage of Injured
// Patients (Newgard, J Trauma Acute Care Surg 2022) [V] via brundagegroup; "skull deformity" and
// "special high-resource needs" [M]; infant RR handling [U].
const ADULT: FieldTriageInput = { ageYears: 30, gcsMotor: 6, respRateBpm: 16, spo2RoomAirPct: 98, systolicMmHg: 120, heartRateBpm: 80 };

describe(calculateFieldTriage.name, () => {
  const sut = calculateFieldTriage;
  const ids = (input: FieldTriageInput, settings = resolveClinicalSettings()) => sut(input, settings).flags;

  it('should say none when an adult has normal vitals and no injury pattern', () => {
    expect(sut(ADULT)).toMatchObject({ kind: 'field_triage', score: null, category: 'none', flags: [] });
  });

  it.each([
    // §4.1 red injury patterns [V] (skull deformity [M])
    { key: 'penetratingHeadNeckTorsoProximalLimb', id: 'penetrating_injury' },
    { key: 'skullDeformity', id: 'skull_deformity' },
    { key: 'spinalInjuryWithNewDeficit', id: 'spinal_injury_with_deficit' },
    { key: 'chestWallInstability', id: 'chest_wall_instability' },
    { key: 'pelvicFracture', id: 'pelvic_fracture' },
    { key: 'twoOrMoreProximalLongBoneFractures', id: 'proximal_long_bone_fractures' },
    { key: 'mangledExtremity', id: 'mangled_extremity' },
    { key: 'amputationProximalToWristOrAnkle', id: 'proximal_amputation' },
    { key: 'activeBleedingNeedingTourniquetOrPacking', id: 'active_bleeding' },
  ])('should say red with $id when the injury $key is present', ({ key, id }) => {
    const result = sut({ ...ADULT, injury: { [key]: true } });
    expect(result.category).toBe('red');
    expect(result.flags).toEqual([id]);
  });

  it.each([
    // §4.1 red mental status and vital signs, all patients [V]
    { patch: { gcsMotor: 5 }, met: true }, // motor GCS < 6
    { patch: { gcsMotor: 6 }, met: false },
    { patch: { respRateBpm: 9 }, met: true }, // RR < 10
    { patch: { respRateBpm: 10 }, met: false },
    { patch: { respRateBpm: 29 }, met: false }, // RR > 29
    { patch: { respRateBpm: 30 }, met: true },
    { patch: { spo2RoomAirPct: 89 }, met: true }, // room-air SpO2 < 90
    { patch: { spo2RoomAirPct: 90 }, met: false },
    { patch: { respiratoryDistressOrSupport: true }, met: true },
  ])('should say red $met when $patch', ({ patch, met }) => {
    expect(sut({ ...ADULT, ...patch }).category).toBe(met ? 'red' : 'none');
  });

  it.each([
    // §4.1 age-specific SBP [V]: 0–9 y < 70 + 2 × age; 10–64 y < 90; ≥ 65 y < 110
    { ageYears: 0, systolicMmHg: 69, met: true },
    { ageYears: 0, systolicMmHg: 70, met: false },
    { ageYears: 5, systolicMmHg: 79, met: true },
    { ageYears: 5, systolicMmHg: 80, met: false },
    { ageYears: 9, systolicMmHg: 87, met: true },
    { ageYears: 9, systolicMmHg: 88, met: false },
    { ageYears: 9.9, systolicMmHg: 87, met: true }, // age in whole years: still 9
    { ageYears: 9.9, systolicMmHg: 88, met: false },
    { ageYears: 10, systolicMmHg: 89, met: true },
    { ageYears: 10, systolicMmHg: 90, met: false },
    { ageYears: 64, systolicMmHg: 89, met: true },
    { ageYears: 64, systolicMmHg: 90, met: false },
    { ageYears: 64, systolicMmHg: 100, met: false },
    { ageYears: 65, systolicMmHg: 109, met: true },
    { ageYears: 65, systolicMmHg: 110, met: false },
  ])('should flag hypotension for age $met when age $ageYears and SBP $systolicMmHg', ({ ageYears, systolicMmHg, met }) => {
    const input = { ...ADULT, ageYears, systolicMmHg, heartRateBpm: 60 };
    expect(ids(input).includes('hypotension_for_age')).toBe(met);
    expect(sut(input).category).toBe(met ? 'red' : 'none');
  });

  it.each([
    // §4.1 [V]: HR > SBP is a red criterion at 10–64 y and ≥ 65 y, not listed for 0–9 y
    { ageYears: 30, heartRateBpm: 121, systolicMmHg: 120, met: true },
    { ageYears: 30, heartRateBpm: 120, systolicMmHg: 120, met: false },
    { ageYears: 70, heartRateBpm: 131, systolicMmHg: 130, met: true },
    { ageYears: 70, heartRateBpm: 130, systolicMmHg: 130, met: false },
    { ageYears: 9, heartRateBpm: 130, systolicMmHg: 100, met: false },
  ])('should flag HR above SBP $met when age $ageYears, HR $heartRateBpm, SBP $systolicMmHg', ({ met, ...patch }) => {
    expect(ids({ ...ADULT, ...patch }).includes('heart_rate_above_systolic')).toBe(met);
  });

  it('should judge an unknown age by the adult rule and say so when the SBP is given', () => {
    const { ageYears: _omitted, ...noAge } = ADULT;
    expect(fieldTriageSystolicBelowMmHg(undefined)).toBe(90);
    expect(sut({ ...noAge, systolicMmHg: 89 }).flags).toEqual(['hypotension_for_age', 'age_unknown_adult_rule']);
  });

  it.each([
    // §4.1 [U]: RR > 29 is red in infants as written (over-triage, kept); the 2011 infant rule
    // (< 20 under 1 y) is an opt-in setting. Both settings checked.
    { setting: 'as_written' as const, respRateBpm: 15, category: 'none' },
    { setting: 'infant_2011' as const, respRateBpm: 15, category: 'red' },
    { setting: 'infant_2011' as const, respRateBpm: 19, category: 'red' },
    { setting: 'infant_2011' as const, respRateBpm: 20, category: 'none' },
    { setting: 'as_written' as const, respRateBpm: 35, category: 'red' },
    { setting: 'infant_2011' as const, respRateBpm: 35, category: 'red' },
  ])('should say $category for an infant with RR $respRateBpm when the infant RR setting is $setting', ({ setting, respRateBpm, category }) => {
    const infant = { ageYears: 0.5, respRateBpm, systolicMmHg: 90, heartRateBpm: 130 };
    expect(sut(infant, resolveClinicalSettings({ fieldTriageInfantRespRate: setting })).category).toBe(category);
  });

  it.each([
    // §4.1 mechanism examples [V]: fall > 10 ft; intrusion > 12 in occupant site, > 18 in any site
    { name: 'a fall of 12 ft', mechanism: { fallHeightM: 3.6576 }, id: 'fall_over_10_ft' },
    { name: 'a fall of exactly 10 ft', mechanism: { fallHeightM: 3.048 }, id: null },
    { name: 'a fall of 3.05 m', mechanism: { fallHeightM: 3.05 }, id: 'fall_over_10_ft' },
    { name: 'occupant-site intrusion of 13 in', mechanism: { intrusionOccupantSiteCm: 33.02 }, id: 'significant_intrusion' },
    { name: 'occupant-site intrusion of 12 in', mechanism: { intrusionOccupantSiteCm: 30.48 }, id: null },
    { name: 'intrusion of 19 in at a non-occupant site', mechanism: { intrusionAnySiteCm: 48.26 }, id: 'significant_intrusion' },
    { name: 'intrusion of 18 in at a non-occupant site', mechanism: { intrusionAnySiteCm: 45.72 }, id: null },
    { name: 'intrusion of 40 cm at a non-occupant site', mechanism: { intrusionAnySiteCm: 40 }, id: null },
    { name: 'ejection', mechanism: { ejection: true }, id: 'ejection' },
    { name: 'extrication', mechanism: { extricationOfEntrappedPatient: true }, id: 'extrication' },
    { name: 'a death in the compartment', mechanism: { deathInPassengerCompartment: true }, id: 'death_in_passenger_compartment' },
    { name: 'vehicle telemetry', mechanism: { vehicleTelemetrySevereInjury: true }, id: 'vehicle_telemetry' },
    { name: 'a rider separated', mechanism: { riderSeparatedWithSignificantImpact: true }, id: 'rider_separated' },
    { name: 'a pedestrian struck', mechanism: { pedestrianOrCyclistThrownRunOverOrSignificantImpact: true }, id: 'pedestrian_or_cyclist_struck' },
  ])('should say yellow when the mechanism is $name', ({ mechanism, id }) => {
    const result = sut({ ...ADULT, mechanism });
    expect(result.category).toBe(id ? 'yellow' : 'none');
    expect(result.flags).toEqual(id ? [id] : []);
  });

  it.each([
    // §4.1 [V]: child 0–9 y unrestrained or in an unsecured seat
    { ageYears: 9, met: true },
    { ageYears: 10, met: false },
    { ageYears: undefined, met: true },
  ])('should flag an unrestrained child $met when age is $ageYears', ({ ageYears, met }) => {
    expect(sut({ ageYears, mechanism: { childUnrestrainedOrUnsecuredSeat: true } }).category).toBe(met ? 'yellow' : 'none');
  });

  it.each([
    // §4.1 EMS judgment [V]: low-level falls in young children (≤ 5 y) or older adults (≥ 65 y)
    { ageYears: 5, met: true },
    { ageYears: 6, met: false },
    { ageYears: 64, met: false },
    { ageYears: 65, met: true },
  ])('should flag a low-level fall with head impact $met when age is $ageYears', ({ ageYears, met }) => {
    expect(sut({ ageYears, riskFactors: { lowLevelFallWithHeadImpact: true } }).category).toBe(met ? 'yellow' : 'none');
  });

  it.each([
    // §4.1 EMS judgment [V] (special high-resource needs [M])
    { name: 'pregnancy of 21 weeks', patch: { pregnancyWeeks: 21 }, id: 'pregnancy_over_20_weeks' },
    { name: 'pregnancy of 20 weeks', patch: { pregnancyWeeks: 20 }, id: null },
    { name: 'anticoagulants', patch: { riskFactors: { anticoagulantUse: true } }, id: 'anticoagulant_use' },
    { name: 'suspected child abuse', patch: { riskFactors: { suspectedChildAbuse: true } }, id: 'suspected_child_abuse' },
    { name: 'special healthcare needs', patch: { riskFactors: { specialHighResourceNeeds: true } }, id: 'special_healthcare_needs' },
    { name: 'burns with trauma', patch: { riskFactors: { burnsWithTrauma: true } }, id: 'burns_with_trauma' },
  ])('should say yellow when $name', ({ patch, id }) => {
    expect(sut({ ...ADULT, ...patch }).flags).toEqual(id ? [id] : []);
  });

  it('should say red and list every criterion when red and yellow criteria are both met', () => {
    const result = sut({ ...ADULT, injury: { pelvicFracture: true }, mechanism: { ejection: true } });
    expect(result.category).toBe('red');
    expect(result.flags).toEqual(['pelvic_fracture', 'ejection']);
    expect(result.parts).toEqual({ redCriteria: 1, yellowCriteria: 1 });
    expect(result.advice).toMatch(/highest-level trauma centre/);
  });

  it('should give a readable sentence for each criterion when assessed', () => {
    const { criteria } = assessFieldTriage({ ageYears: 70, systolicMmHg: 100, heartRateBpm: 60 });
    expect(criteria).toEqual([{ id: 'hypotension_for_age', color: 'red', text: 'Systolic pressure below 110 mmHg for age.' }]);
  });
});
