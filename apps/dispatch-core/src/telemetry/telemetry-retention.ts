import { planPartitions, type PartitionSpec } from './telemetry-partitions';

// Which telemetry partitions are past their retention. Clinical data is never deleted by the
// core: an expired partition is detached from its table and moved to the archive schema, where
// the operator dumps it and only then drops it (deploy/README.md, "Retention").

export type TelemetryTable = PartitionSpec['parent'];

export interface RetentionSettings {
  /** null: keep for ever (the default) */
  readonly vitalsDays: number | null;
  readonly waveformDays: number | null;
}

/** A range partition attached to its telemetry table; DEFAULT partitions have no bound. */
export interface AttachedPartition {
  readonly parent: TelemetryTable;
  readonly name: string;
  /** exclusive upper bound of measured_at; null for the DEFAULT partition */
  readonly to: Date | null;
}

export interface ExpiredPartition extends AttachedPartition {
  readonly to: Date;
  readonly retentionDays: number;
}

const DAY_MS = 86_400_000;

/**
 * Days each table keeps. Receipts (the dedupe key of vitals and waveforms alike) go only when
 * both kinds have gone, so a late resend of a kept sample is still recognised.
 */
export function retentionDaysOf(table: TelemetryTable, s: RetentionSettings): number | null {
  switch (table) {
    case 'vitals_samples':
      return s.vitalsDays;
    case 'waveform_chunks':
      return s.waveformDays;
    case 'telemetry_receipts':
      return s.vitalsDays === null || s.waveformDays === null ? null : Math.max(s.vitalsDays, s.waveformDays);
  }
}

/**
 * The partitions whose whole range ended at least the retention ago. Never the DEFAULT partition
 * (samples with wild timestamps) and never one the maintenance keeps creating around `now`.
 */
export function findExpiredPartitions(now: Date, attached: readonly AttachedPartition[], settings: RetentionSettings): ExpiredPartition[] {
  const current = new Set(planPartitions(now).map((p) => p.name));
  const expired: ExpiredPartition[] = [];
  for (const p of attached) {
    const days = retentionDaysOf(p.parent, settings);
    if (days === null || p.to === null || current.has(p.name)) continue;
    if (p.to.getTime() <= now.getTime() - days * DAY_MS) expired.push({ ...p, to: p.to, retentionDays: days });
  }
  return expired.sort((a, b) => a.to.getTime() - b.to.getTime() || a.name.localeCompare(b.name));
}
