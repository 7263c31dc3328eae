import { describe, expect, it } from 'vitest';
import { resolveClinicalSettings } from './settings';
import { calculateStrokeWindows, chooseStrokeDestination, StrokeWindowsInputSchema } from './stroke-windows';

// Sources: clinical.md §2.6 — IVT ≤ 4.5 h (AHA/ASA 2018/2019, ECASS-III, Chinese guideline) [V];
// EVT ≤ 6 h (AHA/ASA 2018) [V]; 6–24 h with imaging (DAWN; DEFUSE 3 16 h) [V]; boundaries
// inclusive as the section suggests; intervals to the minute and across midnight (§General conventions).
const LKW = '2024-05-01T08:00:00+08:00';
const at = (hhmm: string, day = '01') => `2024-05-${day}T${hhmm}:00+08:00`;

describe(calculateStrokeWindows.name, () => {
  const sut = calculateStrokeWindows;

  it.each([
    { now: at('08:00'), minutes: 0, phase: 'thrombolysis', lysisLeft: 270, evtLeft: 360, lateLeft: 1440 },
    { now: at('12:30'), minutes: 270, phase: 'thrombolysis', lysisLeft: 0, evtLeft: 90, lateLeft: 1170 }, // exactly 4.5 h is open
    { now: at('12:31'), minutes: 271, phase: 'thrombectomy', lysisLeft: null, evtLeft: 89, lateLeft: 1169 },
    { now: at('14:00'), minutes: 360, phase: 'thrombectomy', lysisLeft: null, evtLeft: 0, lateLeft: 1080 }, // exactly 6 h is open
    { now: at('14:01'), minutes: 361, phase: 'thrombectomy_extended', lysisLeft: null, evtLeft: null, lateLeft: 1079 },
    { now: at('08:00', '02'), minutes: 1440, phase: 'thrombectomy_extended', lysisLeft: null, evtLeft: null, lateLeft: 0 }, // exactly 24 h
    { now: at('08:01', '02'), minutes: 1441, phase: 'beyond', lysisLeft: null, evtLeft: null, lateLeft: null },
  ])('should say $phase with $lysisLeft min of lysis left when $minutes min after last known well', ({ now, minutes, phase, lysisLeft, evtLeft, lateLeft }) => {
    const result = sut({ lastKnownWellAt: LKW, now });
    expect(result).toMatchObject({ kind: 'stroke_windows', score: minutes, category: phase });
    expect(result.parts).toEqual({
      minutesSinceLastKnownWell: minutes,
      thrombolysisMinutesLeft: lysisLeft,
      thrombectomyMinutesLeft: evtLeft,
      thrombectomyExtendedMinutesLeft: lateLeft,
    });
  });

  it('should list every open window when still within 4.5 h', () => {
    expect(sut({ lastKnownWellAt: LKW, now: at('09:00') }).flags).toEqual(['thrombolysis_open', 'thrombectomy_open', 'thrombectomy_extended_open']);
  });

  it.each([
    { name: 'across midnight', lastKnownWellAt: at('23:10'), now: at('02:40', '02'), minutes: 210 },
    { name: 'across midnight in UTC and +08:00', lastKnownWellAt: '2024-05-01T23:50:00+08:00', now: '2024-05-01T16:20:00Z', minutes: 30 },
    { name: 'with seconds on both stamps', lastKnownWellAt: '2024-05-01T08:00:59+08:00', now: '2024-05-01T12:30:10+08:00', minutes: 270 },
  ])('should count $minutes min when $name', ({ lastKnownWellAt, now, minutes }) => {
    expect(sut({ lastKnownWellAt, now }).score).toBe(minutes);
  });

  it.each([
    // §2.6 test recommendation: LKW cut-offs are settings
    { settings: { thrombolysisWindowMin: 240 }, now: at('12:01'), phase: 'thrombectomy' },
    { settings: { extendedThrombectomyWindowMin: 960 }, now: at('00:00', '02'), phase: 'thrombectomy_extended' }, // 16 h, DEFUSE 3
    { settings: { extendedThrombectomyWindowMin: 960 }, now: at('00:01', '02'), phase: 'beyond' },
  ])('should say $phase when the windows are $settings', ({ settings, now, phase }) => {
    expect(sut({ lastKnownWellAt: LKW, now }, resolveClinicalSettings(settings)).category).toBe(phase);
  });

  it('should reject the input when last known well is after now', () => {
    expect(StrokeWindowsInputSchema.safeParse({ lastKnownWellAt: at('09:00'), now: at('08:59') }).success).toBe(false);
  });
});

describe(chooseStrokeDestination.name, () => {
  // §2.6 [V]: Mission: Lifeline 2017 (Mocco, JNIS 2017): LVO and LKW < 6 h → direct to an EVT
  // centre if it adds ≤ 15 min and does not preclude IVT; 30 min (Venema 2020) [V] and the 2020
  // 24 h extension [U] are settings.
  const sut = chooseStrokeDestination;
  const base = { isLvoLikely: true, minutesSinceLastKnownWell: 60, minutesToNearestStrokeCentre: 20, minutesToThrombectomyCentre: 35 };

  it.each([
    { name: 'no LVO', patch: { isLvoLikely: false }, settings: {}, destination: 'nearest_stroke_centre' },
    { name: 'LVO, 15 extra minutes', patch: {}, settings: {}, destination: 'thrombectomy_centre' },
    { name: 'LVO, 16 extra minutes', patch: { minutesToThrombectomyCentre: 36 }, settings: {}, destination: 'nearest_stroke_centre' },
    { name: 'LVO, 16 extra minutes, 30 allowed', patch: { minutesToThrombectomyCentre: 36 }, settings: { strokeRoutingExtraTimeMin: 30 }, destination: 'thrombectomy_centre' },
    { name: 'LVO at exactly 6 h', patch: { minutesSinceLastKnownWell: 360 }, settings: {}, destination: 'thrombectomy_centre' },
    { name: 'LVO at 6 h 1 min', patch: { minutesSinceLastKnownWell: 361 }, settings: {}, destination: 'nearest_stroke_centre' },
    { name: 'LVO at 6 h 1 min, 24 h routing [U]', patch: { minutesSinceLastKnownWell: 361 }, settings: { strokeDirectEvtMaxSinceLastKnownWellMin: 1440 }, destination: 'thrombectomy_centre' },
    { name: 'LVO, last known well unknown', patch: { minutesSinceLastKnownWell: null }, settings: {}, destination: 'nearest_stroke_centre' },
    { name: 'LVO, direct would miss lysis', patch: { minutesSinceLastKnownWell: 240 }, settings: {}, destination: 'nearest_stroke_centre' },
    { name: 'LVO, lysis missed either way', patch: { minutesSinceLastKnownWell: 255 }, settings: {}, destination: 'thrombectomy_centre' },
  ])('should choose $destination when $name', ({ patch, settings, destination }) => {
    const decision = sut({ ...base, ...patch }, resolveClinicalSettings(settings));
    expect(decision.destination).toBe(destination);
    expect(decision.reasons).toHaveLength(1);
  });
});
