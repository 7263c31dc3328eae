import { z } from 'zod';
import { EntityIdSchema, IsoInstantSchema } from '../common';

// Green channels (绿色通道): chest pain, stroke, trauma, critical maternal and neonatal patients.

export const PATHWAYS = ['chest_pain_stemi', 'chest_pain_acs', 'stroke', 'major_trauma', 'critical_maternal', 'critical_neonatal'] as const;
export const PathwaySchema = z.enum(PATHWAYS);
export type Pathway = z.infer<typeof PathwaySchema>;

export const HospitalLiveStatusSchema = z.object({
  hospitalId: EntityIdSchema,
  cathLabBusy: z.boolean(),
  ctDown: z.boolean(),
  onDiversion: z.boolean(),
  note: z.string().max(500).nullable(),
  updatedAt: IsoInstantSchema,
  updatedBy: z.string(),
});
export type HospitalLiveStatus = z.infer<typeof HospitalLiveStatusSchema>;

export const UpdateHospitalStatusRequestSchema = z.object({
  cathLabBusy: z.boolean(),
  ctDown: z.boolean(),
  onDiversion: z.boolean(),
  note: z.string().max(500).optional(),
});
export type UpdateHospitalStatusRequest = z.infer<typeof UpdateHospitalStatusRequestSchema>;

/** One stored crew (or remote physician) assessment with the pathways it classifies to. */
export const AssessmentRecordSchema = z.object({
  id: z.uuid(),
  incidentId: z.uuid(),
  recordedAt: IsoInstantSchema,
  recordedBy: z.string(),
  supersedes: z.uuid().nullable(),
  assessment: z.record(z.string(), z.unknown()),
  pathways: z.array(z.object({ pathway: PathwaySchema, reasons: z.array(z.string()), details: z.record(z.string(), z.unknown()).optional() })),
});
export type AssessmentRecord = z.infer<typeof AssessmentRecordSchema>;

export const DestinationOptionSchema = z.object({
  hospitalId: EntityIdSchema,
  name: z.string(),
  nameEn: z.string(),
  etaSec: z.number().nonnegative().nullable(),
  distanceM: z.number().nonnegative().nullable(),
  fit: z.enum(['full', 'partial', 'none']),
  recommended: z.boolean(),
  reasons: z.array(z.string()),
  warnings: z.array(z.string()),
});
export type DestinationOption = z.infer<typeof DestinationOptionSchema>;

export const DestinationListSchema = z.object({
  incidentId: z.uuid(),
  pathways: z.array(PathwaySchema),
  rule: z.string().describe('the routing rule applied, in words'),
  items: z.array(DestinationOptionSchema),
});
export type DestinationList = z.infer<typeof DestinationListSchema>;

export const TEAMS = ['cath_lab', 'stroke', 'trauma', 'obstetric', 'neonatal'] as const;
export const TeamSchema = z.enum(TEAMS);
export type Team = z.infer<typeof TeamSchema>;

export const PrenoticeSchema = z.object({
  id: z.uuid(),
  incidentId: z.uuid(),
  hospitalId: EntityIdSchema,
  pathways: z.array(PathwaySchema),
  sentAt: IsoInstantSchema,
  sentBy: z.string(),
  etaSec: z.number().nonnegative().nullable(),
  acknowledgedAt: IsoInstantSchema.nullable(),
  acknowledgedBy: z.string().nullable(),
  escalatedAt: IsoInstantSchema.nullable(),
  teamsActivated: z.array(TeamSchema),
  bypassEd: z.enum(['cath_lab', 'ct']).nullable(),
});
export type Prenotice = z.infer<typeof PrenoticeSchema>;

export const CreatePrenoticeRequestSchema = z.object({ hospitalId: EntityIdSchema });
export const AcknowledgePrenoticeRequestSchema = z.object({
  teamsActivated: z.array(TeamSchema).default([]),
  bypassEd: z.enum(['cath_lab', 'ct']).nullable().default(null),
});

export const CHECKLIST_ITEMS = ['ct_booked', 'cath_lab_ready', 'blood_ready', 'stroke_team_ready', 'trauma_team_ready', 'obstetrics_ready', 'nicu_ready'] as const;
export const ChecklistItemSchema = z.enum(CHECKLIST_ITEMS);
export type ChecklistItem = z.infer<typeof ChecklistItemSchema>;

/** Pre-admission (上车即入院): the destination's encounter for a patient still in the ambulance. */
export const EncounterSchema = z.object({
  id: z.uuid(),
  number: z.string(),
  incidentId: z.uuid(),
  hospitalId: EntityIdSchema,
  createdAt: IsoInstantSchema,
  checklist: z.array(
    z.object({ item: ChecklistItemSchema, done: z.boolean(), doneAt: IsoInstantSchema.nullable(), doneBy: z.string().nullable() }),
  ),
});
export type Encounter = z.infer<typeof EncounterSchema>;
export const UpdateChecklistRequestSchema = z.object({ done: z.boolean() });

export const QUALITY_PATHWAYS = ['chest_pain', 'stroke', 'trauma', 'ems'] as const;
export const QualityQuerySchema = z.object({
  pathway: z.enum(QUALITY_PATHWAYS),
  from: IsoInstantSchema,
  to: IsoInstantSchema,
  format: z.enum(['json', 'csv']).default('json'),
});

export const QualityMetricSchema = z.object({
  id: z.string(),
  label: z.string(),
  fromNode: z.string(),
  toNode: z.string(),
  targetMin: z.number(),
  n: z.number().int().nonnegative(),
  medianMin: z.number().nullable(),
  compliancePct: z.number().nullable(),
  missed: z.array(z.object({ incidentId: z.uuid(), number: z.string(), valueMin: z.number() })),
});
export const QualityReportSchema = z.object({
  pathway: z.enum(QUALITY_PATHWAYS),
  from: IsoInstantSchema,
  to: IsoInstantSchema,
  incidents: z.number().int().nonnegative(),
  metrics: z.array(QualityMetricSchema),
});
export type QualityReport = z.infer<typeof QualityReportSchema>;
