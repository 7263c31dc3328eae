import type { CreateIncidentRequest, IncidentPriority } from '@feijiu/contracts';
import { type County, type CountyFacility, distanceM, type LatLonPoint } from '@feijiu/geo';
import type { ScenarioKind } from '../monitors/patient-scenario';
import { pickWeighted, type RandomSource } from '../random';

// What 120 calls a county gets, and what follows from each: the complaint the call-taker
// types, its priority, the clinical pathway (which decides the destination) and the patient
// scenario the crew's monitor will show. Pure.

export const CALL_PATHWAYS = ['chest_pain', 'stroke', 'trauma', 'other'] as const;
export type Pathway = (typeof CALL_PATHWAYS)[number];

interface ComplaintKind {
  complaint: string;
  priority: IncidentPriority;
  pathway: Pathway;
  scenario: ScenarioKind;
  weight: number;
}

// Weights: roughly the share of a county 120 centre's critical and urgent calls; the three
// green-channel pathways are over-represented so the demo shows them often.
export const COMPLAINT_MIX: readonly ComplaintKind[] = [
  { complaint: '胸痛伴大汗 (chest pain, sweating)', priority: 'critical', pathway: 'chest_pain', scenario: 'stemi', weight: 20 },
  { complaint: '突发胸闷胸痛 (sudden chest tightness)', priority: 'critical', pathway: 'chest_pain', scenario: 'stemi', weight: 6 },
  { complaint: '突发一侧肢体无力、言语不清 (one-sided weakness, slurred speech)', priority: 'critical', pathway: 'stroke', scenario: 'stroke', weight: 16 },
  { complaint: '车祸外伤，出血 (road traffic collision, bleeding)', priority: 'critical', pathway: 'trauma', scenario: 'haemorrhagic_shock', weight: 12 },
  { complaint: '高处坠落伤 (fall from height)', priority: 'critical', pathway: 'trauma', scenario: 'haemorrhagic_shock', weight: 5 },
  { complaint: '呼吸困难 (shortness of breath)', priority: 'urgent', pathway: 'other', scenario: 'normal', weight: 10 },
  { complaint: '腹痛 (abdominal pain)', priority: 'urgent', pathway: 'other', scenario: 'normal', weight: 10 },
  { complaint: '晕厥 (syncope)', priority: 'urgent', pathway: 'other', scenario: 'normal', weight: 7 },
  { complaint: '发热 (fever)', priority: 'non_urgent', pathway: 'other', scenario: 'normal', weight: 7 },
  { complaint: '老人跌倒 (elderly fall, no major injury)', priority: 'non_urgent', pathway: 'other', scenario: 'normal', weight: 7 },
];

export interface CallPlan {
  request: CreateIncidentRequest;
  pathway: Pathway;
  scenario: ScenarioKind;
  /** The place the caller named. */
  placeName: string;
}

/** In the notes of every incident the simulator creates, so it can find its own again. */
export const SIMULATED_CALL_NOTE = '模拟来电 (simulated call)';

// scenes scatter this far around a village's or town's centre
const SCENE_SCATTER_M = 120;
const METRES_PER_DEGREE_LAT = 111_195;

/** Where calls may come from: near these stations (the simulated crews' own). */
export interface CallArea {
  stations: readonly LatLonPoint[];
  withinM: number;
}

/**
 * A new call: a random village or town (within `area` when given, so a simulator that drives
 * only part of the fleet gets calls its crews can serve), a complaint from the mix (of the given
 * pathway when one is given), a caller's mobile number.
 */
export function generateCall(county: County, random: RandomSource, area?: CallArea, pathway?: Pathway): CallPlan {
  const all = county.places.filter((p) => p.kind === 'village' || p.kind === 'town');
  const near = area ? all.filter((p) => area.stations.some((s) => distanceM(s, p) <= area.withinM)) : all;
  const places = near.length > 0 ? near : all;
  const place = places[Math.floor(random() * places.length)];
  const kinds = pathway ? COMPLAINT_MIX.filter((k) => k.pathway === pathway) : COMPLAINT_MIX;
  const kind = pickWeighted(kinds.length > 0 ? kinds : COMPLAINT_MIX, random);
  const metresPerDegreeLon = METRES_PER_DEGREE_LAT * Math.cos((place.lat * Math.PI) / 180);
  const location = {
    lat: round7(place.lat + ((random() * 2 - 1) * SCENE_SCATTER_M) / METRES_PER_DEGREE_LAT),
    lon: round7(place.lon + ((random() * 2 - 1) * SCENE_SCATTER_M) / metresPerDegreeLon),
  };
  const house = 1 + Math.floor(random() * 120);
  const callerPhone = `1${3 + Math.floor(random() * 7)}${String(Math.floor(random() * 1e9)).padStart(9, '0')}`;
  // what the caller says about the patient: sex and an age (trauma younger on average)
  const sex = random() < 0.6 ? 'male' : 'female';
  const ageYears = kind.pathway === 'trauma' ? 18 + Math.floor(random() * 53) : 45 + Math.floor(random() * 41);
  return {
    request: {
      location,
      address: `${county.name}${place.name}${house}号`,
      callerPhone,
      patient: { sex, ageYears },
      complaint: kind.complaint,
      priority: kind.priority,
      notes: SIMULATED_CALL_NOTE,
    },
    pathway: kind.pathway,
    scenario: kind.scenario,
    placeName: place.name,
  };
}

/**
 * The pathway and scenario of a complaint, also for incidents a person typed in the console:
 * the simulator's own complaints by their text, anything else by keywords.
 */
export function classifyComplaint(complaint: string): { pathway: Pathway; scenario: ScenarioKind } {
  const known = COMPLAINT_MIX.find((k) => k.complaint === complaint);
  if (known) return { pathway: known.pathway, scenario: known.scenario };
  const text = complaint.toLowerCase();
  if (/胸痛|胸闷|心梗|chest|stemi/.test(text)) return { pathway: 'chest_pain', scenario: 'stemi' };
  if (/卒中|中风|脑梗|偏瘫|肢体无力|言语不清|口角歪斜|stroke|weakness|slurred/.test(text)) return { pathway: 'stroke', scenario: 'stroke' };
  if (/外伤|车祸|坠落|出血|创伤|trauma|collision|bleed|injur|fall from/.test(text)) return { pathway: 'trauma', scenario: 'haemorrhagic_shock' };
  return { pathway: 'other', scenario: 'normal' };
}

const LEAD_HOSPITAL_ID = 'lead';

/** Green-channel patients to the lead hospital (PCI, stroke and trauma centre); others to the nearest hospital. */
export function chooseDestination(pathway: Pathway, scene: LatLonPoint, county: County): CountyFacility | undefined {
  const hospitals = county.facilities.filter((f) => f.kind === 'hospital');
  if (pathway !== 'other') {
    const lead = hospitals.find((f) => f.id === LEAD_HOSPITAL_ID);
    if (lead) return lead;
  }
  let nearest: CountyFacility | undefined;
  let nearestM = Infinity;
  for (const h of hospitals) {
    const d = distanceM(scene, h);
    if (d < nearestM) {
      nearest = h;
      nearestM = d;
    }
  }
  return nearest;
}

function round7(value: number): number {
  return Math.round(value * 1e7) / 1e7;
}
