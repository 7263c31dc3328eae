import { INCIDENT_STATUSES, type ChangeIncidentStatusRequest, type ErrorCode, type IncidentStatus } from '@feijiu/contracts';

// The dispatcher ends an incident by hand: cancels a call (duplicate, caller cancelled, hoax …)
// with a reason, or closes a finished one. Which status allows which follows dispatch-core's
// incident-lifecycle.ts (the server answers 409 INCIDENT_ILLEGAL_TRANSITION otherwise).

export type IncidentEnding = 'cancelled' | 'closed';

const ENDINGS_FROM: Readonly<Record<IncidentStatus, readonly IncidentEnding[]>> = {
  new: ['cancelled'],
  dispatched: ['cancelled'],
  // treated on scene and not transported: closed; a call that turned out to be nothing: cancelled
  on_scene: ['closed', 'cancelled'],
  transporting: [],
  at_hospital: ['closed'],
  closed: [],
  cancelled: [],
};

/** The endings the server takes from `status`, closing first. */
export function endingsOf(status: IncidentStatus): readonly IncidentEnding[] {
  return ENDINGS_FROM[status];
}

/** The usual reasons a call is cancelled; `other` needs the dispatcher's words. Digits 1–6 pick them. */
export const CANCEL_REASONS = ['duplicate_call', 'caller_cancelled', 'self_transport', 'no_patient_found', 'hoax_call', 'other'] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

/** The reason a digit key picks (`1` the first), or null. */
export function cancelReasonForKey(key: string): CancelReason | null {
  const index = /^[1-9]$/.test(key) ? Number(key) - 1 : -1;
  return CANCEL_REASONS[index] ?? null;
}

export interface EndingDraft {
  reason: CancelReason | null;
  detail: string;
}

export type EndingProblem = 'reason' | 'detail';

const MAX_REASON_CHARS = 500;

/**
 * The status change to send. A cancellation's reason is the chosen reason as the dispatcher reads
 * it (`label`), then the details; it is the note on the timeline's 事件取消 and in the audit.
 */
export function buildEndingRequest(
  ending: IncidentEnding,
  draft: EndingDraft,
  label: (reason: CancelReason) => string,
  separator: string,
): { request: ChangeIncidentStatusRequest } | { problem: EndingProblem } {
  const detail = draft.detail.trim();
  if (ending === 'closed') return { request: detail ? { status: 'closed', reason: detail.slice(0, MAX_REASON_CHARS) } : { status: 'closed' } };
  if (!draft.reason) return { problem: 'reason' };
  if (draft.reason === 'other' && !detail) return { problem: 'detail' };
  const reason = detail ? `${label(draft.reason)}${separator}${detail}` : label(draft.reason);
  return { request: { status: 'cancelled', reason: reason.slice(0, MAX_REASON_CHARS) } };
}

/** Why the server refused, as the console words it. */
export type EndingRefusal =
  | { kind: 'illegal'; status: IncidentStatus | null }
  | { kind: 'notFound' }
  | { kind: 'forbidden' }
  | { kind: 'invalid'; message: string }
  | { kind: 'other'; code: ErrorCode | null; message: string };

const isIncidentStatus = (value: unknown): value is IncidentStatus => (INCIDENT_STATUSES as readonly unknown[]).includes(value);

/** A refusal from its error code and details (`from`: the status the server found). */
export function describeEndingRefusal(error: { code: ErrorCode | null; message: string; details?: unknown }): EndingRefusal {
  if (error.code === 'INCIDENT_ILLEGAL_TRANSITION') {
    const from = (error.details as { from?: unknown } | null | undefined)?.from;
    return { kind: 'illegal', status: isIncidentStatus(from) ? from : null };
  }
  if (error.code === 'INCIDENT_NOT_FOUND') return { kind: 'notFound' };
  if (error.code === 'FORBIDDEN') return { kind: 'forbidden' };
  if (error.code === 'VALIDATION_FAILED') return { kind: 'invalid', message: error.message };
  return { kind: 'other', code: error.code, message: error.message };
}
