import {
  InboundPatientSchema,
  TelemetryStatusSchema,
  VITALS_TRUNCATED_HEADER,
  VitalRowSchema,
  WaveformSampledEventSchema,
  type InboundPatient,
  type TelemetryStatus,
  type VitalRow,
  type WaveformSampledEvent,
} from '@feijiu/contracts';
import { requestList, requestListWithHeaders, requestParsed } from './http';

// Telemetry read endpoints (history back-fill, stream status) and the ER inbound list.
const API = '/api/v1';

function window(sinceIso: string, untilIso?: string): string {
  const params = new URLSearchParams({ since: sinceIso });
  if (untilIso) params.set('until', untilIso);
  return params.toString();
}

/** Vitals history, oldest first; `truncated` when older rows of the window were still left out. */
export interface VitalsHistory {
  rows: VitalRow[];
  truncated: boolean;
}

/**
 * The window's vitals. The server returns the newest rows when it caps a page and links to the
 * older ones (`X-Truncated`, `Link rel="next"`): follow at most `maxPages` pages.
 */
export async function fetchVitals(vehicleId: string, sinceIso: string, untilIso?: string, maxPages = 3): Promise<VitalsHistory> {
  let path: string | null = `${API}/vehicles/${encodeURIComponent(vehicleId)}/vitals?${window(sinceIso, untilIso)}`;
  let rows: VitalRow[] = [];
  let truncated = false;
  for (let page = 0; path !== null && page < maxPages; page++) {
    const { items, headers }: { items: VitalRow[]; headers: Headers } = await requestListWithHeaders(path, VitalRowSchema);
    rows = [...items, ...rows]; // each page is older than the one before
    truncated = headers.get(VITALS_TRUNCATED_HEADER) === 'true';
    path = truncated ? nextLink(headers.get('Link')) : null;
  }
  return { rows, truncated };
}

/** The `rel="next"` target of a Link header, when it is one of our API paths. */
export function nextLink(link: string | null): string | null {
  const target = /<([^>]*)>\s*;\s*rel="?next"?/.exec(link ?? '')?.[1] ?? null;
  return target !== null && target.startsWith(`${API}/`) ? target : null;
}

export function fetchWaveform(vehicleId: string, sinceIso: string, untilIso?: string): Promise<WaveformSampledEvent[]> {
  return requestList(
    `${API}/vehicles/${encodeURIComponent(vehicleId)}/waveform?${window(sinceIso, untilIso)}`,
    WaveformSampledEventSchema,
  );
}

export function fetchTelemetryStatus(vehicleId: string): Promise<TelemetryStatus> {
  return requestParsed(`${API}/vehicles/${encodeURIComponent(vehicleId)}/telemetry-status`, TelemetryStatusSchema);
}

/** Incidents bound for the signed-in clinician's hospital, with the ambulance carrying each. */
export function fetchErInbound(): Promise<InboundPatient[]> {
  return requestList(`${API}/er/inbound`, InboundPatientSchema);
}
