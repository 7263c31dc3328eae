import { z } from 'zod';
import { EntityIdSchema, IsoInstantSchema, LatitudeSchema, LongitudeSchema } from '../common';
import {
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

export const VehicleSchema = z.object({
  id: EntityIdSchema,
  callSign: z.string(),
  plate: z.string(),
  type: VehicleTypeSchema,
  status: VehicleStatusSchema,
  stationId: EntityIdSchema,
  position: VehiclePositionSchema.nullable(),
});
export type Vehicle = z.infer<typeof VehicleSchema>;
export const VehicleListSchema = z.array(VehicleSchema);

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
