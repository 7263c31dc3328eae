import type { AlertRaisedEvent, AssessmentRecord, Incident, Prenotice, PrenoticeSentEvent } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import {
  applyAssessment,
  applyEscalation,
  applyPrenoticeUpdate,
  bannerStateOf,
  displayActor,
  orderForBoard,
  prenoticeEtaLeftSec,
  suggestedBypass,
  suggestedTeams,
  upsertSent,
} from './prenotice-board';

const INCIDENT_ID = '11111111-1111-4111-8111-111111111111';

function prenotice(id: string, patch: Partial<Prenotice> = {}): Prenotice {
  return {
    id,
    incidentId: INCIDENT_ID,
    hospitalId: 'lead',
    pathways: ['chest_pain_stemi'],
    sentAt: '2026-03-01T08:00:00.000Z',
    sentBy: 'crew',
    etaSec: 600,
    acknowledgedAt: null,
    acknowledgedBy: null,
    escalatedAt: null,
    teamsActivated: [],
    bypassEd: null,
    ...patch,
  };
}

function sent(p: Prenotice): PrenoticeSentEvent {
  return { prenotice: p, incident: { id: p.incidentId } as Incident, assessment: null, callSign: '120-01', vehicleId: 'lh-01' };
}

function alert(patch: Partial<AlertRaisedEvent>): AlertRaisedEvent {
  return {
    id: 'a1',
    kind: 'prenotice_unacknowledged',
    severity: 'critical',
    message: 'not acknowledged',
    vehicleId: null,
    incidentId: INCIDENT_ID,
    raisedAt: '2026-03-01T08:02:00.000Z',
    ...patch,
  };
}

describe(bannerStateOf.name, () => {
  it.each([
    [{ acknowledgedAt: null, escalatedAt: null }, 'pending'],
    [{ acknowledgedAt: null, escalatedAt: '2026-03-01T08:02:00.000Z' }, 'escalated'],
    [{ acknowledgedAt: '2026-03-01T08:03:00.000Z', escalatedAt: '2026-03-01T08:02:00.000Z' }, 'acknowledged'],
  ] as const)('should read %j as %s', (p, state) => {
    expect(bannerStateOf(p)).toBe(state);
  });
});

describe(applyEscalation.name, () => {
  it('should make the named pre-notice flash when the server escalates it', () => {
    const list = [sent(prenotice('p1')), sent(prenotice('p2'))];
    const sut = applyEscalation(list, alert({ details: { prenoticeId: 'p2' } }));
    expect(sut.map((e) => bannerStateOf(e.prenotice))).toEqual(['pending', 'escalated']);
  });

  it('should fall back to the incident when the alert names no pre-notice', () => {
    const sut = applyEscalation([sent(prenotice('p1'))], alert({}));
    expect(bannerStateOf(sut[0]!.prenotice)).toBe('escalated');
  });

  it('should leave an acknowledged pre-notice acknowledged', () => {
    const list = [sent(prenotice('p1', { acknowledgedAt: '2026-03-01T08:01:00.000Z' }))];
    expect(bannerStateOf(applyEscalation(list, alert({}))[0]!.prenotice)).toBe('acknowledged');
  });

  it('should ignore other alerts', () => {
    const sut = applyEscalation([sent(prenotice('p1'))], alert({ kind: 'telemetry_stale' }));
    expect(bannerStateOf(sut[0]!.prenotice)).toBe('pending');
  });
});

describe(applyPrenoticeUpdate.name, () => {
  it('should acknowledge the banner when the update says so', () => {
    const { list, known } = applyPrenoticeUpdate([sent(prenotice('p1'))], prenotice('p1', { acknowledgedAt: '2026-03-01T08:01:00.000Z' }));
    expect(known).toBe(true);
    expect(bannerStateOf(list[0]!.prenotice)).toBe('acknowledged');
  });

  it('should report an unknown pre-notice so the board reloads', () => {
    expect(applyPrenoticeUpdate([], prenotice('p9')).known).toBe(false);
  });
});

describe(upsertSent.name, () => {
  it('should replace a re-sent pre-notice instead of showing it twice', () => {
    const sut = upsertSent([sent(prenotice('p1'))], sent(prenotice('p1', { etaSec: 300 })));
    expect(sut).toHaveLength(1);
    expect(sut[0]!.prenotice.etaSec).toBe(300);
  });
});

describe(applyAssessment.name, () => {
  const record = (recordedAt: string) => ({ id: recordedAt, incidentId: INCIDENT_ID, recordedAt }) as AssessmentRecord;

  it('should show the newer assessment of the incident', () => {
    const list = [{ ...sent(prenotice('p1')), assessment: record('2026-03-01T08:00:00.000Z') }];
    expect(applyAssessment(list, record('2026-03-01T08:05:00.000Z'))[0]!.assessment?.recordedAt).toBe('2026-03-01T08:05:00.000Z');
    expect(applyAssessment(list, record('2026-03-01T07:55:00.000Z'))[0]!.assessment?.recordedAt).toBe('2026-03-01T08:00:00.000Z');
  });
});

describe(orderForBoard.name, () => {
  it('should put escalated, then pending, then acknowledged pre-notices', () => {
    const list = [
      sent(prenotice('ack', { acknowledgedAt: '2026-03-01T08:01:00.000Z' })),
      sent(prenotice('pending')),
      sent(prenotice('escalated', { escalatedAt: '2026-03-01T08:02:00.000Z' })),
    ];
    expect(orderForBoard(list).map((e) => e.prenotice.id)).toEqual(['escalated', 'pending', 'ack']);
  });
});

describe(suggestedTeams.name, () => {
  it('should call the cath lab for a STEMI and the stroke team for a stroke', () => {
    expect(suggestedTeams(['chest_pain_stemi', 'stroke'])).toEqual(['cath_lab', 'stroke']);
    expect(suggestedTeams(['chest_pain_acs'])).toEqual([]);
  });

  it('should propose the cath lab bypass for a STEMI and CT for a stroke', () => {
    expect(suggestedBypass(['chest_pain_stemi'])).toBe('cath_lab');
    expect(suggestedBypass(['stroke'])).toBe('ct');
    expect(suggestedBypass(['major_trauma'])).toBeNull();
  });
});

describe(prenoticeEtaLeftSec.name, () => {
  it('should count the ETA down from the time sent', () => {
    expect(prenoticeEtaLeftSec(prenotice('p1'), Date.parse('2026-03-01T08:04:00.000Z'))).toBe(360);
    expect(prenoticeEtaLeftSec(prenotice('p1'), Date.parse('2026-03-01T09:00:00.000Z'))).toBe(0);
    expect(prenoticeEtaLeftSec(prenotice('p1', { etaSec: null }), Date.parse('2026-03-01T08:04:00.000Z'))).toBeNull();
  });
});

describe(displayActor.name, () => {
  it('should show the user name without the actor prefix', () => {
    expect(displayActor('user:er')).toBe('er');
    expect(displayActor('张主任')).toBe('张主任');
    expect(displayActor(null)).toBe('');
  });
});
