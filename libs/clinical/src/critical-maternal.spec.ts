import { describe, expect, it } from 'vitest';
import { assessCriticalMaternal } from './critical-maternal';
import { resolveClinicalSettings } from './settings';

// Sources: NOT in clinical.md. Maternal Early Warning Criteria, Mhyre et al., Obstet Gynecol
// 2014 [M, from memory]; SBP ≥ 160 is ACOG's severe range [M]. Every threshold is a setting
// (settings.maternalCritical), so each row checks the default edge and the tests below move it.
describe(assessCriticalMaternal.name, () => {
  const sut = assessCriticalMaternal;
  const ids = (obs: Parameters<typeof sut>[0]) => sut(obs).map((c) => c.id);

  it.each([
    { obs: { systolicMmHg: 89 }, id: 'maternal_hypotension' }, // < 90 [M]
    { obs: { systolicMmHg: 90 }, id: null },
    { obs: { systolicMmHg: 159 }, id: null },
    { obs: { systolicMmHg: 160 }, id: 'maternal_severe_hypertension' }, // ≥ 160 [M]
    { obs: { diastolicMmHg: 100 }, id: null }, // > 100 [M]
    { obs: { diastolicMmHg: 101 }, id: 'maternal_diastolic_high' },
    { obs: { heartRateBpm: 49 }, id: 'maternal_heart_rate' }, // < 50 [M]
    { obs: { heartRateBpm: 50 }, id: null },
    { obs: { heartRateBpm: 120 }, id: null }, // > 120 [M]
    { obs: { heartRateBpm: 121 }, id: 'maternal_heart_rate' },
    { obs: { respRateBpm: 9 }, id: 'maternal_resp_rate' }, // < 10 [M]
    { obs: { respRateBpm: 10 }, id: null },
    { obs: { respRateBpm: 30 }, id: null }, // > 30 [M]
    { obs: { respRateBpm: 31 }, id: 'maternal_resp_rate' },
    { obs: { spo2Pct: 94 }, id: 'maternal_spo2_low' }, // < 95 [M]
    { obs: { spo2Pct: 95 }, id: null },
    { obs: { consciousness: 'C' as const }, id: 'maternal_altered_consciousness' }, // agitation, confusion, unresponsiveness [M]
    { obs: { consciousness: 'A' as const, gcsTotal: 14 }, id: 'maternal_altered_consciousness' },
    { obs: { consciousness: 'A' as const, gcsTotal: 15 }, id: null },
    { obs: { signs: { seizure: true } }, id: 'maternal_seizure' },
    { obs: { signs: { heavyVaginalBleeding: true } }, id: 'maternal_heavy_bleeding' },
    { obs: { signs: { preeclampsiaWithHeadacheOrDyspnoea: true } }, id: 'maternal_preeclampsia_symptoms' }, // [M]
  ])('should report $id when $obs', ({ obs, id }) => {
    expect(ids(obs)).toEqual(id ? [id] : []);
  });

  it('should move an edge when its setting changes', () => {
    const settings = resolveClinicalSettings({ maternalCritical: { systolicAtOrAboveMmHg: 161 } });
    expect(sut({ systolicMmHg: 160 }, settings)).toEqual([]);
    expect(sut({ systolicMmHg: 161 }, settings).map((c) => c.id)).toEqual(['maternal_severe_hypertension']);
  });

  it('should write the value and the limit when a criterion is met', () => {
    expect(sut({ systolicMmHg: 165 })[0]?.text).toBe('Systolic pressure 165 mmHg (160 or more).');
  });
});
