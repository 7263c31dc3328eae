import type { VitalCode, VitalsSampledEvent } from '@feijiu/contracts';
import type { VitalField } from './assessment-items';

// The latest monitor readings the tablet has seen for its own vehicle, to prefill the
// assessment's vitals with one tap. Only fresh readings are offered; demo data says so.

const FIELD_OF_CODE: Partial<Record<VitalCode, VitalField>> = {
  HR: 'heartRateBpm',
  NIBP_SYS: 'systolicMmHg',
  NIBP_DIA: 'diastolicMmHg',
  RR: 'respRateBpm',
  SPO2: 'spo2Pct',
  TEMP: 'temperatureC',
};

export interface MonitorReading {
  value: number;
  measuredAtMs: number;
  demo: boolean;
}
export type MonitorVitals = Partial<Record<VitalField, MonitorReading>>;

/** Readings older than this are not offered for the assessment. */
export const MONITOR_FRESH_MS = 10 * 60_000;

export function noteMonitorVitals(current: MonitorVitals, event: VitalsSampledEvent): MonitorVitals {
  const next: MonitorVitals = { ...current };
  const demo = event.flags.includes('demo');
  for (const obs of event.obs) {
    const field = FIELD_OF_CODE[obs.code];
    const measuredAtMs = Date.parse(obs.measuredAt);
    if (!field || !Number.isFinite(obs.value) || Number.isNaN(measuredAtMs)) continue;
    const known = next[field];
    if (!known || known.measuredAtMs <= measuredAtMs) next[field] = { value: obs.value, measuredAtMs, demo };
  }
  return next;
}

/** The fresh readings, rounded as the form shows them (temperature to 0.1 °C, the rest whole). */
export function freshMonitorValues(monitor: MonitorVitals, nowMs: number): Partial<Record<VitalField, number>> {
  const out: Partial<Record<VitalField, number>> = {};
  for (const [field, reading] of Object.entries(monitor) as Array<[VitalField, MonitorReading]>) {
    if (nowMs - reading.measuredAtMs > MONITOR_FRESH_MS) continue;
    out[field] = field === 'temperatureC' ? Math.round(reading.value * 10) / 10 : Math.round(reading.value);
  }
  return out;
}

export function isDemoMonitor(monitor: MonitorVitals): boolean {
  return Object.values(monitor).some((r) => r.demo);
}
