import { z } from 'zod';
import { EntityIdSchema, IsoInstantSchema, LatitudeSchema, LongitudeSchema } from '../common';
import { VehicleStatusSchema } from '../fleet';
import { AlarmPrioritySchema, AlarmStateSchema, MDC_CODE_MAX, WaveformLeadSchema } from '../mqtt/payloads';
import { CrewMemberSchema } from '../rest/fleet';
import { AssignmentSchema, IncidentSchema, TimelineStampSchema } from '../rest/incidents';
import { AssessmentRecordSchema, EncounterSchema, PrenoticeSchema } from '../rest/pathways';
import { SampleFlagSchema } from '../rest/telemetry';
import { StampSourceSchema } from '../timeline';
import { VitalCodeSchema, VitalSourceSchema } from '../vital-signs';

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
  incidentId: z.uuid().nullable(),
  source: StampSourceSchema,
});
export type VehicleStatusChangedEvent = z.infer<typeof VehicleStatusChangedEventSchema>;

/** A vehicle's shift crew was set; to the dispatch centre and the vehicle's own crew. */
export const VehicleCrewChangedEventSchema = z.object({
  vehicleId: EntityIdSchema,
  crew: z.array(CrewMemberSchema),
  crewUpdatedAt: IsoInstantSchema,
});
export type VehicleCrewChangedEvent = z.infer<typeof VehicleCrewChangedEventSchema>;

export const AlertRaisedEventSchema = z.object({
  id: z.string(),
  kind: z.enum(['offer_unanswered', 'departure_late', 'telemetry_stale', 'news2_rise', 'prenotice_unacknowledged', 'other']),
  severity: z.enum(['info', 'warning', 'critical']),
  message: z.string(),
  vehicleId: EntityIdSchema.nullable(),
  incidentId: z.string().nullable(),
  raisedAt: IsoInstantSchema,
  details: z.record(z.string(), z.unknown()).optional(),
});
export type AlertRaisedEvent = z.infer<typeof AlertRaisedEventSchema>;

export const IncidentUpdatedEventSchema = IncidentSchema;
export type IncidentUpdatedEvent = z.infer<typeof IncidentUpdatedEventSchema>;

export const AssignmentOfferedEventSchema = z.object({
  assignment: AssignmentSchema,
  incident: IncidentSchema,
});
export type AssignmentOfferedEvent = z.infer<typeof AssignmentOfferedEventSchema>;

export const AssignmentUpdatedEventSchema = AssignmentSchema;

export const VitalsSampledEventSchema = z.object({
  vehicleId: EntityIdSchema,
  incidentId: z.uuid().nullable(),
  monitorId: z.string(),
  seq: z.number().int().nonnegative(),
  receivedAt: IsoInstantSchema,
  flags: z.array(SampleFlagSchema),
  obs: z.array(
    z.object({
      code: VitalCodeSchema,
      value: z.number(),
      unit: z.string(),
      measuredAt: IsoInstantSchema,
      channel: z.string().optional().describe("the monitor's sub-id of the measurement (HL7 OBX-4)"),
      source: VitalSourceSchema.optional().describe('PR: the measurement the pulse was counted from'),
    }),
  ),
});
export type VitalsSampledEvent = z.infer<typeof VitalsSampledEventSchema>;

export const WaveformSampledEventSchema = z.object({
  vehicleId: EntityIdSchema,
  incidentId: z.uuid().nullable(),
  monitorId: z.string(),
  seq: z.number().int().nonnegative(),
  t0: IsoInstantSchema,
  hz: z.number().positive(),
  leads: z.array(WaveformLeadSchema),
  lsbUv: z.number().positive(),
  data: z.base64(),
  flags: z.array(SampleFlagSchema),
});
export type WaveformSampledEvent = z.infer<typeof WaveformSampledEventSchema>;

/**
 * A monitor alarm as the core stored it (`alarm` topic): to the rooms that get the vehicle's
 * vitals. Also the row of `GET /api/v1/vehicles/{id}/alarms`. `late`/`clock_skew` as for vitals.
 */
export const MonitorAlarmEventSchema = z.object({
  vehicleId: EntityIdSchema,
  incidentId: z.uuid().nullable(),
  monitorId: z.string(),
  seq: z.number().int().nonnegative(),
  measuredAt: IsoInstantSchema,
  receivedAt: IsoInstantSchema,
  code: z.number().int().min(0).max(MDC_CODE_MAX).nullable(),
  name: z.string(),
  text: z.string().nullable(),
  priority: AlarmPrioritySchema.nullable(),
  technical: z.boolean(),
  state: AlarmStateSchema,
  phase: z.string().nullable(),
  vital: z.object({ code: VitalCodeSchema, value: z.number().nullable(), unit: z.string().nullable() }).nullable(),
  flags: z.array(SampleFlagSchema),
});
export type MonitorAlarmEvent = z.infer<typeof MonitorAlarmEventSchema>;

export const TelemetryStaleEventSchema = z.object({
  vehicleId: EntityIdSchema,
  incidentId: z.uuid().nullable(),
  stale: z.boolean().describe('true when the stream went silent, false when it resumed'),
  lastSampleAt: IsoInstantSchema.nullable(),
  silentForSec: z.number().nonnegative(),
});
export type TelemetryStaleEvent = z.infer<typeof TelemetryStaleEventSchema>;

export const TimelineStampedEventSchema = TimelineStampSchema;
export type TimelineStampedEvent = z.infer<typeof TimelineStampedEventSchema>;

/** A pre-notice for a hospital's ER: the patient, the pathway, scores and ETA; must be acknowledged. */
export const PrenoticeSentEventSchema = z.object({
  prenotice: PrenoticeSchema,
  incident: IncidentSchema,
  assessment: AssessmentRecordSchema.nullable(),
  callSign: z.string().nullable(),
  vehicleId: EntityIdSchema.nullable(),
});
export type PrenoticeSentEvent = z.infer<typeof PrenoticeSentEventSchema>;

/** Event name → payload schema. */
export const LIVE_EVENT_SCHEMAS = {
  'vehicle.moved': VehicleMovedEventSchema,
  'vehicle.status_changed': VehicleStatusChangedEventSchema,
  'vehicle.crew_changed': VehicleCrewChangedEventSchema,
  'incident.updated': IncidentUpdatedEventSchema,
  'assignment.offered': AssignmentOfferedEventSchema,
  'assignment.updated': AssignmentUpdatedEventSchema,
  'alert.raised': AlertRaisedEventSchema,
  'vitals.sampled': VitalsSampledEventSchema,
  'waveform.sampled': WaveformSampledEventSchema,
  'monitor.alarm': MonitorAlarmEventSchema,
  'telemetry.stale': TelemetryStaleEventSchema,
  'timeline.stamped': TimelineStampedEventSchema,
  'prenotice.sent': PrenoticeSentEventSchema,
  'prenotice.updated': PrenoticeSchema,
  'encounter.updated': EncounterSchema,
  'assessment.recorded': AssessmentRecordSchema,
} as const;
export type LiveEventName = keyof typeof LIVE_EVENT_SCHEMAS;
export type LiveEventPayload<E extends LiveEventName> = z.infer<(typeof LIVE_EVENT_SCHEMAS)[E]>;
