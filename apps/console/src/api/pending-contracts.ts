import {
  AssignmentSchema,
  EntityIdSchema,
  IncidentSchema,
  IsoInstantSchema,
  LIVE_EVENT_SCHEMAS,
  TimelineStampedEventSchema,
} from '@feijiu/contracts';
import { z } from 'zod';

// Wire shapes the server already sends but libs/contracts does not name yet. Each is composed
// from contract schemas (never a second copy of a field list); delete an entry once contracts
// exports it and import that instead.

// TODO(contracts): Incident.destinationHospitalId. Optional here so that a server without it
// still parses; without this extension zod would strip the field from every incident.
export const ConsoleIncidentSchema = IncidentSchema.extend({
  destinationHospitalId: EntityIdSchema.nullable().optional(),
});
export type ConsoleIncident = z.infer<typeof ConsoleIncidentSchema>;

/** `GET /incidents/{id}/timeline` rows: the `timeline.stamped` event without its incidentId. */
export const TimelineEntrySchema = TimelineStampedEventSchema.omit({ incidentId: true });
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

/** TODO(contracts): one row of `GET /er/inbound`. */
export const ErInboundSchema = z.object({
  incident: ConsoleIncidentSchema,
  vehicleId: EntityIdSchema,
  callSign: z.string(),
  etaSec: z.number().nonnegative().nullable(),
  distanceM: z.number().nonnegative().nullable(),
});
export type ErInbound = z.infer<typeof ErInboundSchema>;

/** TODO(contracts): `GET /vehicles/{id}/telemetry-status`. Monitors are shown as a count only. */
export const TelemetryStatusSchema = z.object({
  online: z.boolean(),
  monitors: z.array(z.unknown()),
  outboxDepth: z.number().nullable().optional(),
  lastSampleAt: IsoInstantSchema.nullable(),
  stale: z.boolean(),
});
export type TelemetryStatus = z.infer<typeof TelemetryStatusSchema>;

/** The live event schemas with the incident extension above applied. */
export const CONSOLE_EVENT_SCHEMAS = {
  ...LIVE_EVENT_SCHEMAS,
  'incident.updated': ConsoleIncidentSchema,
  'assignment.offered': z.object({ assignment: AssignmentSchema, incident: ConsoleIncidentSchema }),
} as const;
