import type { AssessmentRecord, Encounter } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { applyRecord, canConfirmStemi, encountersByIncident, latestRecord } from './pathway-records';

const record = (id: string, incidentId: string, recordedAt: string) => ({ id, incidentId, recordedAt }) as AssessmentRecord;

describe(applyRecord.name, () => {
  it('should keep the newer record when an older one arrives late', () => {
    const start = applyRecord(new Map(), record('r2', 'i1', '2026-03-01T08:05:00.000Z'));
    expect(applyRecord(start, record('r1', 'i1', '2026-03-01T08:00:00.000Z')).get('i1')?.id).toBe('r2');
    expect(applyRecord(start, record('r3', 'i1', '2026-03-01T08:06:00.000Z')).get('i1')?.id).toBe('r3');
  });
});

describe(latestRecord.name, () => {
  it('should pick the newest record whatever the order', () => {
    const list = [record('b', 'i1', '2026-03-01T08:05:00.000Z'), record('a', 'i1', '2026-03-01T08:00:00.000Z')];
    expect(latestRecord(list)?.id).toBe('b');
    expect(latestRecord([])).toBeNull();
  });
});

describe(encountersByIncident.name, () => {
  it('should keep only this hospital’s encounters', () => {
    const encounter = (id: string, hospitalId: string) => ({ id, hospitalId, incidentId: `inc-${id}` }) as Encounter;
    expect([...encountersByIncident([encounter('1', 'lead'), encounter('2', 'tcm')], 'lead').keys()]).toEqual(['inc-1']);
  });
});

describe(canConfirmStemi.name, () => {
  const withPathways = (pathways: AssessmentRecord['pathways'], chiefComplaint = 'other') =>
    ({ pathways, assessment: { assessedAt: '2026-03-01T08:00:00.000Z', chiefComplaint } }) as unknown as AssessmentRecord;

  it('should offer it before any assessment and on a chest-pain pathway', () => {
    expect(canConfirmStemi(null)).toBe(true);
    expect(canConfirmStemi(withPathways([{ pathway: 'chest_pain_acs', reasons: [] }]))).toBe(true);
  });

  it('should offer it for a cardiac complaint without a pathway', () => {
    expect(canConfirmStemi(withPathways([], 'breathing_difficulty'))).toBe(true);
  });

  it('should not clutter a stroke patient’s card with it', () => {
    expect(canConfirmStemi(withPathways([{ pathway: 'stroke', reasons: [] }], 'stroke_symptoms'))).toBe(false);
  });
});
