import type { Incident, Role } from '@feijiu/contracts';
import type { Actor } from '../platform/http/actor';

// Data minimisation: who sees the caller's and the patient's identifiers. The dispatch centre
// (dispatcher, admin) works with the whole call record. A crew needs the address, the complaint
// and the patient's age and sex; an ER clinician the same on the way in — neither needs to know
// who called or the patient's name before arrival, so both get them masked: enough to match a
// call-back or a face (138****5678, 王*), not enough to identify anyone. Applied where data
// leaves the core (REST responses, socket events), never to what the core stores or emits inside.

export type Disclosure = 'full' | 'masked';

export function disclosureFor(role: Role | 'system'): Disclosure {
  switch (role) {
    case 'dispatcher':
    case 'admin':
    case 'system':
      return 'full';
    case 'crew':
    case 'er_clinician':
      return 'masked';
  }
}

const MASK = '*';
const COUNTRY_PREFIX = /^(\+86|0086)[\s-]?/;

/**
 * 13812345678 → 138****5678; 0571-88881234 → 057*-****1234: the first three and last four
 * digits stay (a short number keeps its last two), separators stay, a +86 prefix stays.
 */
export function maskPhone(phone: string): string {
  const prefix = COUNTRY_PREFIX.exec(phone)?.[0] ?? '';
  const rest = phone.slice(prefix.length);
  const digits = rest.replace(/\D/g, '').length;
  const keepHead = digits >= 10 ? 3 : digits >= 7 ? 2 : 0;
  const keepTail = digits >= 7 ? 4 : Math.min(2, digits - 1);
  let seen = 0;
  const masked = rest.replace(/\d/g, (d) => {
    seen++;
    return seen <= keepHead || seen > digits - keepTail ? d : MASK;
  });
  return prefix + masked;
}

/** 王小明 → 王**, John Smith → J*** S****: the first character of each word stays. */
export function maskName(name: string): string {
  return name
    .split(/(\s+)/)
    .map((part) => {
      if (/^\s*$/.test(part)) return part;
      const chars = Array.from(part); // a CJK character or an emoji is one
      return chars.length === 1 ? MASK : chars[0] + MASK.repeat(chars.length - 1);
    })
    .join('');
}

// Mobile numbers (optionally +86, spaced 3-4-4), landlines with an area code, any other run of
// 7+ digits; not dates or times (2026-11-22, 08:30), which have fewer digits per run.
const PHONE_IN_TEXT = /(?<![\d])(?:(?:\+86|0086)[\s-]?)?(?:1\d{2}[\s-]?\d{4}[\s-]?\d{4}|0\d{2,3}[\s-]?\d{7,8}|\d{7,})(?![\d])/g;

/** Free text (call notes) with every phone number in it masked. */
export function maskPhonesInText(text: string): string {
  return text.replace(PHONE_IN_TEXT, (m) => maskPhone(m));
}

/** The incident as `disclosure` may see it. */
export function discloseIncident(incident: Incident, disclosure: Disclosure): Incident {
  if (disclosure === 'full') return incident;
  return {
    ...incident,
    callerPhone: incident.callerPhone === null ? null : maskPhone(incident.callerPhone),
    callerName: incident.callerName === null ? null : maskName(incident.callerName),
    patient: incident.patient === null ? null : { ...incident.patient, name: incident.patient.name === null ? null : maskName(incident.patient.name) },
    notes: incident.notes === null ? null : maskPhonesInText(incident.notes),
  };
}

/** The incident as this caller may see it (a system actor sees everything). */
export function discloseIncidentTo(actor: Actor, incident: Incident): Incident {
  return discloseIncident(incident, disclosureFor(actor.kind === 'system' ? 'system' : actor.role));
}
