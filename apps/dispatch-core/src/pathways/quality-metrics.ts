import type { TimeNode } from '@feijiu/contracts';

export type QualityPathway = 'chest_pain' | 'stroke' | 'trauma' | 'ems';

export interface MetricDefinition {
  id: string;
  label: string;
  from: TimeNode;
  /** Alternatives in order: the first stamped one counts (the door is door-in, else arrival at hospital). */
  to: TimeNode;
  fromFallback?: TimeNode;
  toFallback?: TimeNode;
  targetMin: number;
  /**
   * Both ends from one dispatch round: the last round that reached `to`. The departure is the
   * ambulance that went, measured from its own order, not from an earlier round's.
   */
  sameRound?: true;
}

/** One current stamp of a case with its dispatch round (0 up to the first requeue, then 1, …). */
export interface RoundStamp {
  node: TimeNode;
  at: Date;
  round: number;
}

/** A case's stamps: each node's earliest, and each round's own. */
export interface CaseTimes {
  first: ReadonlyMap<TimeNode, Date>;
  rounds: readonly ReadonlyMap<TimeNode, Date>[];
}

// Targets: China Chest Pain Center standard (FMC→ECG ≤ 10, D2W ≤ 90, FMC→W ≤ 120, DIDO ≤ 30),
// stroke DNT ≤ 60 (and ≤ 45 as the advanced target), 120 departure ≤ 3 min (shared/reference/clinical.md §2.7, §3.1, §5.1).
export const QUALITY_METRICS: Record<QualityPathway, MetricDefinition[]> = {
  chest_pain: [
    { id: 'fmc_to_ecg', label: 'First medical contact to first ECG', from: 'first_medical_contact', to: 'first_ecg', targetMin: 10 },
    { id: 'door_to_wire', label: 'Door to wire', from: 'door_in', fromFallback: 'arrival_at_hospital', to: 'wire', targetMin: 90 },
    { id: 'fmc_to_wire', label: 'First medical contact to wire', from: 'first_medical_contact', to: 'wire', targetMin: 120 },
    { id: 'door_in_door_out', label: 'Door-in to door-out (transfer)', from: 'door_in', to: 'door_out', targetMin: 30 },
    { id: 'departure', label: 'Dispatch order to departure', from: 'dispatch_order', to: 'departure', targetMin: 3, sameRound: true },
  ],
  stroke: [
    { id: 'door_to_needle_60', label: 'Door to needle (≤ 60)', from: 'door_in', fromFallback: 'arrival_at_hospital', to: 'needle', targetMin: 60 },
    { id: 'door_to_needle_45', label: 'Door to needle (≤ 45)', from: 'door_in', fromFallback: 'arrival_at_hospital', to: 'needle', targetMin: 45 },
    { id: 'door_to_ct', label: 'Door to CT', from: 'door_in', fromFallback: 'arrival_at_hospital', to: 'ct_start', targetMin: 25 },
    { id: 'departure', label: 'Dispatch order to departure', from: 'dispatch_order', to: 'departure', targetMin: 3, sameRound: true },
  ],
  trauma: [
    { id: 'call_to_hospital', label: 'Call to hospital arrival (golden hour)', from: 'call_received', to: 'arrival_at_hospital', targetMin: 60 },
    { id: 'scene_time', label: 'Time on scene', from: 'arrival_on_scene', to: 'leave_scene', targetMin: 10 },
    { id: 'departure', label: 'Dispatch order to departure', from: 'dispatch_order', to: 'departure', targetMin: 3, sameRound: true },
  ],
  ems: [
    { id: 'call_to_dispatch', label: 'Call to dispatch order', from: 'call_received', to: 'dispatch_order', targetMin: 2 },
    { id: 'departure', label: 'Dispatch order to departure', from: 'dispatch_order', to: 'departure', targetMin: 3, sameRound: true },
  ],
};

/**
 * A case's times from its current stamps. A node stamped more than once (a requeued call's
 * dispatch order, departure) counts from its earliest: the call was answered by the first order.
 */
export function caseTimesOf(stamps: readonly RoundStamp[]): CaseTimes {
  const keepEarliest = (map: Map<TimeNode, Date>, s: RoundStamp) => {
    const known = map.get(s.node);
    if (!known || s.at < known) map.set(s.node, s.at);
  };
  const first = new Map<TimeNode, Date>();
  const rounds: Map<TimeNode, Date>[] = [];
  for (const s of stamps) {
    keepEarliest(first, s);
    keepEarliest((rounds[s.round] ??= new Map()), s);
  }
  return { first, rounds: Array.from(rounds, (r) => r ?? new Map<TimeNode, Date>()) };
}

/** Minutes between two nodes of one incident, or null when either is missing. */
export function intervalMin(times: CaseTimes, m: MetricDefinition): number | null {
  const pick = (stamps: ReadonlyMap<TimeNode, Date>, node: TimeNode, fallback?: TimeNode) => stamps.get(node) ?? (fallback ? stamps.get(fallback) : undefined);
  const stamps = m.sameRound ? (times.rounds.findLast((r) => pick(r, m.to, m.toFallback)) ?? new Map<TimeNode, Date>()) : times.first;
  const from = pick(stamps, m.from, m.fromFallback);
  const to = pick(stamps, m.to, m.toFallback);
  if (!from || !to) return null;
  return (to.getTime() - from.getTime()) / 60_000;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
