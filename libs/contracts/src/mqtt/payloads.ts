import { z } from 'zod';
import { IsoInstantSchema, LatitudeSchema, LongitudeSchema, SeqSchema } from '../common';
import { VitalCodeSchema, VitalSourceSchema } from '../vital-signs';

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

// HL7 OBX-4 (the IEEE 11073 containment path mds.vmd.channel.metric, e.g. 1.3.2.150456): tells
// apart the same sign measured twice by one monitor (Comen's two SpO2 probes). Printable ASCII.
export const VitalChannelSchema = z.string().regex(/^[\x21-\x7e]{1,64}$/);

export const VitalObservationSchema = z.object({
  code: VitalCodeSchema,
  value: z.number().finite(),
  unit: z.string().min(1).max(32),
  ts: IsoInstantSchema.optional(),
  flags: z.array(z.enum(['demo', 'artifact', 'questionable'])).optional(),
  // optional: gateways from before the channel stay valid
  channel: VitalChannelSchema.optional().describe("the monitor's sub-id of the measurement (HL7 OBX-4)"),
  source: VitalSourceSchema.optional().describe('PR: the measurement the pulse was counted from, when the monitor says'),
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

// A patient monitor's alarm (IHE PCD-04 ACM, ORU^R40): one message per change of an alarm
// condition (it starts, is updated, ends). Priority as IEC 60601-1-8 and PCD-04 send it
// (PH high, PM medium, PL low, PN none); state as MDC_ATTR_ALARM_STATE (latched: the condition
// is over but the monitor holds the alarm until someone acknowledges it).
export const ALARM_PRIORITIES = ['high', 'medium', 'low', 'none'] as const;
export const AlarmPrioritySchema = z.enum(ALARM_PRIORITIES);
export type AlarmPriority = z.infer<typeof AlarmPrioritySchema>;
export const ALARM_STATES = ['active', 'latched', 'inactive'] as const;
export const AlarmStateSchema = z.enum(ALARM_STATES);
export type AlarmState = z.infer<typeof AlarmStateSchema>;
export const MDC_CODE_MAX = 4_294_967_295;

export const AlarmMessageSchema = z.object({
  seq: SeqSchema,
  ts: IsoInstantSchema.describe('when the monitor reported this state of the alarm'),
  monitorId: MonitorIdSchema,
  code: z.number().int().min(0).max(MDC_CODE_MAX).optional().describe('MDC event code, e.g. 196680 MDC_EVT_LEAD_OFF'),
  name: z.string().min(1).max(128).describe("MDC reference id (MDC_EVT_HI) or the device's own label"),
  text: z.string().min(1).max(256).optional().describe("the device's alarm text, as on its screen"),
  priority: AlarmPrioritySchema.optional().describe('absent: the device gave none'),
  technical: z.boolean().describe("about the equipment (lead off, sensor off), not the patient's condition"),
  state: AlarmStateSchema,
  phase: z.string().min(1).max(32).optional().describe('PCD-04 event phase as sent: start, continue, update, end, …'),
  vital: z
    .object({ code: VitalCodeSchema, value: z.number().finite().optional(), unit: z.string().min(1).max(32).optional() })
    .optional()
    .describe('the vital sign the alarm is about, with its value when the device sent one'),
  flags: z.array(z.enum(['demo'])).optional(),
});
export type AlarmMessage = z.infer<typeof AlarmMessageSchema>;

export const GatewayStateMessageSchema = z.object({
  ts: IsoInstantSchema,
  online: z.boolean(),
  monitors: z.array(
    z.object({ id: MonitorIdSchema, connected: z.boolean(), protocol: z.enum(['hl7', 'intellivue', 'datex', 'sim']) }),
  ),
  outboxDepth: z.number().int().nonnegative(),
  deadLetters: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe("records the broker refused for good (MQTT 5 PUBACK 0x95, 0x99), kept in the gateway's dead-letter files for someone to look at"),
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
  alarm: AlarmMessageSchema,
  state: GatewayStateMessageSchema,
  cmd: GatewayCommandSchema,
} as const;
