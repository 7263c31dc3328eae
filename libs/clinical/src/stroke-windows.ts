import { z } from 'zod';
import { DEFAULT_CLINICAL_SETTINGS, type ClinicalSettings } from './settings';
import type { ScoreResult } from './score-result';
import { InstantSchema, minutesBetween } from './score-inputs';

// Reperfusion windows from last known well (clinical.md §2.6) [V]: IV thrombolysis ≤ 4.5 h,
// thrombectomy ≤ 6 h, and 6-24 h with imaging selection (DAWN). Every limit is a setting and
// inclusive ("within 4.5 h": exactly 4 h 30 min is still open). Instants are taken to the minute,
// as time nodes are recorded, so an interval across midnight or a date line is plain arithmetic.

export const StrokeWindowsInputSchema = z
  .object({
    lastKnownWellAt: InstantSchema.describe('Last known well (a witnessed onset is the last known well)'),
    now: InstantSchema,
  })
  .refine((v) => minutesBetween(v.lastKnownWellAt, v.now) >= 0, {
    message: 'lastKnownWellAt must not be after now',
    path: ['lastKnownWellAt'],
  });
export type StrokeWindowsInput = z.input<typeof StrokeWindowsInputSchema>;

export const STROKE_WINDOWS = ['thrombolysis', 'thrombectomy', 'thrombectomy_extended'] as const;
export type StrokeWindow = (typeof STROKE_WINDOWS)[number];
/** The most useful window still open, or beyond all of them. */
export type StrokeWindowPhase = StrokeWindow | 'beyond';

export interface StrokeWindowState {
  limitMin: number;
  isOpen: boolean;
  /** Minutes until the window closes (0 in its last minute); null once closed. */
  minutesLeft: number | null;
}
export interface StrokeWindowsStatus {
  minutesSinceLastKnownWell: number;
  phase: StrokeWindowPhase;
  windows: Record<StrokeWindow, StrokeWindowState>;
}

export type StrokeWindowsPart =
  | 'minutesSinceLastKnownWell'
  | 'thrombolysisMinutesLeft'
  | 'thrombectomyMinutesLeft'
  | 'thrombectomyExtendedMinutesLeft';
export type StrokeWindowsResult = ScoreResult<'stroke_windows', StrokeWindowPhase, StrokeWindowsPart, number | null>;

export function windowLimitMin(window: StrokeWindow, settings: ClinicalSettings): number {
  switch (window) {
    case 'thrombolysis':
      return settings.thrombolysisWindowMin;
    case 'thrombectomy':
      return settings.thrombectomyWindowMin;
    case 'thrombectomy_extended':
      return settings.extendedThrombectomyWindowMin;
  }
}

/** Windows open at `minutesSinceLastKnownWell` (whole minutes, ≥ 0). */
export function evaluateStrokeWindows(
  minutesSinceLastKnownWell: number,
  settings: ClinicalSettings = DEFAULT_CLINICAL_SETTINGS,
): StrokeWindowsStatus {
  const state = (window: StrokeWindow): StrokeWindowState => {
    const limitMin = windowLimitMin(window, settings);
    const isOpen = minutesSinceLastKnownWell <= limitMin;
    return { limitMin, isOpen, minutesLeft: isOpen ? limitMin - minutesSinceLastKnownWell : null };
  };
  const windows = {
    thrombolysis: state('thrombolysis'),
    thrombectomy: state('thrombectomy'),
    thrombectomy_extended: state('thrombectomy_extended'),
  };
  const phase = STROKE_WINDOWS.find((w) => windows[w].isOpen) ?? 'beyond';
  return { minutesSinceLastKnownWell, phase, windows };
}

export function computeStrokeWindows(input: StrokeWindowsInput, settings: ClinicalSettings = DEFAULT_CLINICAL_SETTINGS): StrokeWindowsStatus {
  return evaluateStrokeWindows(minutesBetween(input.lastKnownWellAt, input.now), settings);
}

const hours = (min: number) => `${Number((min / 60).toFixed(2))} h`;

export function describeStrokeWindows(status: StrokeWindowsStatus): string {
  const { windows } = status;
  switch (status.phase) {
    case 'thrombolysis':
      return `Within the thrombolysis window (${hours(windows.thrombolysis.limitMin)}): ${windows.thrombolysis.minutesLeft} min left.`;
    case 'thrombectomy':
      return `Thrombolysis window closed; within the thrombectomy window (${hours(windows.thrombectomy.limitMin)}): ${windows.thrombectomy.minutesLeft} min left.`;
    case 'thrombectomy_extended':
      return `Beyond ${hours(windows.thrombectomy.limitMin)}: thrombectomy only with imaging selection, ${windows.thrombectomy_extended.minutesLeft} min left of ${hours(windows.thrombectomy_extended.limitMin)}.`;
    case 'beyond':
      return `More than ${hours(windows.thrombectomy_extended.limitMin)} since last known well: outside the reperfusion windows.`;
  }
}

export function calculateStrokeWindows(input: StrokeWindowsInput, settings: ClinicalSettings = DEFAULT_CLINICAL_SETTINGS): StrokeWindowsResult {
  const status = computeStrokeWindows(input, settings);
  const { windows } = status;
  return {
    kind: 'stroke_windows',
    score: status.minutesSinceLastKnownWell,
    category: status.phase,
    parts: {
      minutesSinceLastKnownWell: status.minutesSinceLastKnownWell,
      thrombolysisMinutesLeft: windows.thrombolysis.minutesLeft,
      thrombectomyMinutesLeft: windows.thrombectomy.minutesLeft,
      thrombectomyExtendedMinutesLeft: windows.thrombectomy_extended.minutesLeft,
    },
    flags: STROKE_WINDOWS.filter((w) => windows[w].isOpen).map((w) => `${w}_open`),
    advice: describeStrokeWindows(status),
  };
}

export interface StrokeDestinationInput {
  isLvoLikely: boolean;
  /** null when last known well is unknown. */
  minutesSinceLastKnownWell: number | null;
  /** Drive to the nearest centre that gives IV thrombolysis. */
  minutesToNearestStrokeCentre: number;
  /** Drive to the nearest thrombectomy-capable centre. */
  minutesToThrombectomyCentre: number;
}
export interface StrokeDestinationDecision {
  destination: 'thrombectomy_centre' | 'nearest_stroke_centre';
  extraMinutes: number;
  reasons: string[];
}

/**
 * Mission: Lifeline 2017 (Mocco, JNIS 2017) [V]: LVO screen positive and within the direct-routing
 * limit from last known well ⇒ go straight to a thrombectomy centre if that adds no more than the
 * allowed extra minutes and does not push arrival past the thrombolysis window.
 */
export function chooseStrokeDestination(
  input: StrokeDestinationInput,
  settings: ClinicalSettings = DEFAULT_CLINICAL_SETTINGS,
): StrokeDestinationDecision {
  const extraMinutes = Math.max(0, input.minutesToThrombectomyCentre - input.minutesToNearestStrokeCentre);
  const nearest = (reason: string): StrokeDestinationDecision => ({ destination: 'nearest_stroke_centre', extraMinutes, reasons: [reason] });
  const elapsed = input.minutesSinceLastKnownWell;
  if (!input.isLvoLikely) return nearest('No large-vessel occlusion suspected: nearest stroke centre.');
  if (elapsed === null) return nearest('Last known well unknown: nearest stroke centre.');
  const limit = settings.strokeDirectEvtMaxSinceLastKnownWellMin;
  if (elapsed > limit) return nearest(`More than ${hours(limit)} since last known well: nearest stroke centre.`);
  if (extraMinutes > settings.strokeRoutingExtraTimeMin) {
    return nearest(`Thrombectomy centre adds ${extraMinutes} min, more than ${settings.strokeRoutingExtraTimeMin} min allowed.`);
  }
  const lysisLimit = settings.thrombolysisWindowMin;
  const isLysisPossibleNearby = elapsed + input.minutesToNearestStrokeCentre <= lysisLimit;
  if (isLysisPossibleNearby && elapsed + input.minutesToThrombectomyCentre > lysisLimit) {
    return nearest('Going direct would arrive after the thrombolysis window: nearest stroke centre.');
  }
  return {
    destination: 'thrombectomy_centre',
    extraMinutes,
    reasons: [`Large-vessel occlusion likely and within ${hours(limit)}: direct to a thrombectomy centre (adds ${extraMinutes} min).`],
  };
}
