import { z } from 'zod';
import { IsoInstantSchema } from '../common';
import { VitalCodeSchema } from '../vital-signs';

export const SAMPLE_FLAGS = ['late', 'demo', 'artifact', 'questionable'] as const;
export const SampleFlagSchema = z.enum(SAMPLE_FLAGS);
export type SampleFlag = z.infer<typeof SampleFlagSchema>;

/** One row of `GET /api/v1/vehicles/{id}/vitals?since=&until=`. */
export const VitalRowSchema = z.object({
  monitorId: z.string(),
  code: VitalCodeSchema,
  value: z.number(),
  unit: z.string(),
  measuredAt: IsoInstantSchema,
  receivedAt: IsoInstantSchema,
  flags: z.array(SampleFlagSchema),
});
export type VitalRow = z.infer<typeof VitalRowSchema>;
export const VitalRowListSchema = z.array(VitalRowSchema);

export const VitalsQuerySchema = z.object({
  since: IsoInstantSchema.optional(),
  until: IsoInstantSchema.optional(),
  code: VitalCodeSchema.optional(),
  limit: z.coerce.number().int().min(1).max(50_000).optional(),
});
