import { inject, type InjectionKey } from 'vue';
import type { AssessmentDraft } from '../../../assessment/assessment-draft';

// The form's sections edit one reactive draft, provided by AssessmentPanel (no prop mutation).
export const DRAFT_KEY: InjectionKey<AssessmentDraft> = Symbol('assessment-draft');

export function useDraft(): AssessmentDraft {
  const draft = inject(DRAFT_KEY);
  if (!draft) throw new Error('useDraft() outside AssessmentPanel');
  return draft;
}
