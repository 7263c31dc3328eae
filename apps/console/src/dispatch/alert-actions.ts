import type { AlertRaisedEvent } from '@feijiu/contracts';

const ACTIONABLE: ReadonlySet<AlertRaisedEvent['kind']> = new Set(['offer_unanswered', 'departure_late']);

/** Alerts the dispatcher must act on now (shown first and louder). */
export function isActionableAlert(alert: Pick<AlertRaisedEvent, 'kind'>): boolean {
  return ACTIONABLE.has(alert.kind);
}

/** The vehicle the server proposes instead (`details.nextVehicleId`), when it proposed one. */
export function nextVehicleOf(alert: Pick<AlertRaisedEvent, 'details'>): string | null {
  const next = alert.details?.nextVehicleId;
  return typeof next === 'string' && next !== '' ? next : null;
}
