import { z } from 'zod';
import { EntityIdSchema, IsoInstantSchema, LatLonSchema } from '../common';
import { IncidentPrioritySchema, IncidentStatusSchema, VehicleStatusSchema, VehicleTypeSchema } from '../fleet';
import { StampSourceSchema, TimeNodeSchema } from '../timeline';

export const PATIENT_SEXES = ['male', 'female'] as const;
export const PatientSexSchema = z.enum(PATIENT_SEXES);
export type PatientSex = z.infer<typeof PatientSexSchema>;

/** What the caller says about the patient; age and sex prepare the crew before they arrive. */
export const CallPatientSchema = z.object({
  name: z.string().trim().min(1).max(50).optional(),
  sex: PatientSexSchema.optional(),
  ageYears: z.number().min(0).max(130).optional().describe('fractions for infants; the caller\'s estimate'),
});
export type CallPatient = z.infer<typeof CallPatientSchema>;

export const CreateIncidentRequestSchema = z.object({
  location: LatLonSchema,
  address: z.string().max(200).optional(),
  callerPhone: z.string().regex(/^[0-9+\-() ]{3,24}$/, 'digits, spaces, + - ( ) only').optional(),
  callerName: z.string().trim().min(1).max(50).optional(),
  patient: CallPatientSchema.optional(),
  complaint: z.string().min(1).max(200),
  priority: IncidentPrioritySchema,
  notes: z.string().max(2000).optional(),
  /** Capability the patient needs from the ambulance, when known at call time. */
  requiredVehicleType: VehicleTypeSchema.optional(),
});
export type CreateIncidentRequest = z.infer<typeof CreateIncidentRequestSchema>;

export const ChangeIncidentStatusRequestSchema = z.object({
  status: IncidentStatusSchema,
  reason: z.string().max(500).optional(),
});
export type ChangeIncidentStatusRequest = z.infer<typeof ChangeIncidentStatusRequestSchema>;

export const ASSIGNMENT_STATUSES = ['offered', 'accepted', 'declined', 'expired', 'cancelled', 'completed'] as const;
export const AssignmentStatusSchema = z.enum(ASSIGNMENT_STATUSES);
export type AssignmentStatus = z.infer<typeof AssignmentStatusSchema>;

export const AssignmentSchema = z.object({
  id: z.uuid(),
  incidentId: z.uuid(),
  vehicleId: EntityIdSchema,
  status: AssignmentStatusSchema,
  offeredAt: IsoInstantSchema,
  offerExpiresAt: IsoInstantSchema,
  respondedAt: IsoInstantSchema.nullable(),
  departedAt: IsoInstantSchema.nullable(),
  /** Departure target: 3 minutes after the order by default. */
  departureDeadlineAt: IsoInstantSchema,
  distanceM: z.number().nonnegative().nullable(),
  etaSec: z.number().nonnegative().nullable(),
});
export type Assignment = z.infer<typeof AssignmentSchema>;

export const IncidentSchema = z.object({
  id: z.uuid(),
  number: z.string().describe('human incident number, e.g. 20261122-0007'),
  status: IncidentStatusSchema,
  priority: IncidentPrioritySchema,
  complaint: z.string(),
  location: LatLonSchema,
  address: z.string().nullable(),
  // Identifiers: whole for the dispatch centre; masked for crews and ER clinicians, who need the
  // address, the complaint and the patient's age and sex, not who they are (138****5678, 王*).
  callerPhone: z.string().nullable().describe('masked (138****5678) for crew and ER clinicians'),
  callerName: z.string().nullable().describe('masked (王*) for crew and ER clinicians'),
  patient: z
    .object({
      name: z.string().nullable().describe('masked (王*) for crew and ER clinicians'),
      sex: PatientSexSchema.nullable(),
      ageYears: z.number().nullable(),
    })
    .nullable()
    .describe('null when the caller said nothing about the patient'),
  notes: z.string().nullable().describe('phone numbers in it masked for crew and ER clinicians'),
  requiredVehicleType: VehicleTypeSchema.nullable(),
  destinationHospitalId: EntityIdSchema.nullable(),
  createdAt: IsoInstantSchema,
  updatedAt: IsoInstantSchema,
  assignments: z.array(AssignmentSchema),
});
export type Incident = z.infer<typeof IncidentSchema>;
export const IncidentListSchema = z.array(IncidentSchema);

export const SetDestinationRequestSchema = z.object({ hospitalId: EntityIdSchema });
export type SetDestinationRequest = z.infer<typeof SetDestinationRequestSchema>;

export const InboundPatientSchema = z.object({
  incident: IncidentSchema,
  vehicleId: EntityIdSchema,
  callSign: z.string(),
  vehicleStatus: VehicleStatusSchema,
  distanceM: z.number().nonnegative().nullable(),
  etaSec: z.number().nonnegative().nullable(),
});
export type InboundPatient = z.infer<typeof InboundPatientSchema>;

export const TimelineStampSchema = z.object({
  id: z.uuid(),
  incidentId: z.uuid(),
  node: TimeNodeSchema,
  at: IsoInstantSchema,
  source: StampSourceSchema,
  sourceDetail: z.string(),
  recordedBy: z.string().nullable(),
  recordedAt: IsoInstantSchema,
  supersedes: z.uuid().nullable(),
  supersededBy: z.uuid().nullable(),
  note: z.string().nullable(),
});
export type TimelineStamp = z.infer<typeof TimelineStampSchema>;

export const CreateTimelineStampRequestSchema = z.object({
  node: TimeNodeSchema,
  at: IsoInstantSchema,
  note: z.string().max(500).optional(),
  /** Correct an earlier stamp: it stays, marked superseded by this one. */
  supersedes: z.uuid().optional(),
});
export type CreateTimelineStampRequest = z.infer<typeof CreateTimelineStampRequestSchema>;

export const CreateAssignmentRequestSchema = z.object({ vehicleId: EntityIdSchema });
export type CreateAssignmentRequest = z.infer<typeof CreateAssignmentRequestSchema>;

export const DeclineAssignmentRequestSchema = z.object({ reason: z.string().max(500).optional() });

export const RecommendationSchema = z.object({
  vehicleId: EntityIdSchema,
  callSign: z.string(),
  type: VehicleTypeSchema,
  status: VehicleStatusSchema,
  stationId: EntityIdSchema,
  distanceM: z.number().nonnegative().describe('road distance when routed, else great-circle'),
  etaSec: z.number().nonnegative(),
  /** The radius ring (km) the vehicle falls in; null beyond the last ring. */
  ring: z.number().positive().nullable(),
  reasons: z.array(z.string()),
  warnings: z.array(z.string()),
});
export type Recommendation = z.infer<typeof RecommendationSchema>;
/** A named area with its own radius rings (the county seat's town rings, say). */
export const RingAreaRefSchema = z.object({ id: z.string(), name: z.string(), nameEn: z.string().nullable() });
export type RingAreaRef = z.infer<typeof RingAreaRefSchema>;
export const RecommendationListSchema = z.object({
  incidentId: z.uuid(),
  /** Ascending; the last ring is the service radius where the call is. */
  ringsKm: z.array(z.number().positive()),
  area: RingAreaRefSchema.nullable().describe("the area whose rings apply (the first that contains the call); null: the default rings"),
  routing: z.string().describe('routing provider used for ETAs'),
  items: z.array(RecommendationSchema),
  warnings: z.array(z.string()),
});
export type RecommendationList = z.infer<typeof RecommendationListSchema>;

export const ChangeVehicleStatusRequestSchema = z.object({
  status: VehicleStatusSchema,
  reason: z.string().max(500).optional(),
});
export type ChangeVehicleStatusRequest = z.infer<typeof ChangeVehicleStatusRequestSchema>;

export const PlaceSchema = z.object({
  name: z.string(),
  nameEn: z.string(),
  kind: z.enum(['town', 'village', 'landmark', 'facility']),
  lat: z.number(),
  lon: z.number(),
});
export type Place = z.infer<typeof PlaceSchema>;
export const PlaceListSchema = z.array(PlaceSchema);
