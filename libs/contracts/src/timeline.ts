import { z } from 'zod';

// Time nodes of the China Chest Pain Center data standard, the EMS chain, and stroke/trauma
// (shared/reference/clinical.md §3.2), and the incident's own status changes that have no such
// node. Each stamp says whether a machine or a person made it.
export const TIME_NODES = [
  'symptom_onset',
  'last_known_well',
  'call_received',
  'dispatch_order',
  'departure',
  'arrival_on_scene',
  'first_medical_contact',
  'first_ecg',
  'ecg_transmitted',
  'diagnosis',
  'leave_scene',
  'prenotice_sent',
  'prenotice_acknowledged',
  'arrival_at_hospital',
  'door_in',
  'door_out',
  'handover',
  'consent_start',
  'consent_signed',
  'ct_start',
  'needle',
  'puncture',
  'wire',
  // incident status changes: back to the queue (every offer declined or expired), closed, cancelled
  'returned_to_queue',
  'incident_closed',
  'incident_cancelled',
] as const;
export const TimeNodeSchema = z.enum(TIME_NODES);
export type TimeNode = z.infer<typeof TimeNodeSchema>;

/** Nodes stamped only by the incident's status change, never by hand (a correction may move them). */
export const INCIDENT_STATUS_NODES = ['returned_to_queue', 'incident_closed', 'incident_cancelled'] as const satisfies readonly TimeNode[];

export const StampSourceSchema = z.enum(['auto', 'manual']);
export type StampSource = z.infer<typeof StampSourceSchema>;
