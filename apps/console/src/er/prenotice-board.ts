import type { AlertRaisedEvent, AssessmentRecord, Pathway, Prenotice, PrenoticeSentEvent, Team } from '@feijiu/contracts';

// Pre-notices on the ER board: pure updates of the list (each returns a new array), the banner
// state, and the teams and ED bypass to propose for the patient's pathways.

export type BannerState = 'pending' | 'acknowledged' | 'escalated';

export function bannerStateOf(prenotice: Pick<Prenotice, 'acknowledgedAt' | 'escalatedAt'>): BannerState {
  if (prenotice.acknowledgedAt) return 'acknowledged';
  return prenotice.escalatedAt ? 'escalated' : 'pending';
}

export function isUnacknowledged(entry: PrenoticeSentEvent): boolean {
  return entry.prenotice.acknowledgedAt === null;
}

/** A new or re-sent pre-notice replaces the one with the same id. */
export function upsertSent(list: readonly PrenoticeSentEvent[], event: PrenoticeSentEvent): PrenoticeSentEvent[] {
  return [...list.filter((e) => e.prenotice.id !== event.prenotice.id), event];
}

/** `prenotice.updated`; false when the pre-notice is unknown here (the board then reloads). */
export function applyPrenoticeUpdate(list: readonly PrenoticeSentEvent[], prenotice: Prenotice): { list: PrenoticeSentEvent[]; known: boolean } {
  const known = list.some((e) => e.prenotice.id === prenotice.id);
  return { known, list: list.map((e) => (e.prenotice.id === prenotice.id ? { ...e, prenotice } : e)) };
}

/**
 * `alert.raised` prenotice_unacknowledged: the server's escalation. It names the pre-notice in
 * `details.prenoticeId` (else the incident); an acknowledged pre-notice stays acknowledged.
 */
export function applyEscalation(list: readonly PrenoticeSentEvent[], alert: AlertRaisedEvent): PrenoticeSentEvent[] {
  if (alert.kind !== 'prenotice_unacknowledged') return [...list];
  const prenoticeId = typeof alert.details?.prenoticeId === 'string' ? alert.details.prenoticeId : null;
  return list.map((e) => {
    const matches = prenoticeId ? e.prenotice.id === prenoticeId : e.prenotice.incidentId === alert.incidentId;
    if (!matches || !isUnacknowledged(e) || e.prenotice.escalatedAt) return e;
    return { ...e, prenotice: { ...e.prenotice, escalatedAt: alert.raisedAt } };
  });
}

/** A newer assessment of the same incident replaces the one the pre-notice carried. */
export function applyAssessment(list: readonly PrenoticeSentEvent[], record: AssessmentRecord): PrenoticeSentEvent[] {
  return list.map((e) => {
    if (e.prenotice.incidentId !== record.incidentId) return e;
    if (e.assessment && Date.parse(e.assessment.recordedAt) > Date.parse(record.recordedAt)) return e;
    return { ...e, assessment: record };
  });
}

/** Waiting ones first (escalated before pending), then by time sent. */
export function orderForBoard(list: readonly PrenoticeSentEvent[]): PrenoticeSentEvent[] {
  const rank: Record<BannerState, number> = { escalated: 0, pending: 1, acknowledged: 2 };
  return [...list].sort(
    (a, b) =>
      rank[bannerStateOf(a.prenotice)] - rank[bannerStateOf(b.prenotice)] || Date.parse(a.prenotice.sentAt) - Date.parse(b.prenotice.sentAt),
  );
}

const TEAM_OF_PATHWAY: Record<Pathway, Team | null> = {
  chest_pain_stemi: 'cath_lab',
  chest_pain_acs: null,
  stroke: 'stroke',
  major_trauma: 'trauma',
  critical_maternal: 'obstetric',
  critical_neonatal: 'neonatal',
};

/** The teams the pathways call for, ticked in advance on the acknowledge form. */
export function suggestedTeams(pathways: readonly Pathway[]): Team[] {
  return [...new Set(pathways.map((p) => TEAM_OF_PATHWAY[p]).filter((t) => t !== null))];
}

/** Straight to the cath lab for a STEMI, to CT for a stroke; otherwise through the ED. */
export function suggestedBypass(pathways: readonly Pathway[]): 'cath_lab' | 'ct' | null {
  if (pathways.includes('chest_pain_stemi')) return 'cath_lab';
  if (pathways.includes('stroke')) return 'ct';
  return null;
}

/** Seconds left of the ETA given when the pre-notice was sent. */
export function prenoticeEtaLeftSec(prenotice: Pick<Prenotice, 'etaSec' | 'sentAt'>, nowMs: number): number | null {
  if (prenotice.etaSec === null) return null;
  return Math.max(0, prenotice.etaSec - (nowMs - Date.parse(prenotice.sentAt)) / 1000);
}

/** The server names actors as "user:<username>" (or "system:…"); people read the name. */
export function displayActor(actor: string | null): string {
  if (!actor) return '';
  return actor.replace(/^user:/, '');
}
