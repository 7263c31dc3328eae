import {
  InboundPatientSchema,
  TelemetryStatusSchema,
  VitalRowSchema,
  WaveformSampledEventSchema,
  type InboundPatient,
  type TelemetryStatus,
  type VitalRow,
  type WaveformSampledEvent,
} from '@feijiu/contracts';
import { requestList, requestParsed } from './http';

// Telemetry read endpoints (history back-fill, stream status) and the ER inbound list.
const API = '/api/v1';

function window(sinceIso: string, untilIso?: string): string {
  const params = new URLSearchParams({ since: sinceIso });
  if (untilIso) params.set('until', untilIso);
  return params.toString();
}

export function fetchVitals(vehicleId: string, sinceIso: string, untilIso?: string): Promise<VitalRow[]> {
  return requestList(`${API}/vehicles/${encodeURIComponent(vehicleId)}/vitals?${window(sinceIso, untilIso)}`, VitalRowSchema);
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
