import type { Recommendation, VehicleStatus, VehicleType } from '@feijiu/contracts';
import type { LatLonPoint, TravelEstimate } from '@feijiu/geo';

export interface Candidate {
  vehicleId: string;
  callSign: string;
  type: VehicleType;
  status: VehicleStatus;
  stationId: string;
  position: LatLonPoint;
  /** Straight-line distance to the incident, from the spatial index. */
  straightM: number;
  positionAgeSec: number | null;
}

export interface RankInput {
  candidates: readonly Candidate[];
  estimates: readonly (TravelEstimate | null)[];
  ringsKm: readonly number[];
  requiredType: VehicleType | null;
}

const STALE_POSITION_SEC = 120;

/**
 * Ranks free ambulances for a call by ETA. A vehicle of the required type comes first (a
 * neonatal transfer wants a neonatal ambulance); each item says why it ranks where it does.
 */
export function rankCandidates(input: RankInput): Recommendation[] {
  const items = input.candidates.map((c, i) => {
    const est = input.estimates[i] ?? null;
    const reasons: string[] = [];
    const warnings: string[] = [];
    const ring = ringOf(c.straightM, input.ringsKm);
    if (est) reasons.push(`ETA ${Math.round(est.etaSec / 60)} min by road, ${(est.distanceM / 1000).toFixed(1)} km`);
    else warnings.push('no road route: ETA from straight-line distance');
    reasons.push(ring === null ? `beyond ${input.ringsKm.at(-1)} km` : `within ${ring} km`);
    if (c.status === 'returning') reasons.push('returning to station, free for a new job');
    const fits = input.requiredType === null || c.type === input.requiredType;
    if (input.requiredType && fits) reasons.push(`${c.type} ambulance as required`);
    if (!fits) warnings.push(`is ${c.type}, call needs ${input.requiredType}`);
    if (ring === null) warnings.push(`outside the ${input.ringsKm.at(-1)} km service radius`);
    if (c.positionAgeSec === null) warnings.push('no GPS position yet: placed at its station');
    else if (c.positionAgeSec > STALE_POSITION_SEC) warnings.push(`GPS position is ${Math.round(c.positionAgeSec / 60)} min old`);
    const etaSec = est?.etaSec ?? c.straightM / (40 / 3.6);
    const distanceM = est?.distanceM ?? c.straightM;
    return { fits, rec: { vehicleId: c.vehicleId, callSign: c.callSign, type: c.type, status: c.status, stationId: c.stationId, distanceM, etaSec, ring, reasons, warnings } };
  });
  items.sort((a, b) => Number(b.fits) - Number(a.fits) || a.rec.etaSec - b.rec.etaSec || a.rec.vehicleId.localeCompare(b.rec.vehicleId));
  return items.map((x) => x.rec);
}

/** Warnings for the whole list: none free, or none inside the last ring. */
export function listWarnings(items: readonly Recommendation[], ringsKm: readonly number[], requiredType: VehicleType | null = null): string[] {
  if (items.length === 0) return ['no ambulance is free'];
  const warnings: string[] = [];
  if (requiredType && items[0]!.type !== requiredType) warnings.push(`no ${requiredType} ambulance is free`);
  if (!items.some((i) => i.ring !== null)) warnings.push(`no free ambulance within ${ringsKm.at(-1)} km: nearest shown`);
  return warnings;
}

export function ringOf(distanceM: number, ringsKm: readonly number[]): number | null {
  return ringsKm.find((km) => distanceM <= km * 1000) ?? null;
}
