import { z } from 'zod';
import { EntityIdSchema, IsoInstantSchema, LatitudeSchema, LongitudeSchema } from '../common';
import { VehicleStatusSchema } from '../fleet';

// socket.io, namespace `/live`, JWT in the handshake (`auth: { token }`). One schema per event.
export const LIVE_NAMESPACE = '/live';

export const VehicleMovedEventSchema = z.object({
  vehicleId: EntityIdSchema,
  lat: LatitudeSchema,
  lon: LongitudeSchema,
  speedMps: z.number().nullable(),
  headingDeg: z.number().nullable(),
  status: VehicleStatusSchema,
  measuredAt: IsoInstantSchema,
});
export type VehicleMovedEvent = z.infer<typeof VehicleMovedEventSchema>;

export const VehicleStatusChangedEventSchema = z.object({
  vehicleId: EntityIdSchema,
  from: VehicleStatusSchema,
  to: VehicleStatusSchema,
  changedAt: IsoInstantSchema,
});
export type VehicleStatusChangedEvent = z.infer<typeof VehicleStatusChangedEventSchema>;

export const AlertRaisedEventSchema = z.object({
  id: z.string(),
  kind: z.string(),
  severity: z.enum(['info', 'warning', 'critical']),
  message: z.string(),
  vehicleId: EntityIdSchema.nullable(),
  incidentId: z.string().nullable(),
  raisedAt: IsoInstantSchema,
});
export type AlertRaisedEvent = z.infer<typeof AlertRaisedEventSchema>;

/** Event name → payload schema. Later features add their events here. */
export const LIVE_EVENT_SCHEMAS = {
  'vehicle.moved': VehicleMovedEventSchema,
  'vehicle.status_changed': VehicleStatusChangedEventSchema,
  'alert.raised': AlertRaisedEventSchema,
} as const;
export type LiveEventName = keyof typeof LIVE_EVENT_SCHEMAS;
export type LiveEventPayload<E extends LiveEventName> = z.infer<(typeof LIVE_EVENT_SCHEMAS)[E]>;
