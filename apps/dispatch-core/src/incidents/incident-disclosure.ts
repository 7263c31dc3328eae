import type { Incident, Role, TimelineStamp } from '@feijiu/contracts';
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

/** The call record's names: what a note about this call may name. */
export type CallRecordNames = Pick<Incident, 'callerName' | 'patient'>;

/**
 * Free text about a call (call notes, a cancel or close reason, a stamp's note) with every phone
 * number masked, and the call record's names masked wherever they appear (李小红 → 李**). A
 * one-character name is left alone: it would mask that character in every word.
 */
export function maskCallText(text: string, names: CallRecordNames | null): string {
  const known = [names?.callerName, names?.patient?.name]
    .filter((n): n is string => typeof n === 'string' && Array.from(n.trim()).length >= 2)
    .map((n) => n.trim())
    .sort((a, b) => b.length - a.length); // 欧阳娜娜 before 欧阳
  let masked = maskPhonesInText(text);
  for (const name of known) masked = masked.split(name).join(maskName(name));
  return masked;
}

/** The incident as `disclosure` may see it. */
export function discloseIncident(incident: Incident, disclosure: Disclosure): Incident {
  if (disclosure === 'full') return incident;
  return {
    ...incident,
    callerPhone: incident.callerPhone === null ? null : maskPhone(incident.callerPhone),
    callerName: incident.callerName === null ? null : maskName(incident.callerName),
    patient: incident.patient === null ? null : { ...incident.patient, name: incident.patient.name === null ? null : maskName(incident.patient.name) },
    notes: incident.notes === null ? null : maskCallText(incident.notes, incident),
  };
}

/**
 * A time stamp as `disclosure` may see it: its note is free text a person typed (the cancel or
 * close reason, a correction's why), so it is masked like the call notes. `names` is the
 * incident's call record when at hand; without it only phone numbers are masked.
 */
export function discloseStamp(stamp: TimelineStamp, disclosure: Disclosure, names: CallRecordNames | null): TimelineStamp {
  if (disclosure === 'full' || stamp.note === null) return stamp;
  return { ...stamp, note: maskCallText(stamp.note, names) };
}

/** The incident as this caller may see it (a system actor sees everything). */
export function discloseIncidentTo(actor: Actor, incident: Incident): Incident {
  return discloseIncident(incident, disclosureOf(actor));
}

/** The time stamp as this caller may see it. */
export function discloseStampTo(actor: Actor, stamp: TimelineStamp, names: CallRecordNames | null): TimelineStamp {
  return discloseStamp(stamp, disclosureOf(actor), names);
}

function disclosureOf(actor: Actor): Disclosure {
  return disclosureFor(actor.kind === 'system' ? 'system' : actor.role);
}
