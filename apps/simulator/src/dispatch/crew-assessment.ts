import type { Team } from '@feijiu/contracts';
import type { PathwayAssessment } from '@feijiu/clinical';
import { type RandomSource, uniform } from '../random';
import type { Pathway } from './call-generator';

// What a simulated crew finds and enters on the tablet once with the patient, by the call's
// pathway: a STEMI read on the 12-lead, a stroke with BE-FAST and RACE (large-vessel occlusion
// in about half), a road-traffic casualty meeting the field-triage red criteria, or an ordinary
// patient. The core classifies it (libs/clinical) and routes by it; nothing here decides a
// pathway. Pure, on an injected random source.

const minutesBefore = (atMs: number, minutes: number) => new Date(atMs - minutes * 60_000).toISOString();
const int = (min: number, max: number, random: RandomSource) => Math.floor(uniform(min, max + 1, random));

/**
 * The assessment the crew records, `assessedAtMs` being their first contact with the patient;
 * age and sex as the caller gave them, when they did.
 */
export function planAssessment(
  pathway: Pathway,
  assessedAtMs: number,
  random: RandomSource,
  caller: { sex?: 'female' | 'male' | 'unknown'; ageYears?: number } = {},
): PathwayAssessment {
  const assessedAt = new Date(assessedAtMs).toISOString();
  const ageYears = caller.ageYears ?? int(45, 85, random);
  const sex = caller.sex ?? (random() < 0.6 ? 'male' : 'female');
  switch (pathway) {
    case 'chest_pain':
      return {
        assessedAt,
        chiefComplaint: 'chest_pain',
        ageYears,
        sex,
        symptomOnsetAt: minutesBefore(assessedAtMs, int(30, 150, random)),
        stemi: { byCrew: true },
        vitals: { heartRateBpm: int(95, 118, random), systolicMmHg: int(95, 120, random), respRateBpm: 22, spo2Pct: 93, consciousness: 'A' },
      };
    case 'stroke': {
      const lvo = random() < 0.5;
      const side = random() < 0.5 ? { agnosia: lvo ? 1 : 0 } : { aphasia: lvo ? 1 : 0 };
      return {
        assessedAt,
        chiefComplaint: 'stroke_symptoms',
        ageYears,
        sex,
        lastKnownWellAt: minutesBefore(assessedAtMs, int(35, 150, random)),
        stroke: {
          beFast: { balance: false, eyes: false, face: true, arm: true, speech: true },
          race: lvo
            ? { facialPalsy: 2, armMotor: 2, legMotor: 1, headGazeDeviation: 1, ...side }
            : { facialPalsy: 1, armMotor: 1, legMotor: 0, headGazeDeviation: 0, ...side },
        },
        vitals: { heartRateBpm: int(70, 95, random), systolicMmHg: int(165, 200, random), respRateBpm: 16, spo2Pct: 96, consciousness: 'A' },
      };
    }
    case 'trauma':
      return {
        assessedAt,
        chiefComplaint: 'trauma',
        ageYears: caller.ageYears ?? int(18, 70, random),
        sex,
        gcs: { eye: 3, verbal: 4, motor: 5 },
        trauma: { injury: { pelvicFracture: true, activeBleedingNeedingTourniquetOrPacking: random() < 0.5 } },
        vitals: { heartRateBpm: int(118, 140, random), systolicMmHg: int(78, 88, random), respRateBpm: 26, spo2Pct: 94, consciousness: 'V' },
      };
    case 'other':
      return {
        assessedAt,
        chiefComplaint: 'other',
        ageYears,
        sex,
        vitals: { heartRateBpm: int(70, 95, random), systolicMmHg: int(115, 140, random), respRateBpm: 16, spo2Pct: 97, consciousness: 'A' },
      };
  }
}

/** What a receiving ER activates for the pathways of a pre-notice, and where the patient goes past the ED. */
export function activationFor(pathways: readonly string[]): { teamsActivated: Team[]; bypassEd: 'cath_lab' | 'ct' | null } {
  const teams = new Set<Team>();
  let bypassEd: 'cath_lab' | 'ct' | null = null;
  for (const p of pathways) {
    if (p === 'chest_pain_stemi') {
      teams.add('cath_lab');
      bypassEd = 'cath_lab';
    } else if (p === 'stroke') {
      teams.add('stroke');
      bypassEd ??= 'ct';
    } else if (p === 'major_trauma') teams.add('trauma');
    else if (p === 'critical_maternal') teams.add('obstetric');
    else if (p === 'critical_neonatal') teams.add('neonatal');
  }
  return { teamsActivated: [...teams], bypassEd };
}
