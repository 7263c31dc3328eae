import { z } from 'zod';
import { IsoInstantSchema } from '../common';
import { VitalCodeSchema, VitalSourceSchema } from '../vital-signs';

// late: received more than FEIJIU_TELEMETRY_LATE_SEC after it was measured (by the monitor's
// clock, corrected for that clock's offset); clock_skew: stamped by a monitor/gateway clock that
// the core finds more than FEIJIU_TELEMETRY_LATE_SEC away from its own (stored as stamped).
export const SAMPLE_FLAGS = ['late', 'demo', 'artifact', 'questionable', 'clock_skew'] as const;
export const SampleFlagSchema = z.enum(SAMPLE_FLAGS);
export type SampleFlag = z.infer<typeof SampleFlagSchema>;

export const VITALS_HISTORY_DEFAULT_LIMIT = 10_000;

/** One row of `GET /api/v1/vehicles/{id}/vitals?since=&until=`. */
export const VitalRowSchema = z.object({
  monitorId: z.string(),
  code: VitalCodeSchema,
  value: z.number(),
  unit: z.string(),
  measuredAt: IsoInstantSchema,
  receivedAt: IsoInstantSchema,
  flags: z.array(SampleFlagSchema),
  channel: z.string().optional().describe("the monitor's sub-id of the measurement (HL7 OBX-4), when the gateway sent one"),
  source: VitalSourceSchema.optional().describe('PR: the measurement the pulse was counted from, when known'),
});
export type VitalRow = z.infer<typeof VitalRowSchema>;
export const VitalRowListSchema = z.array(VitalRowSchema);

export const VitalsQuerySchema = z.object({
  since: IsoInstantSchema.optional().describe('measured at or after; default one hour before until, or before now'),
  until: IsoInstantSchema.optional().describe('measured at or before; default no bound (a monitor clock running ahead stamps samples in the future)'),
  code: VitalCodeSchema.optional(),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(50_000)
    .optional()
    .describe(`at most this many rows, the newest of the window (default ${VITALS_HISTORY_DEFAULT_LIMIT.toLocaleString('en')})`),
});

// Response headers of the vitals history: whether the limit left older rows of the window out,
// and (RFC 8288) the same query for them, `until` moved back past the rows returned.
export const VITALS_TRUNCATED_HEADER = 'X-Truncated';
export const VITALS_HISTORY_HEADERS = {
  [VITALS_TRUNCATED_HEADER]: {
    description: '`true` when older rows of the window were left out (the newest `limit` rows are returned, oldest first)',
    schema: { type: 'string', enum: ['true', 'false'] },
  },
  Link: {
    description: 'when truncated: `<…/vitals?…&until=…>; rel="next"`, the rows before these (each row on exactly one page)',
    schema: { type: 'string' },
  },
};

/** `GET /api/v1/vehicles/{id}/waveform?since=&until=`: chunks as `waveform.sampled` payloads. */
export const WaveformQuerySchema = z.object({
  since: IsoInstantSchema.optional(),
  until: IsoInstantSchema.optional(),
});

/** `GET /api/v1/vehicles/{id}/alarms?since=&until=`: stored monitor alarms as `monitor.alarm` payloads, oldest first. */
export const AlarmsQuerySchema = z.object({
  since: IsoInstantSchema.optional().describe('measured at or after; default six hours before until, or before now'),
  until: IsoInstantSchema.optional().describe('measured at or before; default no bound'),
  limit: z.coerce.number().int().min(1).max(10_000).optional().describe('default 2,000'),
});

/** `GET /api/v1/vehicles/{id}/telemetry-status`: the gateway's last `state` and the stream's liveness. */
export const TelemetryStatusSchema = z.object({
  vehicleId: z.string(),
  online: z.boolean().describe("the gateway's last `state`; without one, whether samples are arriving"),
  monitors: z.array(z.object({ id: z.string(), connected: z.boolean(), protocol: z.string() })),
  outboxDepth: z.number().int().nonnegative().nullable(),
  stateAt: IsoInstantSchema.nullable(),
  lastSampleAt: IsoInstantSchema.nullable().describe('measured time of the newest vitals/waveform sample seen since start'),
  stale: z.boolean().describe('the vehicle was streaming and went silent (or its gateway went offline)'),
});
export type TelemetryStatus = z.infer<typeof TelemetryStatusSchema>;
