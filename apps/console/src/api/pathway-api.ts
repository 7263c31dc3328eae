import type { PathwayAssessment } from '@feijiu/clinical';
import {
  AssessmentRecordSchema,
  DestinationListSchema,
  EncounterSchema,
  HospitalLiveStatusSchema,
  PrenoticeSchema,
  PrenoticeSentEventSchema,
  QualityReportSchema,
  type AssessmentRecord,
  type ChecklistItem,
  type DestinationList,
  type Encounter,
  type HospitalLiveStatus,
  type Prenotice,
  type PrenoticeSentEvent,
  type QualityReport,
  type Team,
  type UpdateHospitalStatusRequest,
} from '@feijiu/contracts';
import { requestBlob, requestList, requestParsed } from './http';

// Green channels (绿色通道): assessments, destinations, pre-notices, pre-admission encounters,
// hospital live status and the quality report.
const API = '/api/v1';
const id = encodeURIComponent;

export function postAssessment(incidentId: string, body: PathwayAssessment): Promise<AssessmentRecord> {
  return requestParsed(`${API}/incidents/${id(incidentId)}/assessments`, AssessmentRecordSchema, { method: 'POST', body });
}

/** Oldest first; the last one is in force. */
export function fetchAssessments(incidentId: string): Promise<AssessmentRecord[]> {
  return requestList(`${API}/incidents/${id(incidentId)}/assessments`, AssessmentRecordSchema);
}

export function fetchDestinations(incidentId: string): Promise<DestinationList> {
  return requestParsed(`${API}/incidents/${id(incidentId)}/destinations`, DestinationListSchema);
}

/** Pre-notifies the hospital and makes it the incident's destination. */
export function sendPrenotice(incidentId: string, hospitalId: string): Promise<Prenotice> {
  return requestParsed(`${API}/incidents/${id(incidentId)}/prenotice`, PrenoticeSchema, { method: 'POST', body: { hospitalId } });
}

/** The hospital's open pre-notices, for the ER board on load. */
export function fetchHospitalPrenotices(hospitalId: string): Promise<PrenoticeSentEvent[]> {
  return requestList(`${API}/hospitals/${id(hospitalId)}/prenotices`, PrenoticeSentEventSchema);
}

export function acknowledgePrenotice(prenoticeId: string, teamsActivated: readonly Team[], bypassEd: 'cath_lab' | 'ct' | null): Promise<Prenotice> {
  return requestParsed(`${API}/prenotices/${id(prenoticeId)}/acknowledge`, PrenoticeSchema, {
    method: 'POST',
    body: { teamsActivated, bypassEd },
  });
}

export function fetchEncounters(hospitalId: string): Promise<Encounter[]> {
  return requestList(`${API}/hospitals/${id(hospitalId)}/encounters`, EncounterSchema);
}

export function setChecklistItem(encounterId: string, item: ChecklistItem, done: boolean): Promise<Encounter> {
  return requestParsed(`${API}/encounters/${id(encounterId)}/checklist/${id(item)}`, EncounterSchema, { method: 'POST', body: { done } });
}

export function putHospitalStatus(hospitalId: string, body: UpdateHospitalStatusRequest): Promise<HospitalLiveStatus> {
  return requestParsed(`${API}/hospitals/${id(hospitalId)}/status`, HospitalLiveStatusSchema, { method: 'PUT', body });
}

export interface QualityQuery {
  pathway: 'chest_pain' | 'stroke' | 'trauma' | 'ems';
  from: string;
  to: string;
}

function qualityParams(query: QualityQuery, format: 'json' | 'csv'): string {
  const params = new URLSearchParams({ pathway: query.pathway, from: query.from, to: query.to });
  if (format === 'csv') params.set('format', 'csv');
  return params.toString();
}

export function fetchQualityReport(query: QualityQuery): Promise<QualityReport> {
  return requestParsed(`${API}/quality?${qualityParams(query, 'json')}`, QualityReportSchema);
}

export function downloadQualityCsv(query: QualityQuery): Promise<{ blob: Blob; filename: string | null }> {
  return requestBlob(`${API}/quality?${qualityParams(query, 'csv')}`, 'text/csv');
}
