import { describe, expect, it } from 'vitest';
import { assessCriticalNeonatal } from './critical-neonatal';
import { resolveClinicalSettings } from './settings';

// Sources: NOT in clinical.md. Conservative defaults from memory: NRP (HR < 100), WHO (RR ≥ 60
// fast breathing, hypothermia < 36.5 °C, preterm < 37 weeks, low birth weight < 2500 g) [M];
// HR > 180 and SpO2 < 90% [U]. Every threshold is a setting (settings.neonatalCritical).
describe(assessCriticalNeonatal.name, () => {
  const sut = assessCriticalNeonatal;
  const ids = (obs: Parameters<typeof sut>[0]) => sut(obs).map((c) => c.id);

  it.each([
    { obs: { heartRateBpm: 99 }, id: 'neonatal_heart_rate' }, // < 100 [M]
    { obs: { heartRateBpm: 100 }, id: null },
    { obs: { heartRateBpm: 180 }, id: null }, // > 180 [U]
    { obs: { heartRateBpm: 181 }, id: 'neonatal_heart_rate' },
    { obs: { respRateBpm: 29 }, id: 'neonatal_resp_rate' }, // < 30 [M]
    { obs: { respRateBpm: 30 }, id: null },
    { obs: { respRateBpm: 60 }, id: null }, // > 60 [M]
    { obs: { respRateBpm: 61 }, id: 'neonatal_resp_rate' },
    { obs: { spo2Pct: 89 }, id: 'neonatal_spo2_low' }, // < 90 [U]
    { obs: { spo2Pct: 90 }, id: null },
    { obs: { temperatureC: 36.4 }, id: 'neonatal_hypothermia' }, // < 36.5 [M]
    { obs: { temperatureC: 36.45 }, id: null }, // rounds to 36.5 (§General conventions)
    { obs: { temperatureC: 36.5 }, id: null },
    { obs: { temperatureC: 37.9 }, id: null }, // ≥ 38.0 [M]
    { obs: { temperatureC: 38.0 }, id: 'neonatal_fever' },
    { obs: { consciousness: 'V' as const }, id: 'neonatal_not_alert' },
    { obs: { signs: { gestationalAgeWeeksAtBirth: 36.9 } }, id: 'neonatal_preterm' }, // < 37 [M]
    { obs: { signs: { gestationalAgeWeeksAtBirth: 37 } }, id: null },
    { obs: { signs: { birthWeightG: 2499 } }, id: 'neonatal_low_birth_weight' }, // < 2500 [M]
    { obs: { signs: { birthWeightG: 2500 } }, id: null },
    { obs: { signs: { apnoeaOrNeedsResuscitation: true } }, id: 'neonatal_apnoea_or_resuscitation' },
    { obs: { signs: { seizure: true } }, id: 'neonatal_seizure' },
    { obs: { signs: { centralCyanosis: true } }, id: 'neonatal_central_cyanosis' },
  ])('should report $id when $obs', ({ obs, id }) => {
    expect(ids(obs)).toEqual(id ? [id] : []);
  });

  it('should move the heart-rate ceiling when its setting changes', () => {
    const settings = resolveClinicalSettings({ neonatalCritical: { heartRateAboveBpm: 160 } });
    expect(sut({ heartRateBpm: 161 }, settings).map((c) => c.id)).toEqual(['neonatal_heart_rate']);
  });
});
