import { z } from 'zod';
import { DEFAULT_CLINICAL_SETTINGS, type ClinicalSettings } from './settings';
import { roundTemperatureC, type Acvpu } from './score-inputs';
import type { ClinicalCriterion } from './score-result';

// Critical newborn criteria. The reference (clinical.md) has none, so these are conservative
// defaults from memory (NRP, WHO) [M/U], every threshold a setting (settings.neonatalCritical).
// A newborn is within 28 days of birth (setting).

const flag = (description: string) => z.boolean().optional().describe(description);

export const NeonatalSignsSchema = z.object({
  gestationalAgeWeeksAtBirth: z.number().min(20).max(45).optional().describe('Gestation at birth, weeks'),
  birthWeightG: z.number().min(200).max(7000).optional().describe('Birth weight, g'),
  apnoeaOrNeedsResuscitation: flag('Apnoea, gasping, or needs ventilation or compressions'),
  seizure: flag('Seizure'),
  centralCyanosis: flag('Central cyanosis'),
});
export type NeonatalSigns = z.infer<typeof NeonatalSignsSchema>;

export interface NeonatalObservations {
  heartRateBpm?: number;
  respRateBpm?: number;
  spo2Pct?: number;
  temperatureC?: number;
  consciousness?: Acvpu;
  signs?: NeonatalSigns;
}

const show = (value: number) => Number(value.toFixed(1));

export function assessCriticalNeonatal(
  obs: NeonatalObservations,
  settings: ClinicalSettings = DEFAULT_CLINICAL_SETTINGS,
): ClinicalCriterion[] {
  const t = settings.neonatalCritical;
  const out: ClinicalCriterion[] = [];
  const add = (isMet: boolean, id: string, text: string) => {
    if (isMet) out.push({ id, text });
  };
  const { heartRateBpm: hr, respRateBpm: rr, spo2Pct: spo2, temperatureC } = obs;
  const signs = obs.signs ?? {};
  if (hr !== undefined) {
    add(hr < t.heartRateBelowBpm || hr > t.heartRateAboveBpm, 'neonatal_heart_rate', `Heart rate ${show(hr)}/min (outside ${t.heartRateBelowBpm}-${t.heartRateAboveBpm}).`);
  }
  if (rr !== undefined) {
    add(rr < t.respRateBelowBpm || rr > t.respRateAboveBpm, 'neonatal_resp_rate', `Respiratory rate ${show(rr)}/min (outside ${t.respRateBelowBpm}-${t.respRateAboveBpm}).`);
  }
  if (spo2 !== undefined) add(spo2 < t.spo2BelowPct, 'neonatal_spo2_low', `SpO2 ${show(spo2)}% (below ${t.spo2BelowPct}).`);
  if (temperatureC !== undefined) {
    const temp = roundTemperatureC(temperatureC);
    add(temp < t.temperatureBelowC, 'neonatal_hypothermia', `Temperature ${temp} °C (below ${t.temperatureBelowC}).`);
    add(temp >= t.temperatureAtOrAboveC, 'neonatal_fever', `Temperature ${temp} °C (${t.temperatureAtOrAboveC} or more).`);
  }
  add(obs.consciousness !== undefined && obs.consciousness !== 'A', 'neonatal_not_alert', 'Lethargic or unresponsive.');
  const weeks = signs.gestationalAgeWeeksAtBirth;
  add(weeks !== undefined && weeks < t.gestationBelowWeeks, 'neonatal_preterm', `Born at ${weeks} weeks (before ${t.gestationBelowWeeks}).`);
  const grams = signs.birthWeightG;
  add(grams !== undefined && grams < t.birthWeightBelowG, 'neonatal_low_birth_weight', `Birth weight ${grams} g (below ${t.birthWeightBelowG}).`);
  add(signs.apnoeaOrNeedsResuscitation === true, 'neonatal_apnoea_or_resuscitation', 'Apnoea or needs resuscitation.');
  add(signs.seizure === true, 'neonatal_seizure', 'Seizure.');
  add(signs.centralCyanosis === true, 'neonatal_central_cyanosis', 'Central cyanosis.');
  return out;
}
