import { IsoInstantSchema, VITAL_SIGNS, type VitalCode } from '@feijiu/contracts';
import { z } from 'zod';

// Input fragments shared by the score schemas. Vitals are plain numbers (unrounded, as measured)
// limited to the plausible range of the contract's vital-sign table, so a device sentinel
// (e.g. 0xFFFF) never reaches a score.
const vital = (code: VitalCode, description: string) => {
  const d = VITAL_SIGNS[code];
  return z.number().min(d.min).max(d.max).describe(`${description} (${d.displayUnit})`);
};

export const HeartRateBpmSchema = vital('HR', 'Heart or pulse rate');
export const RespRateBpmSchema = vital('RR', 'Respiratory rate');
export const Spo2PctSchema = vital('SPO2', 'SpO2');
export const SystolicMmHgSchema = vital('NIBP_SYS', 'Systolic blood pressure');
export const DiastolicMmHgSchema = vital('NIBP_DIA', 'Diastolic blood pressure');
export const TemperatureCSchema = vital('TEMP', 'Temperature');
export const GcsTotalSchema = z.number().int().min(3).max(15).describe('Glasgow Coma Scale total (3-15)');
export const InstantSchema = IsoInstantSchema;

/** AVPU (MEWS) and ACVPU (NEWS2: C = new confusion). */
export const AvpuSchema = z.enum(['A', 'V', 'P', 'U']);
export type Avpu = z.infer<typeof AvpuSchema>;
export const AcvpuSchema = z.enum(['A', 'C', 'V', 'P', 'U']);
export type Acvpu = z.infer<typeof AcvpuSchema>;

/** An integer item score from min to max, e.g. a stroke-scale item. */
export const itemScore = (min: number, max: number, description: string) =>
  z.number().int().min(min).max(max).describe(`${description} (${min}-${max})`);

/**
 * Temperature is recorded to 0.1 °C and banded after rounding half up to 0.1 (clinical.md,
 * general conventions), so 38.05 °C is 38.1 °C. toPrecision strips the binary noise of ×10
 * (e.g. 36.05 × 10 = 360.49999…) before rounding.
 */
export function roundTemperatureC(temperatureC: number): number {
  return Math.round(Number.parseFloat((temperatureC * 10).toPrecision(12))) / 10;
}

/** Whole minutes between two instants, each truncated to its minute (time nodes are kept to the minute). */
export function minutesBetween(fromAt: string, toAt: string): number {
  const minuteOf = (at: string) => Math.floor(Date.parse(at) / 60_000);
  return minuteOf(toAt) - minuteOf(fromAt);
}
