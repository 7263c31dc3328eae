import {
  classifyPathway,
  FieldTriageInputSchema,
  MaternalSignsSchema,
  NeonatalSignsSchema,
  resolveClinicalSettings,
  translateToZh,
  type ClinicalSettings,
  type Pathway,
  type PathwayAssessment,
} from '@feijiu/clinical';
import { describe, expect, it } from 'vitest';
import { translateServerText } from './clinical-phrases';

// Every sentence classifyPathway can write must read in Chinese on a zh-CN tablet: the cases
// below reach every reason branch of libs/clinical (pathway.ts, field-triage.ts,
// critical-maternal.ts, critical-neonatal.ts, stroke-windows.ts). Flag criteria are enumerated
// from the exported input schemas, so a new flag there is covered without touching this list.
// The destination texts are checked against the same phrasebook by dispatch-core's
// destination-texts-zh.spec.ts (the core may not import the console; both import @feijiu/clinical).

const NOW = '2024-05-01T10:00:00+08:00';
const minutesBefore = (min: number) => new Date(Date.parse(NOW) - min * 60_000).toISOString();
const NORMAL_VITALS = { heartRateBpm: 80, respRateBpm: 16, systolicMmHg: 125, diastolicMmHg: 80, spo2Pct: 98, onOxygen: false, temperatureC: 36.8, consciousness: 'A' as const };
const NEWBORN_VITALS = { heartRateBpm: 140, respRateBpm: 45, spo2Pct: 96, temperatureC: 36.8, consciousness: 'A' as const };
const base = (patch: Partial<PathwayAssessment>): PathwayAssessment => ({ assessedAt: NOW, chiefComplaint: 'other', ageYears: 60, sex: 'male', vitals: NORMAL_VITALS, ...patch });

interface Case {
  name: string;
  assessment: PathwayAssessment;
  pathway: Pathway;
  /** A reason the case exists for: proves the branch was really reached. */
  hit: RegExp;
  settings?: ClinicalSettings;
}

// Boolean fields of an object schema (number fields refuse `true`).
const flagsOf = (shape: Record<string, { safeParse: (v: unknown) => { success: boolean } }>) =>
  Object.keys(shape).filter((key) => shape[key]!.safeParse(true).success);
const triageShape = FieldTriageInputSchema.shape;

// Age unknown: the age-bound flags (child seat, low-level fall) count, nothing else fires.
const trauma = (name: string, patch: Partial<PathwayAssessment>, hit: RegExp, settings?: ClinicalSettings): Case => ({
  name,
  assessment: base({ chiefComplaint: 'trauma', ageYears: undefined, ...patch }),
  pathway: 'major_trauma',
  hit,
  ...(settings ? { settings } : {}),
});
const traumaFlag = (group: 'injury' | 'mechanism' | 'riskFactors', key: string): Case =>
  trauma(`trauma ${group}.${key}`, { trauma: { [group]: { [key]: true } } }, /^(Red|Yellow): /);

const maternal = (name: string, patch: Partial<PathwayAssessment>, hit: RegExp): Case => ({
  name,
  assessment: base({ sex: 'female', ageYears: 28, pregnancyWeeks: 32, ...patch }),
  pathway: 'critical_maternal',
  hit,
});
const neonatal = (name: string, patch: Partial<PathwayAssessment>, hit: RegExp): Case => ({
  name,
  assessment: base({ ageYears: 0, newborn: true, ...patch, vitals: { ...NEWBORN_VITALS, ...patch.vitals } }),
  pathway: 'critical_neonatal',
  hit,
});
const stroke = (name: string, patch: Partial<PathwayAssessment>, hit: RegExp): Case => ({ name, assessment: base(patch), pathway: 'stroke', hit });

const RACE_6 = { facialPalsy: 2, armMotor: 2, legMotor: 1, headGazeDeviation: 1, aphasia: 0 };
const RACE_2 = { facialPalsy: 1, armMotor: 1, legMotor: 0, headGazeDeviation: 0, agnosia: 0 };
const FAST_ED_5 = { facialPalsy: 1, armWeakness: 2, speechChanges: 1, eyeDeviation: 1, denialNeglect: 0 };
const FAST_ED_1 = { facialPalsy: 1, armWeakness: 0, speechChanges: 0, eyeDeviation: 0, denialNeglect: 0 };
const LAMS_5 = { facialDroop: 1, armDrift: 2, gripStrength: 2 };
const LAMS_1 = { facialDroop: 1, armDrift: 0, gripStrength: 0 };
const CINCINNATI_2 = { facialDroop: true, armDrift: true, speech: false };
const BE_FAST_3 = { balance: true, eyes: false, face: true, arm: true, speech: false };

const CASES: Case[] = [
  { name: 'STEMI read by the crew', assessment: base({ chiefComplaint: 'chest_pain', stemi: { byCrew: true } }), pathway: 'chest_pain_stemi', hit: /read by the crew/ },
  { name: 'STEMI confirmed remotely', assessment: base({ chiefComplaint: 'chest_pain', stemi: { byRemotePhysician: true } }), pathway: 'chest_pain_stemi', hit: /remote physician/ },
  { name: 'chest pain without STEMI', assessment: base({ chiefComplaint: 'chest_pain' }), pathway: 'chest_pain_acs', hit: /acute coronary syndrome/ },

  stroke('stroke symptoms without a time', { chiefComplaint: 'stroke_symptoms' }, /^Last known well not recorded/),
  stroke('Cincinnati and RACE 6 an hour after LKW', { stroke: { cincinnati: CINCINNATI_2, race: RACE_6 }, lastKnownWellAt: minutesBefore(60) }, /^Consider going direct/),
  stroke('BE-FAST with low FAST-ED, RACE and LAMS at 5 h', { stroke: { beFast: BE_FAST_3, fastEd: FAST_ED_1, race: RACE_2, lams: LAMS_1 }, lastKnownWellAt: minutesBefore(300) }, /^Thrombolysis window closed/),
  stroke('FAST-ED and LAMS LVO at 10 h', { stroke: { fastEd: FAST_ED_5, lams: LAMS_5 }, lastKnownWellAt: minutesBefore(600) }, /^Beyond 6 h/),
  stroke('stroke symptoms at 25 h', { chiefComplaint: 'stroke_symptoms', lastKnownWellAt: minutesBefore(1500) }, /outside the reperfusion windows/),
  stroke('symptom onset only', { chiefComplaint: 'stroke_symptoms', symptomOnsetAt: minutesBefore(30) }, /^Symptom onset used/),
  stroke('last known well after the assessment', { chiefComplaint: 'stroke_symptoms', lastKnownWellAt: '2024-05-01T10:30:00+08:00' }, /check the times/),

  ...flagsOf(triageShape.injury.unwrap().shape).map((key) => traumaFlag('injury', key)),
  ...flagsOf(triageShape.mechanism.unwrap().shape).map((key) => traumaFlag('mechanism', key)),
  ...flagsOf(triageShape.riskFactors.unwrap().shape).map((key) => traumaFlag('riskFactors', key)),
  trauma('intrusion at the occupant site', { trauma: { mechanism: { intrusionOccupantSiteCm: 40 } } }, /^Yellow: Intrusion/),
  trauma('fall over 3 m', { trauma: { mechanism: { fallHeightM: 5 } } }, /^Yellow: Fall/),
  trauma('pregnant over 20 weeks', { sex: 'female', pregnancyWeeks: 24 }, /^Yellow: Pregnant beyond/),
  trauma('GCS motor 5 and T-RTS 11', { gcs: { eye: 3, verbal: 4, motor: 5 } }, /^T-RTS/),
  trauma('respiratory rate 8', { vitals: { ...NORMAL_VITALS, respRateBpm: 8 } }, /^Red: Respiratory rate below 10/),
  trauma('infant RR 15 (2011 rule)', { ageYears: 0.5, vitals: { ...NORMAL_VITALS, respRateBpm: 15 } }, /^Red: Infant/, resolveClinicalSettings({ fieldTriageInfantRespRate: 'infant_2011' })),
  trauma('respiratory support', { trauma: { respiratoryDistressOrSupport: true } }, /^Red: Respiratory distress/),
  trauma('room-air SpO2 85', { vitals: { ...NORMAL_VITALS, spo2Pct: 85 } }, /^Red: Room-air SpO2/),
  trauma('adult SBP 80', { ageYears: 40, vitals: { ...NORMAL_VITALS, systolicMmHg: 80 } }, /^Red: Systolic pressure below 90/),
  trauma('HR above SBP', { ageYears: 40, vitals: { ...NORMAL_VITALS, heartRateBpm: 120, systolicMmHg: 100 } }, /^Red: Heart rate above/),

  maternal('pregnant with SBP 85', { vitals: { ...NORMAL_VITALS, systolicMmHg: 85 } }, /^Systolic pressure 85 mmHg \(below/),
  maternal('postpartum with SBP 165', { pregnancyWeeks: undefined, postpartumDays: 3, vitals: { ...NORMAL_VITALS, systolicMmHg: 165 } }, /or more\)/),
  maternal('obstetric complaint with DBP 105', { pregnancyWeeks: undefined, chiefComplaint: 'obstetric', vitals: { ...NORMAL_VITALS, diastolicMmHg: 105 } }, /^Diastolic/),
  maternal('HR 130, RR 35, SpO2 92, confused', { vitals: { ...NORMAL_VITALS, heartRateBpm: 130, respRateBpm: 35, spo2Pct: 92, consciousness: 'C' } }, /^Agitated/),
  ...flagsOf(MaternalSignsSchema.shape).map((key) => maternal(`maternal sign ${key}`, { maternal: { [key]: true } }, /\.$/)),

  neonatal('HR 90, RR 70, SpO2 85, cold, not alert', { vitals: { heartRateBpm: 90, respRateBpm: 70, spo2Pct: 85, temperatureC: 36, consciousness: 'V' } }, /^Lethargic/),
  neonatal('fever', { vitals: { temperatureC: 38.5 } }, /^Temperature 38\.5 °C \(38 or more\)/),
  neonatal('preterm and small', { neonatal: { gestationalAgeWeeksAtBirth: 34, birthWeightG: 2000 } }, /^Birth weight/),
  ...flagsOf(NeonatalSignsSchema.shape).map((key) => neonatal(`neonatal sign ${key}`, { neonatal: { [key]: true } }, /\.$/)),
];

// Numbers as written, not inside a name (SpO2, pci_24_7).
const numbersIn = (text: string) => text.match(/(?<![\w.])\d+(?:\.\d+)?(?!\w)/g) ?? [];
const countOf = (list: string[], item: string) => list.filter((x) => x === item).length;

describe(translateServerText.name, () => {
  it.each(CASES)('should render every reason in Chinese with its numbers when $name', ({ assessment, pathway, hit, settings }) => {
    const match = classifyPathway(assessment, settings ?? resolveClinicalSettings()).pathways.find((p) => p.pathway === pathway);
    expect(match?.reasons).toContainEqual(expect.stringMatching(hit));
    for (const reason of match!.reasons) {
      const zh = translateToZh(reason);
      expect(zh, reason).not.toBeNull();
      expect(translateServerText(reason, 'zh-CN')).toBe(zh);
      expect(zh, reason).toMatch(/[\u4e00-\u9fff]/);
      expect(zh, reason).not.toMatch(/[{}]/);
      const zhNumbers = numbersIn(zh!);
      for (const n of new Set(numbersIn(reason))) expect(countOf(zhNumbers, n), `${n} in "${zh}"`).toBeGreaterThanOrEqual(countOf(numbersIn(reason), n));
    }
  });

  it.each([
    ['STEMI on the 12-lead ECG, read by the crew.', '车组判读12导联心电图为ST段抬高型心肌梗死（STEMI）。'],
    ['RACE 6 (≥ 5): large-vessel occlusion likely.', 'RACE 6 分（≥ 5）：大血管闭塞（LVO）可能性大。'],
    ['Within the thrombolysis window (4.5 h): 210 min left.', '在静脉溶栓时间窗内（4.5 小时）：剩余 210 分钟。'],
    ['Red: Suspected pelvic fracture.', '现场分诊红色标准：疑似骨盆骨折。'],
    ['Yellow: Pregnant beyond 20 weeks.', '现场分诊黄色标准：妊娠超过 20 周。'],
    [
      'STEMI: PCI centre, first contact to wire projected 85 min (target ≤ 120).',
      'ST段抬高型心肌梗死（STEMI）：送PCI中心，预计首次医疗接触（FMC）至导丝通过 85 分钟（目标 ≤ 120 分钟）。',
    ],
    ['Stroke: Large-vessel occlusion likely and within 6 h: direct to a thrombectomy centre (adds 12 min).', '卒中：大血管闭塞（LVO）可能性大且在 6 小时内：直接送往取栓中心（多用 12 分钟）。'],
    ['chest pain acs: nearest hospital that can take it (chest_pain_centre or pci_24_7).', '急性冠脉综合征（ACS）：送最近的具备救治能力的医院（胸痛中心或24小时急诊PCI）。'],
    ['ETA 12 min', '预计 12 分钟到达'],
    ['cath lab busy', '导管室占用中'],
  ])('should use Chinese clinical terms when showing "%s" in zh-CN', (english, chinese) => {
    expect(translateServerText(english, 'zh-CN')).toBe(chinese);
  });

  it('should show the server English unchanged when the console is in English', () => {
    expect(translateServerText('cath lab busy', 'en')).toBe('cath lab busy');
  });

  it.each([
    ['a sentence the phrasebook does not know', 'Helicopter landing zone closed.'],
    ['a known frame around an unknown criterion', 'Red: Impaled object in the eye.'],
    ['a capability the phrasebook does not know', 'major trauma: nearest hospital that can take it (hyperbaric_chamber).'],
  ])('should fall back to the whole English sentence when given %s', (_, english) => {
    expect(translateServerText(english, 'zh-CN')).toBe(english);
  });
});
