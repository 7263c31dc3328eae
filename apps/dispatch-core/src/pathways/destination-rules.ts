import { chooseStrokeDestination } from '@feijiu/clinical';
import type { AssessmentRecord, DestinationOption, Facility, FacilityCapability, Pathway } from '@feijiu/contracts';

export interface HospitalOption {
  facility: Facility;
  etaSec: number | null;
  distanceM: number | null;
}

export interface DestinationDecision {
  rule: string;
  items: DestinationOption[];
}

export interface RuleSettings {
  /** STEMI: first medical contact to wire must fit this (China Chest Pain Center: 120 min). */
  fmcToWireTargetMin: number;
  /** Door-to-wire a PCI centre needs after arrival when pre-notified (cath lab activated ahead). */
  doorToWireMin: number;
}

export const DEFAULT_RULE_SETTINGS: RuleSettings = { fmcToWireTargetMin: 120, doorToWireMin: 30 };

type Fit = 'full' | 'partial' | 'none';

// What each pathway needs from the door it is taken to.
const NEEDS: Record<Pathway, { full: FacilityCapability[][]; partial: FacilityCapability[][] }> = {
  chest_pain_stemi: { full: [['pci_24_7', 'cath_lab']], partial: [['thrombolysis']] },
  chest_pain_acs: { full: [['chest_pain_centre'], ['pci_24_7']], partial: [['emergency_department']] },
  stroke: { full: [['thrombectomy', 'ct']], partial: [['thrombolysis', 'ct']] },
  major_trauma: { full: [['trauma_centre']], partial: [['ct', 'emergency_department']] },
  critical_maternal: { full: [['obstetrics']], partial: [['emergency_department']] },
  critical_neonatal: { full: [['nicu']], partial: [['obstetrics'], ['emergency_department']] },
};

const has = (f: Facility, all: FacilityCapability[]) => all.every((c) => f.capabilities.includes(c));

/** How well a hospital fits a pathway right now, with the live status (cath lab busy, CT down, diversion) applied. */
export function fitFor(f: Facility, pathway: Pathway): { fit: Fit; warnings: string[] } {
  const warnings: string[] = [];
  const s = f.liveStatus;
  if (s?.onDiversion) return { fit: 'none', warnings: ['on diversion'] };
  let fit: Fit = NEEDS[pathway].full.some((caps) => has(f, caps)) ? 'full' : NEEDS[pathway].partial.some((caps) => has(f, caps)) ? 'partial' : 'none';
  if (s?.cathLabBusy && (pathway === 'chest_pain_stemi' || pathway === 'chest_pain_acs') && fit === 'full') {
    warnings.push('cath lab busy');
    fit = f.capabilities.includes('thrombolysis') ? 'partial' : 'none';
  }
  if (s?.ctDown && (pathway === 'stroke' || pathway === 'major_trauma')) {
    warnings.push('CT down');
    fit = 'none';
  }
  return { fit, warnings };
}

/**
 * Ranks destinations by capability fit and ETA and names the one the rule picks:
 * STEMI → PCI centre when first contact to wire fits 120 min, else the nearest thrombolysis site;
 * LVO likely → thrombectomy centre when it adds at most 15 min (Mission: Lifeline), else the
 * nearest stroke centre; trauma → trauma centre; maternal → obstetrics; neonatal → NICU.
 */
export function decideDestination(
  options: HospitalOption[],
  assessment: AssessmentRecord | null,
  minutesSinceFirstContact: number,
  settings: RuleSettings = DEFAULT_RULE_SETTINGS,
): DestinationDecision {
  const pathway = primaryPathway(assessment);
  const usable = options.filter((o) => o.facility.kind !== 'command_centre');
  const minutes = (o: HospitalOption) => (o.etaSec === null ? Infinity : o.etaSec / 60);
  const byEta = [...usable].sort((a, b) => minutes(a) - minutes(b));
  const fits = new Map(usable.map((o) => [o.facility.id, pathway ? fitFor(o.facility, pathway) : { fit: edFit(o.facility), warnings: [] }]));
  const nearest = (fit: Fit) => byEta.find((o) => fits.get(o.facility.id)!.fit === fit);

  let chosen: HospitalOption | undefined;
  let rule: string;
  if (!pathway) {
    chosen = nearest('full');
    rule = 'No green-channel pathway: nearest emergency department.';
  } else if (pathway === 'chest_pain_stemi') {
    const pci = nearest('full');
    const projected = pci ? minutesSinceFirstContact + minutes(pci) + settings.doorToWireMin : Infinity;
    if (pci && projected <= settings.fmcToWireTargetMin) {
      chosen = pci;
      rule = `STEMI: PCI centre, first contact to wire projected ${Math.round(projected)} min (target ≤ ${settings.fmcToWireTargetMin}).`;
    } else {
      chosen = nearest('partial') ?? pci;
      rule = `STEMI: first contact to wire would exceed ${settings.fmcToWireTargetMin} min: nearest thrombolysis site.`;
    }
  } else if (pathway === 'stroke') {
    const details = assessment!.pathways.find((p) => p.pathway === 'stroke')!.details as { isLvoLikely?: boolean | null; minutesSinceLastKnownWell?: number | null } | undefined;
    const evt = nearest('full');
    const lysis = byEta.find((o) => fits.get(o.facility.id)!.fit !== 'none');
    if (evt && lysis) {
      const decision = chooseStrokeDestination({
        isLvoLikely: details?.isLvoLikely === true,
        minutesSinceLastKnownWell: details?.minutesSinceLastKnownWell ?? null,
        minutesToNearestStrokeCentre: Math.round(minutes(lysis)),
        minutesToThrombectomyCentre: Math.round(minutes(evt)),
      });
      chosen = decision.destination === 'thrombectomy_centre' ? evt : lysis;
      rule = `Stroke: ${decision.reasons.join(' ')}`;
    } else {
      chosen = evt ?? lysis;
      rule = 'Stroke: nearest centre with CT and thrombolysis.';
    }
  } else {
    chosen = nearest('full') ?? nearest('partial');
    rule = `${pathway.replaceAll('_', ' ')}: nearest hospital that can take it (${NEEDS[pathway].full.map((c) => c.join(' + ')).join(' or ')}).`;
  }

  const rank = { full: 0, partial: 1, none: 2 } as const;
  const items = usable
    .map((o): DestinationOption => {
      const { fit, warnings } = fits.get(o.facility.id)!;
      const reasons = [`${fit === 'full' ? 'fits' : fit === 'partial' ? 'partly fits' : 'does not fit'} ${pathway ?? 'emergency care'}`];
      if (o.etaSec !== null) reasons.push(`ETA ${Math.round(o.etaSec / 60)} min`);
      return {
        hospitalId: o.facility.id,
        name: o.facility.name,
        nameEn: o.facility.nameEn,
        etaSec: o.etaSec,
        distanceM: o.distanceM,
        fit,
        recommended: o === chosen,
        reasons,
        warnings,
      };
    })
    .sort((a, b) => Number(b.recommended) - Number(a.recommended) || rank[a.fit] - rank[b.fit] || (a.etaSec ?? Infinity) - (b.etaSec ?? Infinity));
  return { rule, items };
}

function edFit(f: Facility): Fit {
  if (f.liveStatus?.onDiversion) return 'none';
  return f.kind === 'hospital' ? 'full' : 'partial';
}

// The most time-critical pathway decides the door.
const PRIORITY: Pathway[] = ['chest_pain_stemi', 'stroke', 'major_trauma', 'critical_maternal', 'critical_neonatal', 'chest_pain_acs'];
export function primaryPathway(a: AssessmentRecord | null): Pathway | null {
  const present = new Set(a?.pathways.map((p) => p.pathway) ?? []);
  return PRIORITY.find((p) => present.has(p)) ?? null;
}
