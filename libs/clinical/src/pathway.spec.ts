import { describe, expect, it } from 'vitest';
import { classifyPathway, PathwayClassificationSchema } from './pathway';
import { PathwayAssessmentSchema, type PathwayAssessment } from './pathway-assessment';
import { resolveClinicalSettings } from './settings';

// Pathway rules combine the scores tested in their own specs; the rows here check the routing
// between them. Sources are named per block (clinical.md sections).
const NOW = '2024-05-01T10:00:00+08:00';
const NORMAL_VITALS = { heartRateBpm: 80, respRateBpm: 16, systolicMmHg: 125, diastolicMmHg: 80, spo2Pct: 98, onOxygen: false, temperatureC: 36.8, consciousness: 'A' as const };
const base = (patch: Partial<PathwayAssessment>): PathwayAssessment => ({
  assessedAt: NOW,
  chiefComplaint: 'other',
  ageYears: 60,
  sex: 'male',
  vitals: NORMAL_VITALS,
  ...patch,
});
const pathwaysOf = (a: PathwayAssessment, settings = resolveClinicalSettings()) => classifyPathway(a, settings).pathways.map((p) => p.pathway);
const find = <P extends string>(a: PathwayAssessment, pathway: P, settings = resolveClinicalSettings()) =>
  classifyPathway(a, settings).pathways.find((p) => p.pathway === pathway);

describe(classifyPathway.name, () => {
  const sut = classifyPathway;

  it('should find no pathway when a patient with normal vitals has a non-specific complaint', () => {
    expect(sut(base({}))).toEqual({ pathways: [] });
  });

  describe('chest pain', () => {
    it.each([
      { name: 'the crew reads STEMI', stemi: { byCrew: true }, complaint: 'chest_pain' as const, pathway: 'chest_pain_stemi', by: ['crew'] },
      { name: 'the remote physician confirms STEMI', stemi: { byRemotePhysician: true }, complaint: 'chest_pain' as const, pathway: 'chest_pain_stemi', by: ['remote_physician'] },
      { name: 'both flag STEMI without chest pain', stemi: { byCrew: true, byRemotePhysician: true }, complaint: 'breathing_difficulty' as const, pathway: 'chest_pain_stemi', by: ['crew', 'remote_physician'] },
      { name: 'chest pain without STEMI', stemi: { byCrew: false }, complaint: 'chest_pain' as const, pathway: 'chest_pain_acs', by: undefined },
    ])('should choose $pathway when $name', ({ stemi, complaint, pathway, by }) => {
      const result = sut(base({ chiefComplaint: complaint, stemi, symptomOnsetAt: '2024-05-01T09:15:00+08:00' }));
      expect(result.pathways.map((p) => p.pathway)).toEqual([pathway]);
      const match = result.pathways[0]!;
      expect(match.details).toMatchObject({ minutesSinceSymptomOnset: 45, ...(by ? { identifiedBy: by } : {}) });
      expect(match.reasons.length).toBeGreaterThan(0);
    });
  });

  describe('stroke', () => {
    // §2.1–2.6: scales and cut-offs [V]; windows from last known well, inclusive [V].
    const cincinnati = { facialDroop: true, armDrift: true, speech: false };
    const race6 = { facialPalsy: 2, armMotor: 2, legMotor: 1, headGazeDeviation: 1, aphasia: 0 };

    it('should say LVO likely, thrombolysis window and direct-to-thrombectomy when Cincinnati is positive and RACE is 6 an hour after onset', () => {
      const match = find(base({ stroke: { cincinnati, race: race6 }, lastKnownWellAt: '2024-05-01T09:00:00+08:00' }), 'stroke');
      expect(match?.details).toEqual({
        isLvoLikely: true,
        lvoScales: [{ kind: 'race', score: 6, cutoff: 5, isLvoLikely: true }],
        window: 'thrombolysis',
        timeReference: 'last_known_well',
        minutesSinceLastKnownWell: 60,
        minutesLeftInWindow: 210,
        considerDirectToThrombectomyCentre: true,
      });
      expect(match?.reasons).toEqual([
        'Cincinnati positive (2 of 3 abnormal).',
        'RACE 6 (≥ 5): large-vessel occlusion likely.',
        'Within the thrombolysis window (4.5 h): 210 min left.',
        'Consider going direct to a thrombectomy centre if it adds no more than 15 min.',
      ]);
    });

    it.each([
      { name: 'RACE 4 alone', stroke: { race: { ...race6, legMotor: 0, headGazeDeviation: 0 } }, isLvoLikely: false },
      { name: 'RACE 4 and LAMS 4 disagree', stroke: { race: { ...race6, legMotor: 0, headGazeDeviation: 0 }, lams: { facialDroop: 0, armDrift: 2, gripStrength: 2 } }, isLvoLikely: true },
      { name: 'LAMS 3', stroke: { lams: { facialDroop: 1, armDrift: 1, gripStrength: 1 } }, isLvoLikely: false },
      { name: 'FAST-ED 4', stroke: { fastEd: { facialPalsy: 1, armWeakness: 2, speechChanges: 1, eyeDeviation: 0, denialNeglect: 0 } }, isLvoLikely: true },
      { name: 'FAST-ED 3', stroke: { fastEd: { facialPalsy: 1, armWeakness: 2, speechChanges: 0, eyeDeviation: 0, denialNeglect: 0 } }, isLvoLikely: false },
      { name: 'only a screening scale', stroke: { cincinnati }, isLvoLikely: null },
    ])('should say LVO likely is $isLvoLikely when $name', ({ stroke, isLvoLikely }) => {
      const match = find(base({ stroke, lastKnownWellAt: '2024-05-01T09:00:00+08:00' }), 'stroke');
      expect(match?.details).toMatchObject({ isLvoLikely });
    });

    it.each([
      { lastKnownWellAt: '2024-05-01T05:30:00+08:00', window: 'thrombolysis', left: 0, direct: true }, // 270 min
      { lastKnownWellAt: '2024-05-01T05:29:00+08:00', window: 'thrombectomy', left: 89, direct: true }, // 271 min
      { lastKnownWellAt: '2024-05-01T04:00:00+08:00', window: 'thrombectomy', left: 0, direct: true }, // 360 min
      { lastKnownWellAt: '2024-05-01T03:59:00+08:00', window: 'thrombectomy_extended', left: 1079, direct: false }, // 361 min
      { lastKnownWellAt: '2024-04-30T09:59:00+08:00', window: 'beyond', left: null, direct: false }, // 1441 min
    ])('should say window $window when last known well was at $lastKnownWellAt', ({ lastKnownWellAt, window, left, direct }) => {
      const match = find(base({ stroke: { race: race6 }, lastKnownWellAt }), 'stroke');
      expect(match?.details).toMatchObject({ window, minutesLeftInWindow: left, considerDirectToThrombectomyCentre: direct });
    });

    it('should use onset and say so when last known well is missing', () => {
      const match = find(base({ stroke: { cincinnati }, symptomOnsetAt: '2024-05-01T09:30:00+08:00' }), 'stroke');
      expect(match?.details).toMatchObject({ timeReference: 'symptom_onset', minutesSinceLastKnownWell: 30, window: 'thrombolysis' });
      expect(match?.reasons).toContain('Symptom onset used as last known well.');
    });

    it('should keep the stroke pathway with an unknown window when the complaint is stroke but nothing else is known', () => {
      const match = find(base({ chiefComplaint: 'stroke_symptoms' }), 'stroke');
      expect(match?.details).toMatchObject({ window: 'unknown', isLvoLikely: null, minutesSinceLastKnownWell: null });
      expect(match?.reasons).toEqual(['Chief complaint: stroke symptoms.', 'Last known well not recorded.']);
    });

    it('should say unknown window when last known well is after the assessment', () => {
      const match = find(base({ stroke: { cincinnati }, lastKnownWellAt: '2024-05-01T10:05:00+08:00' }), 'stroke');
      expect(match?.details).toMatchObject({ window: 'unknown' });
    });

    it('should find no stroke when every scale is normal', () => {
      const stroke = { cincinnati: { facialDroop: false, armDrift: false, speech: false }, lams: { facialDroop: 0, armDrift: 0, gripStrength: 0 } };
      expect(pathwaysOf(base({ stroke }))).toEqual([]);
    });

    it('should follow the RACE cut-off setting when it is changed', () => {
      const race4 = { ...race6, legMotor: 0, headGazeDeviation: 0 };
      const match = find(base({ stroke: { race: race4 } }), 'stroke', resolveClinicalSettings({ raceLvoAtOrAbove: 4 }));
      expect(match?.details).toMatchObject({ isLvoLikely: true });
    });
  });

  describe('major trauma', () => {
    // §4.1 field triage [V]; §1.2 T-RTS cut-off [U], both settings.
    it.each([
      { name: 'a suspected pelvic fracture', patch: { trauma: { injury: { pelvicFracture: true } } }, triage: 'red' },
      { name: 'a 4 m fall', patch: { trauma: { mechanism: { fallHeightM: 4 } } }, triage: 'yellow' },
      { name: 'SBP 105 at 70 years', patch: { ageYears: 70, vitals: { ...NORMAL_VITALS, systolicMmHg: 105 } }, triage: 'red' },
      { name: 'SpO2 88% on oxygen', patch: { vitals: { ...NORMAL_VITALS, spo2Pct: 88, onOxygen: true } }, triage: 'red' },
      { name: 'GCS motor 5', patch: { gcs: { eye: 3, verbal: 4, motor: 5 } as const }, triage: 'red' },
    ])('should say $triage when a trauma patient has $name', ({ patch, triage }) => {
      const match = find(base({ chiefComplaint: 'trauma', ...patch }), 'major_trauma');
      expect(match?.details).toMatchObject({ fieldTriage: triage });
      expect(match?.reasons[0]).toMatch(triage === 'red' ? /^Red: / : /^Yellow: /);
    });

    it('should find no major trauma when SpO2 is 92% on oxygen and nothing else is abnormal', () => {
      expect(pathwaysOf(base({ chiefComplaint: 'trauma', vitals: { ...NORMAL_VITALS, spo2Pct: 92, onOxygen: true } }))).toEqual([]);
    });

    it.each([
      { setting: 11, pathways: ['major_trauma'] },
      { setting: 10, pathways: [] },
    ])('should apply T-RTS 11 as $pathways when the cut-off setting is ≤ $setting', ({ setting, pathways }) => {
      // GCS 12 with motor 6: no field-triage criterion, T-RTS 11.
      const a = base({ chiefComplaint: 'trauma', gcs: { eye: 2, verbal: 4, motor: 6 } });
      expect(pathwaysOf(a, resolveClinicalSettings({ trtsTraumaCentreAtOrBelow: setting }))).toEqual(pathways);
    });

    it('should not judge field triage when the patient is not a trauma case', () => {
      expect(pathwaysOf(base({ vitals: { ...NORMAL_VITALS, respRateBpm: 32 } }))).toEqual([]);
    });
  });

  describe('critical maternal', () => {
    // Not in clinical.md: MEWC (Mhyre 2014) [M] defaults, all settings.
    it.each([
      { name: 'pregnant 32 weeks with SBP 160', patch: { pregnancyWeeks: 32, vitals: { ...NORMAL_VITALS, systolicMmHg: 160 } }, pathways: ['critical_maternal'] },
      { name: 'pregnant 32 weeks with SBP 159', patch: { pregnancyWeeks: 32, vitals: { ...NORMAL_VITALS, systolicMmHg: 159 } }, pathways: [] },
      { name: 'pregnant with a seizure', patch: { pregnancyWeeks: 36, maternal: { seizure: true } }, pathways: ['critical_maternal'] },
      { name: '42 days after birth with HR 125', patch: { postpartumDays: 42, vitals: { ...NORMAL_VITALS, heartRateBpm: 125 } }, pathways: ['critical_maternal'] },
      { name: '43 days after birth with HR 125', patch: { postpartumDays: 43, vitals: { ...NORMAL_VITALS, heartRateBpm: 125 } }, pathways: [] },
      { name: 'an obstetric complaint with heavy bleeding', patch: { chiefComplaint: 'obstetric' as const, maternal: { heavyVaginalBleeding: true } }, pathways: ['critical_maternal'] },
    ])('should give $pathways when a woman is $name', ({ patch, pathways }) => {
      expect(pathwaysOf(base({ sex: 'female', ageYears: 28, ...patch }))).toEqual(pathways);
    });

    it('should not apply maternal criteria when the patient is male', () => {
      expect(pathwaysOf(base({ sex: 'male', chiefComplaint: 'obstetric', maternal: { seizure: true } }))).toEqual([]);
    });

    it('should add yellow trauma and critical maternal when a woman 30 weeks pregnant falls and bleeds heavily', () => {
      const a = base({ sex: 'female', ageYears: 28, pregnancyWeeks: 30, chiefComplaint: 'trauma', maternal: { heavyVaginalBleeding: true } });
      const result = sut(a);
      expect(result.pathways.map((p) => p.pathway)).toEqual(['major_trauma', 'critical_maternal']);
      expect(result.pathways[0]?.reasons).toEqual(['Yellow: Pregnant beyond 20 weeks.']);
      expect(result.pathways[1]?.reasons).toEqual(['Pregnant, 30 weeks.', 'Heavy vaginal bleeding.']);
    });
  });

  describe('critical neonatal', () => {
    // Not in clinical.md: NRP / WHO [M] and [U] defaults, all settings.
    const newbornVitals = { heartRateBpm: 140, respRateBpm: 45, spo2Pct: 96, temperatureC: 36.8, consciousness: 'A' as const };

    it.each([
      { name: 'a newborn with HR 90', patch: { newborn: true, vitals: { ...newbornVitals, heartRateBpm: 90 } }, pathways: ['critical_neonatal'] },
      { name: 'a newborn with normal signs', patch: { newborn: true, vitals: newbornVitals }, pathways: [] },
      { name: 'a newborn at 36.4 °C', patch: { newborn: true, vitals: { ...newbornVitals, temperatureC: 36.4 } }, pathways: ['critical_neonatal'] },
      { name: 'a newborn born at 34 weeks', patch: { newborn: true, vitals: newbornVitals, neonatal: { gestationalAgeWeeksAtBirth: 34 } }, pathways: ['critical_neonatal'] },
      { name: '18 days old by age with RR 70', patch: { ageYears: 18 / 365.25, vitals: { ...newbornVitals, respRateBpm: 70 } }, pathways: ['critical_neonatal'] },
      { name: '29 days old by age with RR 70', patch: { ageYears: 29 / 365.25, vitals: { ...newbornVitals, respRateBpm: 70 } }, pathways: [] },
    ])('should give $pathways for $name', ({ patch, pathways }) => {
      expect(pathwaysOf(base({ sex: 'unknown', ageYears: undefined, ...patch }))).toEqual(pathways);
    });
  });

  it('should list pathways in a fixed order and match the wire schema when several apply', () => {
    const a = base({
      chiefComplaint: 'trauma',
      stemi: { byCrew: true },
      stroke: { beFast: { balance: true, eyes: false, face: false, arm: false, speech: false } },
      lastKnownWellAt: '2024-05-01T09:00:00+08:00',
      trauma: { injury: { pelvicFracture: true } },
    });
    const result = sut(PathwayAssessmentSchema.parse(a));
    expect(result.pathways.map((p) => p.pathway)).toEqual(['chest_pain_stemi', 'stroke', 'major_trauma']);
    expect(PathwayClassificationSchema.parse(result)).toEqual(result);
  });
});
