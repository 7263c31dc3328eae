import { z } from 'zod';
import { LatLonSchema } from '../common';
import { IncidentPrioritySchema } from '../fleet';

export const CreateIncidentRequestSchema = z.object({
  location: LatLonSchema,
  address: z.string().max(200).optional(),
  callerPhone: z.string().regex(/^[0-9+\-() ]{3,24}$/).optional(),
  complaint: z.string().min(1).max(200),
  priority: IncidentPrioritySchema,
  notes: z.string().max(2000).optional(),
});
export type CreateIncidentRequest = z.infer<typeof CreateIncidentRequestSchema>;
