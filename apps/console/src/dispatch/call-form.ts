import {
  CreateIncidentRequestSchema,
  INCIDENT_PRIORITIES,
  type CreateIncidentRequest,
  type IncidentPriority,
  type LatLon,
  type PatientSex,
  type VehicleType,
} from '@feijiu/contracts';

// The call-taking form as plain data: what the dispatcher typed → the create request.

export interface CallForm {
  location: LatLon | null;
  /** The place-search text doubles as the address. */
  address: string;
  complaint: string;
  priority: IncidentPriority | null;
  callerPhone: string;
  callerName: string;
  patientName: string;
  patientSex: PatientSex | null;
  /** as typed; a number of years (decimals for infants) */
  patientAge: string;
  notes: string;
  requiredVehicleType: VehicleType | null;
}

export function emptyCallForm(): CallForm {
  return {
    location: null,
    address: '',
    complaint: '',
    priority: null,
    callerPhone: '',
    callerName: '',
    patientName: '',
    patientSex: null,
    patientAge: '',
    notes: '',
    requiredVehicleType: null,
  };
}

export interface ComplaintPick {
  key: 'chestPain' | 'stroke' | 'trauma' | 'dyspnoea' | 'unconscious' | 'obstetric' | 'neonatal' | 'poisoning' | 'fever';
  /** Taken when the dispatcher has not chosen a priority yet. */
  priority: IncidentPriority;
  vehicleType?: VehicleType;
}

export const COMPLAINT_PICKS: readonly ComplaintPick[] = [
  { key: 'chestPain', priority: 'critical' },
  { key: 'stroke', priority: 'critical' },
  { key: 'trauma', priority: 'urgent' },
  { key: 'dyspnoea', priority: 'critical' },
  { key: 'unconscious', priority: 'critical' },
  { key: 'obstetric', priority: 'urgent' },
  { key: 'neonatal', priority: 'critical', vehicleType: 'neonatal' },
  { key: 'poisoning', priority: 'urgent' },
  { key: 'fever', priority: 'non_urgent' },
];

/** Adds a quick pick's words to whatever the dispatcher typed already. */
export function appendComplaint(current: string, words: string, separator: string): string {
  const trimmed = current.trim();
  if (!trimmed) return words;
  return trimmed.includes(words) ? trimmed : `${trimmed}${separator}${words}`;
}

/** Keys 1/2/3 pick critical/urgent/non_urgent. */
export function priorityForKey(key: string): IncidentPriority | null {
  const index = ['1', '2', '3'].indexOf(key);
  return index < 0 ? null : (INCIDENT_PRIORITIES[index] ?? null);
}

export type CallFormProblem = 'location' | 'complaint' | 'priority' | 'callerPhone' | 'patientAge' | 'invalid';

export type CallFormResult = { ok: true; request: CreateIncidentRequest } | { ok: false; problems: CallFormProblem[] };

export function buildCreateIncidentRequest(form: CallForm): CallFormResult {
  const problems: CallFormProblem[] = [];
  if (!form.location) problems.push('location');
  if (!form.complaint.trim()) problems.push('complaint');
  if (!form.priority) problems.push('priority');
  const age = form.patientAge.trim() === '' ? undefined : Number(form.patientAge.trim());
  if (age !== undefined && !(Number.isFinite(age) && age >= 0 && age <= 130)) problems.push('patientAge');
  if (!form.location || !form.priority || problems.length > 0) return { ok: false, problems };
  const optional = (text: string) => text.trim() || undefined;
  const patient = { name: optional(form.patientName), sex: form.patientSex ?? undefined, ageYears: age };
  const candidate = {
    location: form.location,
    address: optional(form.address),
    callerPhone: optional(form.callerPhone),
    callerName: optional(form.callerName),
    patient: Object.values(patient).some((v) => v !== undefined) ? patient : undefined,
    complaint: form.complaint.trim(),
    priority: form.priority,
    notes: optional(form.notes),
    requiredVehicleType: form.requiredVehicleType ?? undefined,
  };
  const parsed = CreateIncidentRequestSchema.safeParse(candidate);
  if (parsed.success) return { ok: true, request: parsed.data };
  const badPhone = parsed.error.issues.some((issue) => issue.path[0] === 'callerPhone');
  return { ok: false, problems: [badPhone ? 'callerPhone' : 'invalid'] };
}

/** A location chosen in the place search (a gazetteer place or typed coordinates) and the text it was chosen under. */
export interface PlacePick {
  text: string;
  location: LatLon;
}

/**
 * The location the call may be created at, given the place text now. A point from the map (a
 * click, the marker dragged) holds whatever the text says: the text is then only the address.
 * A location picked in the place search holds only while the text is the one it was picked
 * under: a dispatcher who typed another village means that village, whose coordinates are not
 * known until the search answers (an Enter in between must not send the old place's).
 */
export function locationForText(location: LatLon | null, lastPick: PlacePick | null, text: string): LatLon | null {
  if (!location) return null;
  const fromPick = lastPick !== null && lastPick.location.lat === location.lat && lastPick.location.lon === location.lon;
  if (!fromPick) return location;
  return lastPick.text.trim() === text.trim() ? location : null;
}

/** Arrow-key movement through a suggestion list; -1 is "no suggestion highlighted". */
export function moveHighlight(current: number, delta: 1 | -1, count: number): number {
  if (count === 0) return -1;
  if (current < 0) return delta > 0 ? 0 : count - 1;
  return (current + delta + count) % count;
}
