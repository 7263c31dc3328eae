import { z } from 'zod';
import { IsoInstantSchema, LatitudeSchema, LongitudeSchema, SeqSchema } from '../common';
import { VitalCodeSchema } from '../vital-signs';

// One schema per topic (ARCHITECTURE.md, "The public contract"). `ts` is when the sample was
// measured on the gateway clock, not when it arrived.

export const GpsMessageSchema = z.object({
  seq: SeqSchema,
  ts: IsoInstantSchema,
  lat: LatitudeSchema,
  lon: LongitudeSchema,
  speedMps: z.number().min(0).max(100).optional(),
  headingDeg: z.number().min(0).lt(360).optional(),
  fix: z.enum(['none', 'gps', 'dgps', 'estimated']).optional(),
  hdop: z.number().min(0).max(99.9).optional(),
});
export type GpsMessage = z.infer<typeof GpsMessageSchema>;

export const MonitorIdSchema = z.string().min(1).max(64);

export const VitalObservationSchema = z.object({
  code: VitalCodeSchema,
  value: z.number().finite(),
  unit: z.string().min(1).max(32),
  ts: IsoInstantSchema.optional(),
  flags: z.array(z.enum(['demo', 'artifact', 'questionable'])).optional(),
});
export type VitalObservation = z.infer<typeof VitalObservationSchema>;

export const VitalsMessageSchema = z.object({
  seq: SeqSchema,
  ts: IsoInstantSchema,
  monitorId: MonitorIdSchema,
  obs: z.array(VitalObservationSchema).min(1).max(64),
});
export type VitalsMessage = z.infer<typeof VitalsMessageSchema>;

export const ECG_LEADS = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'] as const;
export const WaveformLeadSchema = z.enum([...ECG_LEADS, 'PLETH', 'CO2', 'RESP']);
export type WaveformLead = z.infer<typeof WaveformLeadSchema>;

export const WaveformMessageSchema = z.object({
  seq: SeqSchema,
  t0: IsoInstantSchema.describe('time of the first sample'),
  monitorId: MonitorIdSchema,
  hz: z.number().positive().max(2000),
  leads: z.array(WaveformLeadSchema).min(1).max(16),
  lsbUv: z.number().positive().describe('microvolts per count'),
  data: z.base64().describe('int16 little-endian samples, lead after lead'),
  flags: z.array(z.enum(['demo'])).optional(),
});
export type WaveformMessage = z.infer<typeof WaveformMessageSchema>;

export const GatewayStateMessageSchema = z.object({
  ts: IsoInstantSchema,
  online: z.boolean(),
  monitors: z.array(
    z.object({ id: MonitorIdSchema, connected: z.boolean(), protocol: z.enum(['hl7', 'intellivue', 'datex', 'sim']) }),
  ),
  outboxDepth: z.number().int().nonnegative(),
});
export type GatewayStateMessage = z.infer<typeof GatewayStateMessageSchema>;

export const GatewayCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('time_sync'), id: z.string(), serverTs: IsoInstantSchema }),
  z.object({ type: z.literal('config'), id: z.string(), settings: z.record(z.string(), z.unknown()) }),
  z.object({
    type: z.literal('bind_monitor'),
    id: z.string(),
    monitorId: MonitorIdSchema,
    incidentId: z.string().nullable(),
  }),
]);
export type GatewayCommand = z.infer<typeof GatewayCommandSchema>;

/** The schema that validates each vehicle topic's payload. */
export const MQTT_PAYLOAD_SCHEMAS = {
  gps: GpsMessageSchema,
  vitals: VitalsMessageSchema,
  waveform: WaveformMessageSchema,
  state: GatewayStateMessageSchema,
  cmd: GatewayCommandSchema,
} as const;
