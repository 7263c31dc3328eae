import type { Incident } from '@feijiu/contracts';

// One line about the patient for the crew's tablet and the ER card: sex · age · (masked) name,
// as the call-taker recorded them. The core masks the name for these roles already.

type Translate = (key: string, params?: Record<string, unknown>) => string;

export function patientSummary(patient: Incident['patient'], t: Translate): string | null {
  if (!patient) return null;
  const parts: string[] = [];
  if (patient.sex) parts.push(t(`patient.${patient.sex}`));
  if (patient.ageYears !== null) {
    parts.push(
      patient.ageYears < 1
        ? t('patient.ageMonths', { months: Math.max(0, Math.round(patient.ageYears * 12)) })
        : t('patient.ageYears', { age: Math.floor(patient.ageYears) }),
    );
  }
  if (patient.name) parts.push(patient.name);
  return parts.length > 0 ? parts.join(' · ') : null;
}

/** The caller as the crew may see them: masked name and number, either may be missing. */
export function callerSummary(incident: Pick<Incident, 'callerName' | 'callerPhone'>): string | null {
  const parts = [incident.callerName, incident.callerPhone].filter((p): p is string => !!p);
  return parts.length > 0 ? parts.join(' ') : null;
}
