import type { ChiefComplaint } from '@feijiu/clinical';
import { answeredCount, type AssessmentDraft } from './assessment-draft';

// Which parts of the assessment the tablet shows: the ones the complaint calls for and any part
// already answered (nothing entered is ever hidden). "Show all" opens the rest.

export const SECTIONS = ['basics', 'vitals', 'gcs', 'chest', 'stroke', 'trauma', 'maternal', 'neonatal', 'times'] as const;
export type Section = (typeof SECTIONS)[number];

const ALWAYS: readonly Section[] = ['basics', 'vitals', 'gcs', 'times'];
const BY_COMPLAINT: Record<ChiefComplaint, readonly Section[]> = {
  chest_pain: ['chest'],
  stroke_symptoms: ['stroke'],
  trauma: ['trauma'],
  obstetric: ['maternal'],
  newborn: ['neonatal'],
  breathing_difficulty: ['chest'],
  altered_consciousness: ['stroke'],
  cardiac_arrest: ['chest'],
  other: [],
};

function answeredSections(draft: AssessmentDraft): Section[] {
  const out: Section[] = [];
  if (draft.stemiByCrew !== null || draft.stemiByRemotePhysician) out.push('chest');
  const strokeAnswers = answeredCount(draft.race) + answeredCount(draft.lams) + answeredCount(draft.fastEd);
  if (strokeAnswers > 0 || Object.values(draft.beFast).some(Boolean) || draft.raceSide !== null) out.push('stroke');
  if (Object.values(draft.trauma).some(Boolean) || draft.fallHeightM !== null) out.push('trauma');
  if (Object.values(draft.maternal).some(Boolean) || (draft.pregnancyWeeks ?? 0) > 0) out.push('maternal');
  if (Object.values(draft.neonatal).some(Boolean) || draft.newborn) out.push('neonatal');
  return out;
}

export function visibleSections(draft: AssessmentDraft, showAll: boolean): ReadonlySet<Section> {
  if (showAll) return new Set(SECTIONS);
  const fromComplaint = draft.chiefComplaint ? BY_COMPLAINT[draft.chiefComplaint] : [];
  return new Set([...ALWAYS, ...fromComplaint, ...answeredSections(draft)]);
}
