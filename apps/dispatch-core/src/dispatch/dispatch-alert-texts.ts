// The English text of every `alert.raised` (the audit's language): the dispatch timers', the
// telemetry watchdog's and the pathways'. The console shows them in the user's language through
// the phrasebook in @feijiu/clinical; dispatch-alert-texts-zh.spec.ts checks each one against it.

/** A target as a dispatcher says it: whole minutes in minutes, anything else in seconds. */
export function describeTargetSec(targetSec: number): string {
  return targetSec >= 60 && targetSec % 60 === 0 ? `${targetSec / 60} min` : `${targetSec} s`;
}

export function departureLateText(vehicleId: string, sinceOrderSec: number, targetSec: number): string {
  return `${vehicleId} has not departed ${Math.round(sinceOrderSec)} s after the order (target ${describeTargetSec(targetSec)})`;
}

export function offerUnansweredText(vehicleId: string, next: { callSign: string; etaSec: number } | undefined): string {
  return next
    ? `${vehicleId} did not answer the offer; proposed next: ${next.callSign} (ETA ${Math.round(next.etaSec / 60)} min)`
    : `${vehicleId} did not answer the offer; no other ambulance is free`;
}

export function telemetryStaleText(vehicleId: string, silentForSec: number): string {
  return `no vitals/ECG from ${vehicleId} for ${Math.round(silentForSec)} s`;
}

/** A score null: not computable (the shock index without a heart rate or systolic pressure). */
export function news2RiseText(vehicleId: string, news2: { score: number | null; category: string }, shockIndex: number | null): string {
  return `NEWS2 ${news2.score ?? '—'} (${news2.category}), shock index ${shockIndex?.toFixed(2) ?? '—'} for ${vehicleId}`;
}

export function prenoticeUnacknowledgedText(incidentNumber: string, escalateSec: number): string {
  return `pre-notice for incident ${incidentNumber} not acknowledged after ${escalateSec} s`;
}
