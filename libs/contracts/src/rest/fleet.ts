import { z } from 'zod';
import { EntityIdSchema, IsoInstantSchema, LatitudeSchema, LongitudeSchema } from '../common';
import {
  CrewRoleSchema,
  FacilityCapabilitySchema,
  FacilityKindSchema,
  VehicleStatusSchema,
  VehicleTypeSchema,
} from '../fleet';
import { HospitalLiveStatusSchema } from './pathways';

export const VehiclePositionSchema = z.object({
  lat: LatitudeSchema,
  lon: LongitudeSchema,
  speedMps: z.number().nullable(),
  headingDeg: z.number().nullable(),
  measuredAt: IsoInstantSchema,
});
export type VehiclePosition = z.infer<typeof VehiclePositionSchema>;

/** One person on board for the shift. */
export const CrewMemberSchema = z.object({
  role: CrewRoleSchema,
  name: z.string(),
  /** Whole for the dispatch centre and the vehicle's own crew, masked (138****5678) for others. */
  phone: z.string().optional(),
});
export type CrewMember = z.infer<typeof CrewMemberSchema>;

export const VehicleSchema = z.object({
  id: EntityIdSchema,
  callSign: z.string(),
  plate: z.string(),
  type: VehicleTypeSchema,
  status: VehicleStatusSchema,
  stationId: EntityIdSchema,
  position: VehiclePositionSchema.nullable(),
  /** The current shift's crew in the order it was given; empty when nobody is rostered. */
  crew: z.array(CrewMemberSchema),
  /** When the crew was last set (shift change); null when never. */
  crewUpdatedAt: IsoInstantSchema.nullable(),
});
export type Vehicle = z.infer<typeof VehicleSchema>;
export const VehicleListSchema = z.array(VehicleSchema);

export const MAX_CREW_MEMBERS = 6;
export const CREW_NAME_MAX_CHARS = 50;

/** A person's name as typed on a tablet: trimmed, 1-50 characters, no control characters. */
export const CrewMemberNameSchema = z
  .string()
  .trim()
  .min(1, 'a name is required')
  .max(CREW_NAME_MAX_CHARS)
  .regex(/^[^\p{Cc}]+$/u, 'no control characters');

/** A phone number to reach the person on board: digits, spaces, + - ( ), at least 3 digits. */
export const CrewMemberPhoneSchema = z
  .string()
  .trim()
  .regex(/^[0-9+\-() ]{3,24}$/, 'digits, spaces, + - ( ) only, 3-24 characters')
  .regex(/(?:\d\D*){3}/, 'at least 3 digits');

export const CrewMemberInputSchema = z.object({
  role: CrewRoleSchema,
  name: CrewMemberNameSchema,
  phone: CrewMemberPhoneSchema.optional(),
});
export type CrewMemberInput = z.input<typeof CrewMemberInputSchema>;

/** `PUT /vehicles/{id}/crew`: the whole crew of the shift replaces the previous one; `[]` clears it. */
export const SetVehicleCrewRequestSchema = z.object({
  crew: z.array(CrewMemberInputSchema).max(MAX_CREW_MEMBERS),
});
export type SetVehicleCrewRequest = z.infer<typeof SetVehicleCrewRequestSchema>;

export const FacilitySchema = z.object({
  id: EntityIdSchema,
  name: z.string(),
  nameEn: z.string(),
  kind: FacilityKindSchema,
  address: z.string(),
  lat: LatitudeSchema,
  lon: LongitudeSchema,
  capabilities: z.array(FacilityCapabilitySchema),
  vehicleCount: z.number().int().nonnegative(),
  /** What the ER says now (cath lab busy, CT down, on diversion); null when never set. */
  liveStatus: HospitalLiveStatusSchema.nullable(),
});
export type Facility = z.infer<typeof FacilitySchema>;
export const FacilityListSchema = z.array(FacilitySchema);

/** Settings the console needs before login: map tiles and language. */
export const ConsoleConfigSchema = z.object({
  countyName: z.string(),
  countyNameEn: z.string(),
  centre: z.object({ lat: LatitudeSchema, lon: LongitudeSchema }),
  tileUrl: z.string().nullable(),
  tileCoordSystem: z.enum(['WGS84', 'GCJ02']),
  tileAttribution: z.string().nullable(),
  defaultLocale: z.enum(['zh-CN', 'en']),
  demo: z.boolean(),
});
export type ConsoleConfig = z.infer<typeof ConsoleConfigSchema>;
