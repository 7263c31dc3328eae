import { z } from 'zod';

export const VEHICLE_TYPES = ['ALS', 'BLS', 'neonatal', 'negative_pressure'] as const;
export const VehicleTypeSchema = z.enum(VEHICLE_TYPES);
export type VehicleType = z.infer<typeof VehicleTypeSchema>;

// Who is on board for the shift, by what they do there (a township BLS runs a paramedic and a
// driver; an ALS, neonatal or negative-pressure ambulance a doctor, a nurse and a driver).
export const CREW_ROLES = ['doctor', 'nurse', 'paramedic', 'driver'] as const;
export const CrewRoleSchema = z.enum(CREW_ROLES);
export type CrewRole = z.infer<typeof CrewRoleSchema>;

export const VEHICLE_STATUSES = [
  'available',
  'dispatched',
  'en_route',
  'on_scene',
  'transporting',
  'at_hospital',
  'returning',
  'out_of_service',
] as const;
export const VehicleStatusSchema = z.enum(VEHICLE_STATUSES);
export type VehicleStatus = z.infer<typeof VehicleStatusSchema>;

/**
 * The vehicle status machine (dispatch-core enforces it; the crew tablet offers only these).
 * `dispatched` is entered only through an assignment, never from a button.
 */
export const VEHICLE_STATUS_TRANSITIONS: Readonly<Record<VehicleStatus, readonly VehicleStatus[]>> = {
  available: ['dispatched', 'out_of_service'],
  dispatched: ['en_route', 'available'],
  en_route: ['on_scene', 'available'],
  on_scene: ['transporting', 'available'],
  transporting: ['at_hospital'],
  at_hospital: ['returning', 'available'],
  returning: ['available', 'dispatched', 'out_of_service'],
  out_of_service: ['available'],
};

export const FACILITY_KINDS = ['command_centre', 'hospital', 'township_centre'] as const;
export const FacilityKindSchema = z.enum(FACILITY_KINDS);
export type FacilityKind = z.infer<typeof FacilityKindSchema>;

// What a destination can do for a patient (green channels); live status is separate.
export const FACILITY_CAPABILITIES = [
  'pci_24_7',
  'cath_lab',
  'thrombolysis',
  'thrombectomy',
  'ct',
  'stroke_centre',
  'chest_pain_centre',
  'trauma_centre',
  'obstetrics',
  'nicu',
  'tcm',
  'emergency_department',
] as const;
export const FacilityCapabilitySchema = z.enum(FACILITY_CAPABILITIES);
export type FacilityCapability = z.infer<typeof FacilityCapabilitySchema>;

export const INCIDENT_STATUSES = [
  'new',
  'dispatched',
  'on_scene',
  'transporting',
  'at_hospital',
  'closed',
  'cancelled',
] as const;
export const IncidentStatusSchema = z.enum(INCIDENT_STATUSES);
export type IncidentStatus = z.infer<typeof IncidentStatusSchema>;

export const INCIDENT_PRIORITIES = ['critical', 'urgent', 'non_urgent'] as const;
export const IncidentPrioritySchema = z.enum(INCIDENT_PRIORITIES);
export type IncidentPriority = z.infer<typeof IncidentPrioritySchema>;
