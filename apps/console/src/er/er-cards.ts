import type { InboundPatient, Incident, VehicleStatus } from '@feijiu/contracts';

// The ER board's cards: one per ambulance bound here, from `GET /er/inbound`, plus any ambulance
// whose telemetry reaches the board before (or without) the inbound list.

export interface ErCard {
  vehicleId: string;
  callSign: string;
  incident: Incident | null;
  vehicleStatus: VehicleStatus | null;
  etaSec: number | null;
  distanceM: number | null;
  /** Browser time the ETA was computed; the card counts down from it. */
  etaAtMs: number | null;
}

export function cardsFromInbound(inbound: readonly InboundPatient[], fetchedAtMs: number): ErCard[] {
  return inbound.map((row) => ({
    vehicleId: row.vehicleId,
    callSign: row.callSign,
    incident: row.incident,
    vehicleStatus: row.vehicleStatus,
    etaSec: row.etaSec,
    distanceM: row.distanceM,
    etaAtMs: fetchedAtMs,
  }));
}

/** Inbound cards first (by ETA), then telemetry-only vehicles the list does not know. */
export function mergeCards(
  inbound: readonly ErCard[],
  telemetryVehicleIds: readonly string[],
  callSigns: ReadonlyMap<string, string>,
): ErCard[] {
  const known = new Set(inbound.map((c) => c.vehicleId));
  const extra = telemetryVehicleIds
    .filter((id) => !known.has(id))
    .map((vehicleId) => ({
      vehicleId,
      callSign: callSigns.get(vehicleId) ?? vehicleId,
      incident: null,
      vehicleStatus: null,
      etaSec: null,
      distanceM: null,
      etaAtMs: null,
    }));
  const byEta = [...inbound].sort((a, b) => (a.etaSec ?? Infinity) - (b.etaSec ?? Infinity));
  return [...byEta, ...extra];
}

/** Seconds left of an ETA computed at `etaAtMs`. */
export function remainingEtaSec(card: Pick<ErCard, 'etaSec' | 'etaAtMs'>, nowMs: number): number | null {
  if (card.etaSec === null || card.etaAtMs === null) return null;
  return Math.max(0, card.etaSec - (nowMs - card.etaAtMs) / 1000);
}
