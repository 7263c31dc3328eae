import {
  CREW_ROLES,
  type CrewMember,
  type CrewRole,
  MAX_CREW_MEMBERS,
  type SetVehicleCrewRequest,
  SetVehicleCrewRequestSchema,
  type Vehicle,
  type VehicleCrewChangedEvent,
} from '@feijiu/contracts';

// The shift crew on the consoles: one compact line for the dispatcher ("医 张伟 · 护 李娜 · 驾 王强"),
// and the crew tablet's edit form, checked with the API's own schema before it is sent.

/** Clinicians first, the driver last: the order a dispatcher reads a crew in. */
export function sortCrew(crew: readonly CrewMember[]): CrewMember[] {
  return [...crew].sort((a, b) => CREW_ROLES.indexOf(a.role) - CREW_ROLES.indexOf(b.role));
}

/** "医 张伟 · 护 李娜 · 驾 王强"; '' for an empty crew. `label` gives each role's short label. */
export function formatCrewLine(crew: readonly CrewMember[], label: (role: CrewRole) => string): string {
  return sortCrew(crew)
    .map((m) => `${label(m.role)} ${m.name}`)
    .join(' · ');
}

export function applyCrewChanged(vehicles: readonly Vehicle[], event: VehicleCrewChangedEvent): Vehicle[] {
  return vehicles.map((vehicle) => {
    if (vehicle.id !== event.vehicleId) return vehicle;
    // a REST answer applied first may be newer than a late event
    if (vehicle.crewUpdatedAt && Date.parse(vehicle.crewUpdatedAt) > Date.parse(event.crewUpdatedAt)) return vehicle;
    return { ...vehicle, crew: event.crew, crewUpdatedAt: event.crewUpdatedAt };
  });
}

/** One row of the crew form: every field as typed. */
export interface CrewDraftRow {
  role: CrewRole;
  name: string;
  phone: string;
}

export function toCrewDraft(crew: readonly CrewMember[]): CrewDraftRow[] {
  return crew.map((m) => ({ role: m.role, name: m.name, phone: m.phone ?? '' }));
}

/** The role a new row starts with: the first of a usual crew not yet on board. */
export function nextCrewRole(rows: readonly CrewDraftRow[]): CrewRole {
  const usual: CrewRole[] = ['doctor', 'nurse', 'driver'];
  return usual.find((role) => !rows.some((r) => r.role === role)) ?? 'paramedic';
}

export function canAddCrewRow(rows: readonly CrewDraftRow[]): boolean {
  return rows.length < MAX_CREW_MEMBERS;
}

export type CrewProblem = 'name' | 'phone' | 'tooMany';

export type CrewDraftResult =
  | { ok: true; body: SetVehicleCrewRequest }
  | { ok: false; problem: CrewProblem; row: number | null };

/** The request body, or the first problem (row index) as the server would judge it. An empty phone means none. */
export function readCrewDraft(rows: readonly CrewDraftRow[]): CrewDraftResult {
  const crew = rows.map((r) => (r.phone.trim() === '' ? { role: r.role, name: r.name } : { role: r.role, name: r.name, phone: r.phone }));
  const parsed = SetVehicleCrewRequestSchema.safeParse({ crew });
  if (parsed.success) return { ok: true, body: parsed.data };
  const issue = parsed.error.issues[0]!;
  const [, row, field] = issue.path;
  if (typeof row !== 'number') return { ok: false, problem: 'tooMany', row: null };
  return { ok: false, problem: field === 'phone' ? 'phone' : 'name', row };
}
