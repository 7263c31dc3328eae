// Which partitions should exist around `now` (UTC): receipts and vitals by month (small rows,
// kept for years), waveforms by day (large, kept for weeks). One period back catches a backlog
// across midnight / month end; the periods ahead leave room for a gateway clock running fast and
// for days the core is not restarted (the maintenance runs hourly anyway).

export interface PartitionSpec {
  parent: 'telemetry_receipts' | 'vitals_samples' | 'waveform_chunks';
  name: string;
  from: Date;
  to: Date;
}

const MONTHS_BACK = 1;
const MONTHS_AHEAD = 2;
const DAYS_BACK = 1;
const DAYS_AHEAD = 7;

export function planPartitions(now: Date): PartitionSpec[] {
  const specs: PartitionSpec[] = [];
  const y = now.getUTCFullYear();
  const mo = now.getUTCMonth();
  for (let i = -MONTHS_BACK; i <= MONTHS_AHEAD; i++) {
    const from = new Date(Date.UTC(y, mo + i, 1));
    const to = new Date(Date.UTC(y, mo + i + 1, 1));
    const suffix = `p${from.getUTCFullYear()}${pad(from.getUTCMonth() + 1)}`;
    specs.push({ parent: 'telemetry_receipts', name: `telemetry_receipts_${suffix}`, from, to });
    specs.push({ parent: 'vitals_samples', name: `vitals_samples_${suffix}`, from, to });
  }
  const d = now.getUTCDate();
  for (let i = -DAYS_BACK; i <= DAYS_AHEAD; i++) {
    const from = new Date(Date.UTC(y, mo, d + i));
    const to = new Date(Date.UTC(y, mo, d + i + 1));
    const suffix = `p${from.getUTCFullYear()}${pad(from.getUTCMonth() + 1)}${pad(from.getUTCDate())}`;
    specs.push({ parent: 'waveform_chunks', name: `waveform_chunks_${suffix}`, from, to });
  }
  return specs;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
