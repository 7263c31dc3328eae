import { z } from 'zod';
import { BeFastInputSchema } from './be-fast';
import { CincinnatiInputSchema } from './cincinnati';
import { MaternalSignsSchema } from './critical-maternal';
import { NeonatalSignsSchema } from './critical-neonatal';
import { FastEdInputSchema } from './fast-ed';
import { FieldTriageInputSchema } from './field-triage';
import { GcsInputSchema } from './gcs';
import { LamsInputSchema } from './lams';
import { RaceInputSchema } from './race';
import {
  AcvpuSchema,
  DiastolicMmHgSchema,
  HeartRateBpmSchema,
  InstantSchema,
  RespRateBpmSchema,
  Spo2PctSchema,
  SystolicMmHgSchema,
  TemperatureCSchema,
} from './score-inputs';

// The crew's assessment as classifyPathway reads it: complaint, who the patient is, vitals, GCS,
// stroke scales, STEMI flag, times and trauma / maternal / neonatal findings. Everything but the
// assessment time and the complaint is optional; a missing finding never meets a criterion.

export const CHIEF_COMPLAINTS = [
  'chest_pain',
  'stroke_symptoms',
  'trauma',
  'obstetric',
  'newborn',
  'breathing_difficulty',
  'altered_consciousness',
  'cardiac_arrest',
  'other',
] as const;
export const ChiefComplaintSchema = z.enum(CHIEF_COMPLAINTS);
export type ChiefComplaint = z.infer<typeof ChiefComplaintSchema>;

export const PathwayVitalsSchema = z.object({
  heartRateBpm: HeartRateBpmSchema.optional(),
  respRateBpm: RespRateBpmSchema.optional(),
  systolicMmHg: SystolicMmHgSchema.optional(),
  diastolicMmHg: DiastolicMmHgSchema.optional(),
  spo2Pct: Spo2PctSchema.optional(),
  onOxygen: z.boolean().optional(),
  temperatureC: TemperatureCSchema.optional(),
  consciousness: AcvpuSchema.optional().describe('ACVPU'),
});

export const PathwayAssessmentSchema = z.object({
  assessedAt: InstantSchema,
  chiefComplaint: ChiefComplaintSchema,
  ageYears: z.number().min(0).max(130).optional(),
  sex: z.enum(['female', 'male', 'unknown']).optional(),
  pregnancyWeeks: z.number().min(0).max(45).optional(),
  postpartumDays: z.number().int().min(0).optional(),
  newborn: z.boolean().optional().describe('Within the neonatal period (28 days by default)'),
  vitals: PathwayVitalsSchema.optional(),
  gcs: GcsInputSchema.optional(),
  stroke: z
    .object({
      cincinnati: CincinnatiInputSchema.optional(),
      beFast: BeFastInputSchema.optional(),
      fastEd: FastEdInputSchema.optional(),
      race: RaceInputSchema.optional(),
      lams: LamsInputSchema.optional(),
    })
    .optional(),
  stemi: z
    .object({
      byCrew: z.boolean().optional().describe('The crew reads STEMI on the 12-lead ECG'),
      byRemotePhysician: z.boolean().optional().describe('A remote physician confirms STEMI on the transmitted ECG'),
    })
    .optional(),
  lastKnownWellAt: InstantSchema.optional(),
  symptomOnsetAt: InstantSchema.optional(),
  // Vitals, age, pregnancy and GCS come from the assessment itself, not repeated here.
  trauma: FieldTriageInputSchema.pick({ respiratoryDistressOrSupport: true, injury: true, mechanism: true, riskFactors: true }).optional(),
  maternal: MaternalSignsSchema.optional(),
  neonatal: NeonatalSignsSchema.optional(),
});
export type PathwayAssessment = z.input<typeof PathwayAssessmentSchema>;
