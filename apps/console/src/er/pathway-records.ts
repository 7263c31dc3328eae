import type { AssessmentRecord, Encounter } from '@feijiu/contracts';
import { parseAssessment } from '../assessment/assessment-scores';

// The assessment in force and the pre-admission encounter of each incident on the ER board.

/** The newest record wins; an older one arriving late changes nothing. */
export function applyRecord(byIncident: ReadonlyMap<string, AssessmentRecord>, record: AssessmentRecord): Map<string, AssessmentRecord> {
  const next = new Map(byIncident);
  const known = next.get(record.incidentId);
  if (!known || Date.parse(known.recordedAt) <= Date.parse(record.recordedAt)) next.set(record.incidentId, record);
  return next;
}

/** The record in force of a list (GET answers oldest first, but do not rely on it). */
export function latestRecord(records: readonly AssessmentRecord[]): AssessmentRecord | null {
  return records.reduce<AssessmentRecord | null>(
    (latest, r) => (latest === null || Date.parse(r.recordedAt) >= Date.parse(latest.recordedAt) ? r : latest),
    null,
  );
}

export function applyEncounter(byIncident: ReadonlyMap<string, Encounter>, encounter: Encounter): Map<string, Encounter> {
  return new Map(byIncident).set(encounter.incidentId, encounter);
}

/** Only this hospital's encounters (a socket room may carry more). */
export function encountersByIncident(list: readonly Encounter[], hospitalId: string): Map<string, Encounter> {
  return new Map(list.filter((e) => e.hospitalId === hospitalId).map((e) => [e.incidentId, e]));
}

const CARDIAC_COMPLAINTS: ReadonlySet<string> = new Set(['chest_pain', 'cardiac_arrest', 'breathing_difficulty']);

/**
 * Offer the remote physician's STEMI confirmation where an ECG read matters: no assessment yet
 * (nothing is known), a chest-pain pathway, or a cardiac complaint.
 */
export function canConfirmStemi(record: AssessmentRecord | null): boolean {
  if (!record) return true;
  if (record.pathways.some((p) => p.pathway === 'chest_pain_stemi' || p.pathway === 'chest_pain_acs')) return true;
  const complaint = parseAssessment(record.assessment)?.chiefComplaint;
  return complaint !== undefined && CARDIAC_COMPLAINTS.has(complaint);
}
