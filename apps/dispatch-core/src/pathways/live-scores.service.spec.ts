import type { AssessmentRecord, Incident, VitalsSampledEvent } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import type { AlertsService } from '../dispatch/alerts.service';
import { VitalsSampled } from '../telemetry/telemetry.events';
import type { AssessmentsService } from './assessments.service';
import { LiveScoresService } from './live-scores.service';
import { AssessmentRecorded } from './pathways.events';

const INCIDENT = '0a0a0a0a-0000-4000-8000-00000000000a';
const vitals = (obs: Record<string, number>) =>
  new VitalsSampled({ vehicleId: 'lh-05', incidentId: INCIDENT, obs: Object.entries(obs).map(([code, value]) => ({ code, value })) } as unknown as VitalsSampledEvent, 'lead');
const record = (vitalsAssessed: Record<string, unknown>) => ({ incidentId: INCIDENT, assessment: { vitals: vitalsAssessed } }) as unknown as AssessmentRecord;

function setup(stored: AssessmentRecord | null) {
  const raised: Array<{ details: Record<string, unknown> }> = [];
  let reads = 0;
  const assessments = { latest: () => ((reads += 1), Promise.resolve(stored)) } as unknown as AssessmentsService;
  const alerts = { raise: (a: { details: Record<string, unknown> }) => raised.push(a) } as unknown as AlertsService;
  return { sut: new LiveScoresService(alerts, assessments), raised, reads: () => reads };
}

describe(LiveScoresService.name, () => {
  it("should read the crew's assessment once, not with every vitals message", async () => {
    const { sut, reads } = setup(record({ consciousness: 'A', onOxygen: false }));
    for (let i = 0; i < 5; i++) await sut.onVitals(vitals({ HR: 80, NIBP_SYS: 120, RR: 16, SPO2: 97, TEMP: 37 }));
    expect(reads()).toBe(1);
  });

  it('should score with a new assessment as soon as it is recorded', async () => {
    const { sut, raised, reads } = setup(null);
    await sut.onVitals(vitals({ HR: 80, NIBP_SYS: 120, RR: 22, SPO2: 97, TEMP: 37 })); // NEWS2 2 (RR), alert and air assumed: low
    expect(raised).toHaveLength(0);
    // the crew finds the patient responding to voice only: + 3, NEWS2 5, medium
    sut.onAssessment(new AssessmentRecorded(record({ consciousness: 'V', onOxygen: false }), {} as Incident));
    await sut.onVitals(vitals({ HR: 80, NIBP_SYS: 120, RR: 22, SPO2: 97, TEMP: 37 }));
    expect(raised).toHaveLength(1);
    expect(raised[0]!.details).toMatchObject({ category: 'medium', assumed: [] });
    expect(reads()).toBe(1);
  });
});
