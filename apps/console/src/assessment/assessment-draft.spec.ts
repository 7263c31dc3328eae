import { PathwayAssessmentSchema } from '@feijiu/clinical';
import { describe, expect, it } from 'vitest';
import { draftFromAssessment, emptyDraft, toAssessment, unfinishedScales, type AssessmentDraft } from './assessment-draft';

const AT = '2026-03-01T08:30:00.000Z';

function strokeDraft(): AssessmentDraft {
  const draft = emptyDraft();
  draft.chiefComplaint = 'stroke_symptoms';
  draft.ageYears = 72;
  draft.sex = 'male';
  draft.beFast.arm = true;
  draft.beFast.speech = true;
  draft.race = { facialPalsy: 2, armMotor: 2, legMotor: 1, headGazeDeviation: 1 };
  draft.raceSide = 'right';
  draft.raceCortical = 2;
  draft.lastKnownWellAt = '2026-03-01T07:50:00.000Z';
  return draft;
}

describe(toAssessment.name, () => {
  it('should not build a body when the chief complaint is missing', () => {
    expect(toAssessment(emptyDraft(), AT)).toBeNull();
  });

  it('should send only the complaint and time when nothing else was answered', () => {
    const draft = emptyDraft();
    draft.chiefComplaint = 'other';
    expect(toAssessment(draft, AT)).toEqual({ assessedAt: AT, chiefComplaint: 'other' });
  });

  it('should score the cortical item as aphasia when the right side is weak', () => {
    const sut = toAssessment(strokeDraft(), AT);
    expect(sut?.stroke?.race).toEqual({ facialPalsy: 2, armMotor: 2, legMotor: 1, headGazeDeviation: 1, aphasia: 2 });
    expect(PathwayAssessmentSchema.safeParse(sut).success).toBe(true);
  });

  it('should score the cortical item as agnosia when the left side is weak', () => {
    const draft = strokeDraft();
    draft.raceSide = 'left';
    expect(toAssessment(draft, AT)?.stroke?.race).toMatchObject({ agnosia: 2 });
    expect(toAssessment(draft, AT)?.stroke?.race).not.toHaveProperty('aphasia');
  });

  it('should leave out a RACE with an unanswered item and report it unfinished', () => {
    const draft = strokeDraft();
    draft.race.legMotor = null;
    expect(toAssessment(draft, AT)?.stroke?.race).toBeUndefined();
    expect(unfinishedScales(draft)).toEqual(['race']);
  });

  it('should carry last known well into BE-FAST so the T item counts', () => {
    expect(toAssessment(strokeDraft(), AT)?.stroke?.beFast).toMatchObject({ arm: true, speech: true, balance: false, lastKnownWellAt: '2026-03-01T07:50:00.000Z' });
  });

  it('should not record a negative BE-FAST for a chest-pain patient', () => {
    const draft = emptyDraft();
    draft.chiefComplaint = 'chest_pain';
    draft.stemiByCrew = true;
    const sut = toAssessment(draft, AT);
    expect(sut?.stroke).toBeUndefined();
    expect(sut?.stemi).toEqual({ byCrew: true });
  });

  it('should keep a GCS component marked NT', () => {
    const draft = emptyDraft();
    draft.chiefComplaint = 'altered_consciousness';
    draft.gcs = { eye: 2, verbal: 'NT', motor: 4 };
    expect(toAssessment(draft, AT)?.gcs).toEqual({ eye: 2, verbal: 'NT', motor: 4 });
  });

  it('should group trauma quick flags into injury, mechanism and risk factors', () => {
    const draft = emptyDraft();
    draft.chiefComplaint = 'trauma';
    draft.trauma.pelvicFracture = true;
    draft.trauma.respiratoryDistressOrSupport = true;
    draft.trauma.ejection = true;
    draft.trauma.anticoagulantUse = true;
    draft.fallHeightM = 4;
    const sut = toAssessment(draft, AT);
    expect(sut?.trauma).toEqual({
      injury: { pelvicFracture: true },
      respiratoryDistressOrSupport: true,
      mechanism: { ejection: true, fallHeightM: 4 },
      riskFactors: { anticoagulantUse: true },
    });
    expect(PathwayAssessmentSchema.safeParse(sut).success).toBe(true);
  });

  it('should keep a remote physician confirmation the crew did not touch', () => {
    const draft = emptyDraft();
    draft.chiefComplaint = 'chest_pain';
    draft.stemiByRemotePhysician = true;
    expect(toAssessment(draft, AT)?.stemi).toEqual({ byRemotePhysician: true });
  });
});

describe(draftFromAssessment.name, () => {
  it('should give back the same body after a round trip', () => {
    const draft = strokeDraft();
    draft.vitals.heartRateBpm = 96;
    draft.consciousness = 'C';
    draft.gcs = { eye: 4, verbal: 4, motor: 6 };
    draft.trauma.skullDeformity = true;
    draft.maternal.seizure = true;
    const body = toAssessment(draft, AT);
    const sut = draftFromAssessment(body);
    expect(sut && toAssessment(sut, AT)).toEqual(body);
  });

  it('should give null for something that is not an assessment', () => {
    expect(draftFromAssessment({ chiefComplaint: 'nonsense' })).toBeNull();
  });
});
