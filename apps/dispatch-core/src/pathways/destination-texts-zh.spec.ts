import { translateToZh } from '@feijiu/clinical';
import { PATHWAYS, type AssessmentRecord, type Facility, type FacilityCapability, type Pathway } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { decideDestination, type HospitalOption } from './destination-rules';

// The console shows the destination rule, reasons and warnings in Chinese through the phrasebook
// in @feijiu/clinical (the console may not be imported from here, dependency-cruiser
// core-not-to-other-apps). Every sentence decideDestination writes, in every branch, must have a
// Chinese rendering with its numbers, or a zh-CN tablet would fall back to English.

const hospital = (id: string, capabilities: FacilityCapability[], live: Partial<NonNullable<Facility['liveStatus']>> | null = null): Facility => ({
  id,
  name: id,
  nameEn: id,
  kind: id.startsWith('tc-') ? 'township_centre' : 'hospital',
  address: '',
  lat: 30,
  lon: 118,
  capabilities,
  vehicleCount: 0,
  liveStatus: live && { hospitalId: id, cathLabBusy: false, ctDown: false, onDiversion: false, note: null, updatedAt: '2026-11-22T08:00:00.000Z', updatedBy: 'user:er', ...live },
});
const ALL = ['pci_24_7', 'cath_lab', 'thrombolysis', 'thrombectomy', 'ct', 'chest_pain_centre', 'trauma_centre', 'obstetrics', 'nicu', 'emergency_department'] satisfies FacilityCapability[];
const lead = hospital('lead', ALL);
const township = hospital('tc-x', ['thrombolysis', 'ct', 'emergency_department']);
const clinic = hospital('tc-tcm', ['tcm']);
const option = (f: Facility, etaMin: number | null): HospitalOption => ({ facility: f, etaSec: etaMin === null ? null : etaMin * 60, distanceM: null });
const assessed = (pathway: Pathway, details: Record<string, unknown> = {}): AssessmentRecord => ({
  id: '00000000-0000-4000-8000-000000000001',
  incidentId: '00000000-0000-4000-8000-000000000002',
  recordedAt: '2026-11-22T08:00:00.000Z',
  recordedBy: 'user:crew',
  supersedes: null,
  assessment: {},
  pathways: [{ pathway, reasons: [], details }],
});
const lvo = (minutesSinceLastKnownWell: number | null, isLvoLikely = true) => assessed('stroke', { isLvoLikely, minutesSinceLastKnownWell });

interface Scenario {
  name: string;
  options: HospitalOption[];
  assessment: AssessmentRecord | null;
  minutesSinceFirstContact: number;
  /** A text the scenario exists for: proves the branch was really reached. */
  hit: RegExp;
}
const everyHospital = [option(township, 10), option(lead, 22), option(clinic, 5), option(hospital('far', ALL), null)];

const SCENARIOS: Scenario[] = [
  { name: 'no pathway', options: everyHospital, assessment: null, minutesSinceFirstContact: 5, hit: /^No green-channel pathway/ },
  ...PATHWAYS.map((pathway) => ({ name: `pathway ${pathway}`, options: everyHospital, assessment: assessed(pathway), minutesSinceFirstContact: 5, hit: /^does not fit / })),
  { name: 'STEMI within 120 min', options: everyHospital, assessment: assessed('chest_pain_stemi'), minutesSinceFirstContact: 20, hit: /^STEMI: PCI centre/ },
  { name: 'STEMI beyond 120 min', options: [option(township, 10), option(lead, 40)], assessment: assessed('chest_pain_stemi'), minutesSinceFirstContact: 60, hit: /would exceed/ },
  { name: 'stroke without LVO', options: everyHospital, assessment: lvo(50, false), minutesSinceFirstContact: 5, hit: /No large-vessel occlusion/ },
  { name: 'LVO, last known well unknown', options: everyHospital, assessment: lvo(null), minutesSinceFirstContact: 5, hit: /Last known well unknown/ },
  { name: 'LVO beyond 6 h', options: everyHospital, assessment: lvo(400), minutesSinceFirstContact: 5, hit: /^Stroke: More than 6 h/ },
  { name: 'LVO, thrombectomy centre too far', options: [option(township, 10), option(lead, 40)], assessment: lvo(50), minutesSinceFirstContact: 5, hit: /more than 15 min allowed/ },
  // 250 + 10 ≤ 270 but 250 + 22 > 270: going direct loses thrombolysis
  { name: 'LVO, direct would miss thrombolysis', options: [option(township, 10), option(lead, 22)], assessment: lvo(250), minutesSinceFirstContact: 5, hit: /after the thrombolysis window/ },
  { name: 'LVO direct to thrombectomy', options: [option(township, 10), option(lead, 22)], assessment: lvo(50), minutesSinceFirstContact: 5, hit: /direct to a thrombectomy centre \(adds 12 min\)/ },
  { name: 'stroke, no thrombectomy centre', options: [option(township, 10)], assessment: lvo(50), minutesSinceFirstContact: 5, hit: /^Stroke: nearest centre with CT/ },
  { name: 'cath lab busy', options: [option(hospital('lead', ALL, { cathLabBusy: true }), 20)], assessment: assessed('chest_pain_acs'), minutesSinceFirstContact: 5, hit: /^cath lab busy$/ },
  { name: 'CT down', options: [option(hospital('lead', ALL, { ctDown: true }), 20)], assessment: lvo(50), minutesSinceFirstContact: 5, hit: /^CT down$/ },
  { name: 'on diversion', options: [option(hospital('lead', ALL, { onDiversion: true }), 20), option(township, 10)], assessment: assessed('major_trauma'), minutesSinceFirstContact: 5, hit: /^on diversion$/ },
];

const textsOf = ({ rule, items }: ReturnType<typeof decideDestination>) => [rule, ...items.flatMap((i) => [...i.reasons, ...i.warnings])];
// Numbers as written, not inside a name (pci_24_7).
const numbersIn = (text: string) => text.match(/(?<![\w.])\d+(?:\.\d+)?(?!\w)/g) ?? [];
const countOf = (list: string[], item: string) => list.filter((x) => x === item).length;

describe('destination texts in Chinese', () => {
  it.each(SCENARIOS)('should have a Chinese rendering with its numbers for every text when $name', ({ options, assessment, minutesSinceFirstContact, hit }) => {
    const texts = textsOf(decideDestination(options, assessment, minutesSinceFirstContact));
    expect(texts).toContainEqual(expect.stringMatching(hit));
    for (const text of texts) {
      const zh = translateToZh(text);
      expect(zh, text).not.toBeNull();
      expect(zh, text).toMatch(/[\u4e00-\u9fff]/);
      expect(zh, text).not.toMatch(/[{}]|[a-z]+_[a-z]+/);
      const zhNumbers = numbersIn(zh!);
      for (const n of new Set(numbersIn(text))) expect(countOf(zhNumbers, n), `${n} in "${zh}"`).toBeGreaterThanOrEqual(countOf(numbersIn(text), n));
    }
  });

  it('should reach fits, partly fits, does not fit and ETA across the scenarios', () => {
    const texts = SCENARIOS.flatMap((s) => textsOf(decideDestination(s.options, s.assessment, s.minutesSinceFirstContact)));
    for (const start of [/^fits /, /^partly fits /, /^does not fit /, /^ETA \d+ min$/]) expect(texts).toContainEqual(expect.stringMatching(start));
  });
});
