import { z } from 'zod';
import { DEFAULT_CLINICAL_SETTINGS, type ClinicalSettings } from './settings';
import type { ClinicalCriterion } from './score-result';
import type { Acvpu } from './score-inputs';

// Critical maternal criteria. The reference (clinical.md) has none, so these are the Maternal
// Early Warning Criteria (Mhyre et al., Obstet Gynecol 2014) from memory [M], with every
// threshold a setting (settings.maternalCritical), read conservatively (SBP ≥ 160, ACOG
// severe range). Pregnant or within the postpartum period (default 42 days).

const flag = (description: string) => z.boolean().optional().describe(description);

export const MaternalSignsSchema = z.object({
  seizure: flag('Seizure (suspected eclampsia)'),
  heavyVaginalBleeding: flag('Heavy vaginal bleeding'),
  preeclampsiaWithHeadacheOrDyspnoea: flag('Pre-eclampsia with non-remitting headache or shortness of breath'),
});
export type MaternalSigns = z.infer<typeof MaternalSignsSchema>;

export interface MaternalObservations {
  systolicMmHg?: number;
  diastolicMmHg?: number;
  heartRateBpm?: number;
  respRateBpm?: number;
  spo2Pct?: number;
  consciousness?: Acvpu;
  gcsTotal?: number;
  signs?: MaternalSigns;
}

const show = (value: number) => Number(value.toFixed(1));

export function assessCriticalMaternal(
  obs: MaternalObservations,
  settings: ClinicalSettings = DEFAULT_CLINICAL_SETTINGS,
): ClinicalCriterion[] {
  const t = settings.maternalCritical;
  const out: ClinicalCriterion[] = [];
  const add = (isMet: boolean, id: string, text: string) => {
    if (isMet) out.push({ id, text });
  };
  const { systolicMmHg: sbp, diastolicMmHg: dbp, heartRateBpm: hr, respRateBpm: rr, spo2Pct: spo2 } = obs;
  if (sbp !== undefined) {
    add(sbp < t.systolicBelowMmHg, 'maternal_hypotension', `Systolic pressure ${show(sbp)} mmHg (below ${t.systolicBelowMmHg}).`);
    add(sbp >= t.systolicAtOrAboveMmHg, 'maternal_severe_hypertension', `Systolic pressure ${show(sbp)} mmHg (${t.systolicAtOrAboveMmHg} or more).`);
  }
  if (dbp !== undefined) {
    add(dbp > t.diastolicAboveMmHg, 'maternal_diastolic_high', `Diastolic pressure ${show(dbp)} mmHg (above ${t.diastolicAboveMmHg}).`);
  }
  if (hr !== undefined) {
    add(hr < t.heartRateBelowBpm || hr > t.heartRateAboveBpm, 'maternal_heart_rate', `Heart rate ${show(hr)}/min (outside ${t.heartRateBelowBpm}-${t.heartRateAboveBpm}).`);
  }
  if (rr !== undefined) {
    add(rr < t.respRateBelowBpm || rr > t.respRateAboveBpm, 'maternal_resp_rate', `Respiratory rate ${show(rr)}/min (outside ${t.respRateBelowBpm}-${t.respRateAboveBpm}).`);
  }
  // A low SpO2 on oxygen means an even lower one on air, so oxygen does not excuse it.
  if (spo2 !== undefined) add(spo2 < t.spo2BelowPct, 'maternal_spo2_low', `SpO2 ${show(spo2)}% (below ${t.spo2BelowPct}).`);
  const isAltered = (obs.consciousness !== undefined && obs.consciousness !== 'A') || (obs.gcsTotal !== undefined && obs.gcsTotal < 15);
  add(isAltered, 'maternal_altered_consciousness', 'Agitated, confused or unresponsive.');
  add(obs.signs?.seizure === true, 'maternal_seizure', 'Seizure: suspected eclampsia.');
  add(obs.signs?.heavyVaginalBleeding === true, 'maternal_heavy_bleeding', 'Heavy vaginal bleeding.');
  add(obs.signs?.preeclampsiaWithHeadacheOrDyspnoea === true, 'maternal_preeclampsia_symptoms', 'Pre-eclampsia with persistent headache or breathlessness.');
  return out;
}
