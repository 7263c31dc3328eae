import { MonitorAlarmEventSchema, VITALS_TRUNCATED_HEADER, type Incident, type MonitorAlarmEvent } from '@feijiu/contracts';
import { requestListWithHeaders } from '../api/http';
import { nextLink } from '../api/telemetry-api';

// The alarm history an ER card reads when it appears (and after a reconnect): the alarms measured
// since the vehicle was bound to the card's patient, newest first from the server, which caps a
// page at its newest alarms and links to the older ones.

/** A monitor clock running this much slow still stamps the patient's alarms inside the window. */
export const ALARM_CLOCK_MARGIN_MS = 15 * 60_000;

/**
 * Where a card's alarm history starts: when this vehicle was bound to the patient (its accepted
 * assignment; the call when there is none), less the clock margin. Null without an incident.
 */
export function alarmHistorySinceMs(incident: Incident | null, vehicleId: string): number | null {
  if (incident === null) return null;
  const own = incident.assignments.filter((a) => a.vehicleId === vehicleId && a.status !== 'declined' && a.status !== 'expired');
  const boundAt = own.map((a) => Date.parse(a.respondedAt ?? a.offeredAt)).sort((a, b) => b - a)[0] ?? Date.parse(incident.createdAt);
  return boundAt - ALARM_CLOCK_MARGIN_MS;
}

export interface AlarmHistory {
  /** Oldest first. */
  rows: MonitorAlarmEvent[];
  /** Older alarms of the window were still left out. */
  truncated: boolean;
}

/** A vehicle's alarms measured since `sinceIso`, following at most `maxPages` capped pages back. */
export async function fetchAlarmHistory(vehicleId: string, sinceIso: string, maxPages = 3): Promise<AlarmHistory> {
  let path: string | null = `/api/v1/vehicles/${encodeURIComponent(vehicleId)}/alarms?${new URLSearchParams({ since: sinceIso }).toString()}`;
  let rows: MonitorAlarmEvent[] = [];
  let truncated = false;
  for (let page = 0; path !== null && page < maxPages; page++) {
    const { items, headers }: { items: MonitorAlarmEvent[]; headers: Headers } = await requestListWithHeaders(path, MonitorAlarmEventSchema);
    rows = [...items, ...rows]; // each page is older than the one before
    truncated = headers.get(VITALS_TRUNCATED_HEADER) === 'true';
    path = truncated ? nextLink(headers.get('Link')) : null;
  }
  return { rows, truncated };
}
