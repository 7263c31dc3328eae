import { describe, expect, it } from 'vitest';
import { emptyDraft } from './assessment-draft';
import { SECTIONS, visibleSections } from './assessment-sections';

describe(visibleSections.name, () => {
  it('should show the stroke scales for stroke symptoms and not the trauma flags', () => {
    const draft = emptyDraft();
    draft.chiefComplaint = 'stroke_symptoms';
    const sut = visibleSections(draft, false);
    expect(sut.has('stroke')).toBe(true);
    expect(sut.has('trauma')).toBe(false);
  });

  it('should keep a part with answers visible after the complaint changes', () => {
    const draft = emptyDraft();
    draft.chiefComplaint = 'chest_pain';
    draft.lams.armDrift = 2;
    expect(visibleSections(draft, false).has('stroke')).toBe(true);
  });

  it('should show the maternal signs for a pregnant patient', () => {
    const draft = emptyDraft();
    draft.chiefComplaint = 'trauma';
    draft.pregnancyWeeks = 32;
    expect(visibleSections(draft, false).has('maternal')).toBe(true);
  });

  it('should show everything when asked', () => {
    expect([...visibleSections(emptyDraft(), true)].sort()).toEqual([...SECTIONS].sort());
  });
});
