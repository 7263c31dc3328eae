import type { FacilityCapability, VehicleType } from '@feijiu/contracts';
import type { Pathway } from './pathway';

// Chinese renderings of the English sentences the server writes for clinicians: pathway reasons
// (classifyPathway, field triage, critical maternal / neonatal, stroke windows) and the destination
// rule, reasons and warnings (dispatch-core destination-rules.ts, chooseStrokeDestination), and
// the reasons and warnings of the ambulance recommendation for a call (recommendation.ts), and
// the dispatcher's alerts (dispatch-alert-texts.ts). The server keeps English (the audit record's language); the console shows these in zh-CN. It lives
// here, not in the console, because dispatch-core's spec must check its own sentences against it
// and dependency-cruiser forbids the core importing the console. Terms follow Chinese chest-pain
// and stroke centre usage; scale names (RACE, BE-FAST, Cincinnati, FAST-ED, LAMS, GCS, T-RTS) stay.
//
// A template's `en` is the English sentence with slots: `{name}` is a number carried over as
// written, `{name:kind}` another kind (see SLOTS). `zh` uses `{name}`. The first template whose
// English matches the whole sentence and whose slots all render wins.

const PATHWAY_ZH: Readonly<Record<Pathway, string>> = {
  chest_pain_stemi: 'ST段抬高型心肌梗死（STEMI）',
  chest_pain_acs: '急性冠脉综合征（ACS）',
  stroke: '卒中',
  major_trauma: '严重创伤',
  critical_maternal: '危重孕产妇',
  critical_neonatal: '危重新生儿',
};
// destination-rules.ts writes 'emergency care' when no green channel applies.
const CARE_ZH = new Map<string, string>([...Object.entries(PATHWAY_ZH), ['emergency care', '急诊']]);

const CAPABILITY_ZH = new Map<string, string>(
  Object.entries({
    pci_24_7: '24小时急诊PCI',
    cath_lab: '导管室',
    thrombolysis: '溶栓',
    thrombectomy: '取栓',
    ct: 'CT',
    stroke_centre: '卒中中心',
    chest_pain_centre: '胸痛中心',
    trauma_centre: '创伤中心',
    obstetrics: '产科',
    nicu: 'NICU',
    tcm: '中医科',
    emergency_department: '急诊科',
  } satisfies Record<FacilityCapability, string>),
);

// Ambulance types as the dispatch recommendation writes them (contracts VEHICLE_TYPES).
const VEHICLE_TYPE_ZH = new Map<string, string>(
  Object.entries({ ALS: '监护型', BLS: '普通型', neonatal: '新生儿转运', negative_pressure: '负压型' } satisfies Record<VehicleType, string>),
);

type SlotKind = 'number' | 'scale' | 'care' | 'careWords' | 'capabilities' | 'vehicleType' | 'id' | 'callSign' | 'target' | 'news2Category' | 'numberOrDash' | 'sentence';

const SLOTS: Record<SlotKind, { pattern: string; render: (value: string) => string | null }> = {
  number: { pattern: String.raw`\d+(?:\.\d+)?`, render: (v) => v },
  scale: { pattern: 'FAST-ED|RACE|LAMS', render: (v) => v },
  // a pathway id (`chest_pain_stemi`) or 'emergency care'
  care: { pattern: '[a-z_ ]+', render: (v) => CARE_ZH.get(v) ?? null },
  // a pathway id with spaces for underscores (`major trauma`)
  careWords: { pattern: '[a-z ]+', render: (v) => CARE_ZH.get(v.replaceAll(' ', '_')) ?? null },
  // capability groups: `trauma_centre or ct + emergency_department`
  capabilities: { pattern: '[a-z0-9_ +]+', render: renderCapabilities },
  vehicleType: { pattern: '[A-Za-z_]+', render: (v) => VEHICLE_TYPE_ZH.get(v) ?? null },
  // a vehicle id (`lh-03`) or an incident number (`20260301-0007`), carried over as written
  id: { pattern: '[A-Za-z0-9][A-Za-z0-9-]*', render: (v) => v },
  // an ambulance's call sign (`澄溪120-03`), carried over as written
  callSign: { pattern: '.+', render: (v) => v },
  // a time target as dispatch-alert-texts.ts describeTargetSec writes it: `3 min`, `90 s`
  target: { pattern: String.raw`\d+ (?:min|s)`, render: renderTarget },
  news2Category: { pattern: '[a-z_]+', render: (v) => NEWS2_CATEGORY_ZH.get(v) ?? null },
  // a score, or a dash when it could not be computed
  numberOrDash: { pattern: String.raw`\d+(?:\.\d+)?|—`, render: (v) => v },
  // a nested sentence of this phrasebook
  sentence: { pattern: '.+', render: (v) => translateToZh(v) },
};

// NEWS2 risk bands (RCP 2017) as the Chinese early-warning literature names them.
const NEWS2_CATEGORY_ZH = new Map<string, string>(Object.entries({ low: '低风险', low_medium: '低-中风险', medium: '中风险', high: '高风险' }));

function renderTarget(value: string): string {
  const [amount, unit] = value.split(' ');
  return `${amount} ${unit === 'min' ? '分钟' : '秒'}`;
}

function renderCapabilities(value: string): string | null {
  const groups = value.split(' or ').map((group) => group.split(' + ').map((c) => CAPABILITY_ZH.get(c) ?? null));
  if (groups.some((group) => group.includes(null))) return null;
  return groups.map((group) => group.join('+')).join('或');
}

interface PhraseTemplate {
  en: string;
  zh: string;
}

const PHRASES: readonly PhraseTemplate[] = [
  // chest pain (pathway.ts)
  { en: 'STEMI on the 12-lead ECG, read by the crew.', zh: '车组判读12导联心电图为ST段抬高型心肌梗死（STEMI）。' },
  { en: 'STEMI confirmed by the remote physician.', zh: '远程医师确认为ST段抬高型心肌梗死（STEMI）。' },
  {
    en: 'Chest pain without STEMI on the ECG: suspected acute coronary syndrome.',
    zh: '胸痛，心电图未见ST段抬高型心肌梗死（STEMI）：疑似急性冠脉综合征（ACS）。',
  },

  // stroke screen and LVO scales (pathway.ts)
  { en: 'Chief complaint: stroke symptoms.', zh: '主诉：卒中症状。' },
  { en: 'Cincinnati positive ({score} of 3 abnormal).', zh: 'Cincinnati 阳性（3 项中 {score} 项异常）。' },
  { en: 'BE-FAST positive ({score} of 5 abnormal).', zh: 'BE-FAST 阳性（5 项中 {score} 项异常）。' },
  { en: '{scale:scale} {score} (≥ {cutoff}): large-vessel occlusion likely.', zh: '{scale} {score} 分（≥ {cutoff}）：大血管闭塞（LVO）可能性大。' },
  { en: '{scale:scale} {score} (below {cutoff}).', zh: '{scale} {score} 分（低于 {cutoff}）。' },
  {
    en: 'Consider going direct to a thrombectomy centre if it adds no more than {min} min.',
    zh: '如增加的转运时间不超过 {min} 分钟，考虑直接送往取栓中心。',
  },

  // stroke timing (pathway.ts, stroke-windows.ts describeStrokeWindows)
  { en: 'Last known well not recorded.', zh: '未记录最后正常时间。' },
  { en: 'Last known well is after the assessment time: check the times.', zh: '最后正常时间晚于评估时间：请核对时间。' },
  { en: 'Symptom onset used as last known well.', zh: '以发病时间作为最后正常时间。' },
  { en: 'Within the thrombolysis window ({h} h): {min} min left.', zh: '在静脉溶栓时间窗内（{h} 小时）：剩余 {min} 分钟。' },
  {
    en: 'Thrombolysis window closed; within the thrombectomy window ({h} h): {min} min left.',
    zh: '已过静脉溶栓时间窗；在取栓时间窗内（{h} 小时）：剩余 {min} 分钟。',
  },
  {
    en: 'Beyond {h} h: thrombectomy only with imaging selection, {min} min left of {total} h.',
    zh: '已超过 {h} 小时：仅经影像筛选后可取栓，{total} 小时时间窗剩余 {min} 分钟。',
  },
  {
    en: 'More than {h} h since last known well: outside the reperfusion windows.',
    zh: '距最后正常时间已超过 {h} 小时：已超出再灌注治疗时间窗。',
  },

  // major trauma (pathway.ts; criteria from field-triage.ts)
  { en: 'Red: {criterion:sentence}', zh: '现场分诊红色标准：{criterion}' },
  { en: 'Yellow: {criterion:sentence}', zh: '现场分诊黄色标准：{criterion}' },
  { en: 'T-RTS {score} (≤ {cutoff}).', zh: 'T-RTS {score} 分（≤ {cutoff}）。' },
  { en: 'Penetrating injury to head, neck, torso or proximal limb.', zh: '头、颈、躯干或肢体近端穿透伤。' },
  { en: 'Skull deformity or suspected skull fracture.', zh: '颅骨变形或疑似颅骨骨折。' },
  { en: 'Suspected spinal injury with new motor or sensory loss.', zh: '疑似脊柱损伤伴新发运动或感觉障碍。' },
  { en: 'Chest wall instability or suspected flail chest.', zh: '胸壁不稳定或疑似连枷胸。' },
  { en: 'Suspected pelvic fracture.', zh: '疑似骨盆骨折。' },
  { en: 'Suspected fractures of two or more proximal long bones.', zh: '疑似两处及以上近端长骨骨折。' },
  { en: 'Crushed, degloved, mangled or pulseless limb.', zh: '肢体挤压伤、脱套伤、毁损伤或无脉搏。' },
  { en: 'Amputation proximal to wrist or ankle.', zh: '腕或踝关节以上离断伤。' },
  { en: 'Active bleeding needing a tourniquet or wound packing.', zh: '活动性出血，需止血带或伤口填塞止血。' },
  { en: 'Unable to follow commands (motor GCS below 6).', zh: '不能遵嘱动作（GCS 运动评分低于 6 分）。' },
  { en: 'Respiratory rate below 10 or above 29.', zh: '呼吸频率低于 10 次/分或高于 29 次/分。' },
  { en: 'Infant with respiratory rate below 20.', zh: '婴儿呼吸频率低于 20 次/分。' },
  { en: 'Respiratory distress or needs respiratory support.', zh: '呼吸窘迫或需要呼吸支持。' },
  { en: 'Room-air SpO2 below 90%.', zh: '未吸氧时 SpO2 低于 90%。' },
  { en: 'Systolic pressure below {mmHg} mmHg for age.', zh: '收缩压低于 {mmHg} mmHg（按年龄界值）。' },
  { en: 'Heart rate above systolic pressure.', zh: '心率高于收缩压。' },
  { en: 'Partial or complete ejection from the vehicle.', zh: '乘员部分或完全被抛出车外。' },
  { en: 'Entrapped patient needing extrication.', zh: '患者被困，需破拆解救。' },
  { en: 'Death in the same passenger compartment.', zh: '同一乘员舱内有人死亡。' },
  { en: 'Vehicle telemetry consistent with severe injury.', zh: '车辆碰撞数据提示严重损伤。' },
  { en: 'Rider separated from the vehicle with significant impact.', zh: '骑乘者与车辆分离且撞击严重。' },
  { en: 'Pedestrian or cyclist thrown, run over or hit hard.', zh: '行人或骑车人被撞飞、碾压或受到猛烈撞击。' },
  {
    en: 'Intrusion over {occupantIn} in ({occupantCm} cm) at the occupant site or {anyIn} in ({anyCm} cm) at any site.',
    zh: '车体变形侵入乘员位置超过 {occupantIn} 英寸（{occupantCm} cm），或侵入任意位置超过 {anyIn} 英寸（{anyCm} cm）。',
  },
  { en: 'Child unrestrained or in an unsecured child seat.', zh: '儿童未使用约束或儿童安全座椅未固定。' },
  { en: 'Fall from more than {ft} ft ({m} m).', zh: '坠落高度超过 {ft} 英尺（{m} m）。' },
  { en: 'Takes anticoagulants.', zh: '正在服用抗凝药物。' },
  { en: 'Suspected child abuse.', zh: '疑似虐待儿童。' },
  { en: 'Special, high-resource healthcare needs.', zh: '有特殊的高资源医疗需求。' },
  { en: 'Burns with trauma.', zh: '烧伤合并创伤。' },
  { en: 'Low-level fall with significant head impact in a young child or older adult.', zh: '幼儿或老年人低处跌倒伴头部明显撞击。' },
  { en: 'Pregnant beyond {weeks} weeks.', zh: '妊娠超过 {weeks} 周。' },

  // critical maternal (pathway.ts, critical-maternal.ts) and neonatal (critical-neonatal.ts)
  { en: 'Pregnant, {weeks} weeks.', zh: '妊娠 {weeks} 周。' },
  { en: '{days} days after birth.', zh: '产后 {days} 天。' },
  { en: 'Obstetric complaint.', zh: '产科主诉。' },
  { en: 'Systolic pressure {value} mmHg (below {limit}).', zh: '收缩压 {value} mmHg（低于 {limit}）。' },
  { en: 'Systolic pressure {value} mmHg ({limit} or more).', zh: '收缩压 {value} mmHg（≥ {limit}）。' },
  { en: 'Diastolic pressure {value} mmHg (above {limit}).', zh: '舒张压 {value} mmHg（高于 {limit}）。' },
  { en: 'Heart rate {value}/min (outside {low}-{high}).', zh: '心率 {value} 次/分（超出 {low}-{high}）。' },
  { en: 'Respiratory rate {value}/min (outside {low}-{high}).', zh: '呼吸频率 {value} 次/分（超出 {low}-{high}）。' },
  { en: 'SpO2 {value}% (below {limit}).', zh: 'SpO2 {value}%（低于 {limit}%）。' },
  { en: 'Agitated, confused or unresponsive.', zh: '烦躁、意识模糊或无反应。' },
  { en: 'Seizure: suspected eclampsia.', zh: '抽搐：疑似子痫。' },
  { en: 'Heavy vaginal bleeding.', zh: '阴道大量出血。' },
  { en: 'Pre-eclampsia with persistent headache or breathlessness.', zh: '子痫前期伴持续头痛或气促。' },
  { en: 'Newborn.', zh: '新生儿。' },
  { en: 'Temperature {value} °C (below {limit}).', zh: '体温 {value} °C（低于 {limit}）。' },
  { en: 'Temperature {value} °C ({limit} or more).', zh: '体温 {value} °C（≥ {limit}）。' },
  { en: 'Lethargic or unresponsive.', zh: '嗜睡或无反应。' },
  { en: 'Born at {weeks} weeks (before {limit}).', zh: '出生胎龄 {weeks} 周（不足 {limit} 周）。' },
  { en: 'Birth weight {grams} g (below {limit}).', zh: '出生体重 {grams} g（低于 {limit} g）。' },
  { en: 'Apnoea or needs resuscitation.', zh: '呼吸暂停或需要复苏。' },
  { en: 'Seizure.', zh: '抽搐。' },
  { en: 'Central cyanosis.', zh: '中心性发绀。' },

  // destination rule (dispatch-core destination-rules.ts)
  { en: 'No green-channel pathway: nearest emergency department.', zh: '未进入绿色通道：送最近的急诊科。' },
  {
    en: 'STEMI: PCI centre, first contact to wire projected {projected} min (target ≤ {target}).',
    zh: 'ST段抬高型心肌梗死（STEMI）：送PCI中心，预计首次医疗接触（FMC）至导丝通过 {projected} 分钟（目标 ≤ {target} 分钟）。',
  },
  {
    en: 'STEMI: first contact to wire would exceed {target} min: nearest thrombolysis site.',
    zh: 'ST段抬高型心肌梗死（STEMI）：首次医疗接触（FMC）至导丝通过将超过 {target} 分钟：送最近的可溶栓医院。',
  },
  { en: 'Stroke: nearest centre with CT and thrombolysis.', zh: '卒中：送最近的具备CT和静脉溶栓能力的医院。' },
  { en: 'Stroke: {decision:sentence}', zh: '卒中：{decision}' },
  { en: '{pathway:careWords}: nearest hospital that can take it ({needs:capabilities}).', zh: '{pathway}：送最近的具备救治能力的医院（{needs}）。' },

  // stroke destination (stroke-windows.ts chooseStrokeDestination, inside the rule above)
  { en: 'No large-vessel occlusion suspected: nearest stroke centre.', zh: '未怀疑大血管闭塞（LVO）：送最近的卒中中心。' },
  { en: 'Last known well unknown: nearest stroke centre.', zh: '最后正常时间不详：送最近的卒中中心。' },
  { en: 'More than {h} h since last known well: nearest stroke centre.', zh: '距最后正常时间已超过 {h} 小时：送最近的卒中中心。' },
  {
    en: 'Thrombectomy centre adds {extra} min, more than {allowed} min allowed.',
    zh: '送取栓中心将多用 {extra} 分钟，超过允许的 {allowed} 分钟。',
  },
  {
    en: 'Going direct would arrive after the thrombolysis window: nearest stroke centre.',
    zh: '直接送取栓中心将错过静脉溶栓时间窗：送最近的卒中中心。',
  },
  {
    en: 'Large-vessel occlusion likely and within {h} h: direct to a thrombectomy centre (adds {extra} min).',
    zh: '大血管闭塞（LVO）可能性大且在 {h} 小时内：直接送往取栓中心（多用 {extra} 分钟）。',
  },

  // destination reasons and warnings (destination-rules.ts)
  { en: 'fits {care:care}', zh: '具备{care}救治能力' },
  { en: 'partly fits {care:care}', zh: '部分具备{care}救治能力' },
  { en: 'does not fit {care:care}', zh: '不具备{care}救治能力' },
  { en: 'ETA {min} min', zh: '预计 {min} 分钟到达' },
  { en: 'on diversion', zh: '医院分流中，暂停接收' },
  { en: 'cath lab busy', zh: '导管室占用中' },
  { en: 'CT down', zh: 'CT故障停用' },

  // ambulance recommendation for a call (dispatch-core recommendation.ts): reasons and warnings
  { en: 'ETA {min} min by road, {km} km', zh: '按道路预计 {min} 分钟，路程 {km} km' },
  { en: 'within {km} km', zh: '{km} km 圈内' },
  { en: 'beyond {km} km', zh: '{km} km 圈外' },
  { en: 'returning to station, free for a new job', zh: '返站途中，可接新任务' },
  { en: '{type:vehicleType} ambulance as required', zh: '{type}救护车，符合本次要求' },
  { en: 'no road route: ETA from straight-line distance', zh: '无道路路线：按直线距离估算到达时间' },
  { en: 'is {type:vehicleType}, call needs {needs:vehicleType}', zh: '本车为{type}救护车，本次需要{needs}救护车' },
  { en: 'outside the {km} km service radius', zh: '超出 {km} km 服务半径' },
  { en: 'no GPS position yet: placed at its station', zh: '尚无GPS定位：按所属站点位置计算' },
  { en: 'GPS position is {min} min old', zh: 'GPS定位已 {min} 分钟未更新' },
  { en: 'no ambulance is free', zh: '没有空闲的救护车' },
  { en: 'no {type:vehicleType} ambulance is free', zh: '没有空闲的{type}救护车' },
  { en: 'no free ambulance within {km} km: nearest shown', zh: '{km} km 内没有空闲的救护车：显示最近的车辆' },

  // the dispatcher's alerts (dispatch-core dispatch-alert-texts.ts)
  { en: '{vehicle:id} has not departed {sec} s after the order (target {target:target})', zh: '{vehicle} 派车指令下达 {sec} 秒仍未出车（目标 {target}）' },
  {
    en: '{vehicle:id} did not answer the offer; proposed next: {next:callSign} (ETA {min} min)',
    zh: '{vehicle} 未应答派车；建议改派 {next}（预计 {min} 分钟到达）',
  },
  { en: '{vehicle:id} did not answer the offer; no other ambulance is free', zh: '{vehicle} 未应答派车；没有其他空闲的救护车' },
  { en: 'no vitals/ECG from {vehicle:id} for {sec} s', zh: '{vehicle} 已 {sec} 秒未收到生命体征/心电数据' },
  {
    en: 'NEWS2 {score:numberOrDash} ({category:news2Category}), shock index {si:numberOrDash} for {vehicle:id}',
    zh: '{vehicle} NEWS2 {score} 分（{category}），休克指数 {si}',
  },
  { en: 'pre-notice for incident {number:id} not acknowledged after {sec} s', zh: '事件 {number} 的预警发出 {sec} 秒仍未获医院确认' },
];

interface CompiledPhrase {
  pattern: RegExp;
  slots: Array<{ name: string; kind: SlotKind }>;
  zh: string;
}

const SLOT_IN_TEMPLATE = /\{(\w+)(?::(\w+))?\}/g;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`);
const isSlotKind = (kind: string): kind is SlotKind => Object.hasOwn(SLOTS, kind);

function compile({ en, zh }: PhraseTemplate): CompiledPhrase {
  const slots: CompiledPhrase['slots'] = [];
  let source = '';
  let last = 0;
  for (const m of en.matchAll(SLOT_IN_TEMPLATE)) {
    const kind = m[2] ?? 'number';
    if (!isSlotKind(kind)) throw new Error(`phrasebook: unknown slot kind "${kind}" in "${en}"`);
    source += `${escapeRegExp(en.slice(last, m.index))}(${SLOTS[kind].pattern})`;
    slots.push({ name: m[1]!, kind });
    last = m.index + m[0].length;
  }
  source += escapeRegExp(en.slice(last));
  return { pattern: new RegExp(`^${source}$`), slots, zh };
}

const COMPILED = PHRASES.map(compile);

function render(phrase: CompiledPhrase, match: RegExpExecArray): string | null {
  const values = new Map<string, string>();
  for (const [i, slot] of phrase.slots.entries()) {
    const value = SLOTS[slot.kind].render(match[i + 1]!);
    if (value === null) return null;
    values.set(slot.name, value);
  }
  return phrase.zh.replace(SLOT_IN_TEMPLATE, (_, name: string) => values.get(name) ?? '');
}

/** The Chinese for one of the server's clinical sentences, or null when the phrasebook has none. */
export function translateToZh(english: string): string | null {
  const text = english.trim();
  for (const phrase of COMPILED) {
    const match = phrase.pattern.exec(text);
    const zh = match && render(phrase, match);
    if (zh) return zh;
  }
  return null;
}
