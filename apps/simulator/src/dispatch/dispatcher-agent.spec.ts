import { type CreateIncidentRequest, CreateIncidentRequestSchema } from '@feijiu/contracts';
import { DEMO_COUNTY } from '@feijiu/geo';
import pino from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../random';
import {
  ApiCallError,
  type AssignmentRef,
  type DispatcherApi,
  type IncidentSummary,
  type IncidentWithAssignments,
  type RecommendationRef,
} from './api-client';
import { classifyComplaint, SIMULATED_CALL_NOTE } from './call-generator';
import { DispatcherAgent, type DispatcherAgentOptions } from './dispatcher-agent';

const T0 = Date.parse('2026-11-22T08:00:00Z');
const CREWS = new Set(['tcm-02', 'lh-02', 'shangxi-01']);

/** The core as the dispatcher sees it. */
class FakeDispatcherApi implements DispatcherApi {
  readonly calls: string[] = [];
  readonly created: CreateIncidentRequest[] = [];
  ranking: RecommendationRef[] = ['lh-01', 'zz-99', 'tcm-02', 'lh-02'].map((vehicleId, i) => ({ vehicleId, etaSec: 300 + i * 60, distanceM: 3000 + i * 500 }));
  readonly taken = new Set<string>();
  readonly assignmentStatus = new Map<string, AssignmentRef['status']>();
  readonly waiting: IncidentSummary[] = [];
  down = false;
  closeFails = 0;
  private next = 1;

  listOpenIncidents() {
    return this.call('list', () => this.waiting);
  }
  getVehicleStatus() {
    return this.call('vehicle', () => 'available' as const);
  }
  createIncident(request: CreateIncidentRequest) {
    return this.call('create', () => {
      this.created.push(request);
      return { id: `i${this.next}`, number: `20261122-000${this.next++}`, status: 'new' as const };
    });
  }
  getRecommendations(incidentId: string) {
    return this.call(`recommend ${incidentId}`, () => this.ranking);
  }
  assignVehicle(incidentId: string, vehicleId: string) {
    return this.call(`assign ${incidentId} ${vehicleId}`, () => {
      if (this.taken.has(vehicleId)) throw new ApiCallError(409, 'VEHICLE_NOT_AVAILABLE', 'taken');
      this.assignmentStatus.set(`${incidentId}/${vehicleId}`, 'offered');
      return { id: `a-${vehicleId}`, incidentId, vehicleId, status: 'offered' as const };
    });
  }
  getIncident(incidentId: string) {
    return this.call(`get ${incidentId}`, (): IncidentWithAssignments => ({
      id: incidentId,
      number: 'n',
      status: 'dispatched',
      assignments: [...this.assignmentStatus]
        .filter(([key]) => key.startsWith(`${incidentId}/`))
        .map(([key, status]) => {
          const vehicleId = key.split('/')[1];
          return { id: `a-${vehicleId}`, incidentId, vehicleId, status };
        }),
    }));
  }
  setIncidentStatus(incidentId: string, status: 'closed' | 'cancelled') {
    return this.call(`${status} ${incidentId}`, () => {
      if (this.closeFails-- > 0) throw new ApiCallError(503, 'INTERNAL', 'busy');
    });
  }

  private async call<T>(name: string, effect: () => T): Promise<T> {
    await Promise.resolve();
    this.calls.push(name);
    if (this.down) throw new ApiCallError(0, 'NETWORK', 'ECONNREFUSED');
    return effect();
  }
}

describe(DispatcherAgent.name, () => {
  let api: FakeDispatcherApi;
  let now: number;
  let available: number;

  const createSut = (overrides: Partial<DispatcherAgentOptions> = {}) =>
    new DispatcherAgent({
      api,
      county: DEMO_COUNTY,
      random: seededRandom(2),
      logger: pino({ level: 'silent' }),
      callIntervalS: 90,
      crewVehicleIds: CREWS,
      availableCrews: () => available,
      retryMs: 5000,
      ...overrides,
    });

  const runFor = async (sut: DispatcherAgent, seconds: number) => {
    for (let i = 0; i < seconds; i++) {
      now += 1000;
      await sut.tick(now);
    }
  };
  const runUntil = async (sut: DispatcherAgent, done: () => boolean, maxS = 3600) => {
    for (let i = 0; i < maxS && !done(); i++) {
      now += 1000;
      await sut.tick(now);
    }
    expect(done(), 'condition reached').toBe(true);
  };
  const assignments = () => api.calls.filter((c) => c.startsWith('assign'));

  beforeEach(() => {
    api = new FakeDispatcherApi();
    now = T0;
    available = 3;
  });

  it('should take the scripted calls first, one after another, then the usual mix', async () => {
    const sut = createSut({ scriptedCalls: ['stroke', 'chest_pain'], callIntervalS: 3600 });
    await runUntil(sut, () => api.created.length >= 2, 30);
    expect(api.created.map((c) => classifyComplaint(c.complaint).pathway)).toEqual(['stroke', 'chest_pain']);
  });

  it('should turn a call into an incident and assign the best vehicle a simulated crew drives, never the human crew', async () => {
    const sut = createSut();
    await runUntil(sut, () => assignments().length > 0);
    expect(CreateIncidentRequestSchema.safeParse(api.created[0]).success).toBe(true);
    // lh-01 ranks first but a person plays it; zz-99 is not a simulated crew
    expect(assignments()).toEqual(['assign i1 tcm-02']);
    expect(sut.openIncidents).toEqual([{ id: 'i1', state: 'offered', offeredVehicleId: 'tcm-02' }]);
  });

  it('should assign the next vehicle when the first is no longer available', async () => {
    api.taken.add('tcm-02');
    const sut = createSut();
    await runUntil(sut, () => sut.openIncidents.some((i) => i.state === 'offered'));
    expect(assignments()).toEqual(['assign i1 tcm-02', 'assign i1 lh-02']);
  });

  it('should offer the incident to the next vehicle when a crew declines', async () => {
    const sut = createSut();
    await runUntil(sut, () => assignments().length === 1);
    sut.receiveCrewEvent({ kind: 'declined', vehicleId: 'tcm-02', incidentId: 'i1', assignmentId: 'a-tcm-02' });
    await runFor(sut, 2);
    expect(assignments()).toEqual(['assign i1 tcm-02', 'assign i1 lh-02']);
  });

  it('should find an offer that timed out in the core and reassign it when no event said so', async () => {
    const sut = createSut({ offerCheckMs: 200_000 });
    const forFirst = () => assignments().filter((a) => a.startsWith('assign i1 '));
    await runUntil(sut, () => forFirst().length === 1);
    api.assignmentStatus.set('i1/tcm-02', 'expired');
    await runFor(sut, 199);
    expect(forFirst()).toHaveLength(1);
    await runFor(sut, 2);
    expect(api.calls).toContain('get i1');
    expect(forFirst()).toEqual(['assign i1 tcm-02', 'assign i1 lh-02']);
  });

  it('should react to the core saying an offer expired on the live socket', async () => {
    const sut = createSut();
    await runUntil(sut, () => assignments().length === 1);
    sut.receiveAssignmentUpdate({ incidentId: 'i1', vehicleId: 'tcm-02', status: 'expired' });
    await runFor(sut, 1);
    expect(assignments().at(-1)).toBe('assign i1 lh-02');
  });

  it('should try again later and finally cancel when no simulated crew is free for the incident', async () => {
    api.ranking = [{ vehicleId: 'lh-01', etaSec: 100, distanceM: 1000 }];
    const sut = createSut({ giveUpMs: 10 * 60_000 });
    await runUntil(sut, () => api.calls.includes('create'));
    const attempts = () => api.calls.filter((c) => c === 'recommend i1').length;
    await runFor(sut, 65);
    expect(attempts()).toBeGreaterThanOrEqual(3);
    expect(attempts()).toBeLessThanOrEqual(6);
    await runUntil(sut, () => api.calls.includes('cancelled i1'), 700);
    expect(sut.openIncidents.find((i) => i.id === 'i1')).toBeUndefined();
  });

  it('should close the incident after the hand-over, retrying while the core is busy', async () => {
    api.closeFails = 2;
    const sut = createSut();
    await runUntil(sut, () => assignments().length === 1);
    sut.receiveCrewEvent({ kind: 'accepted', vehicleId: 'tcm-02', incidentId: 'i1', assignmentId: 'a-tcm-02' });
    sut.receiveCrewEvent({ kind: 'handed_over', vehicleId: 'tcm-02', incidentId: 'i1' });
    await runUntil(sut, () => !sut.openIncidents.some((i) => i.id === 'i1'), 120);
    expect(api.calls.filter((c) => c === 'closed i1')).toHaveLength(3);
  });

  it('should take on its own calls left waiting in the queue, and no one else\'s', async () => {
    const waiting = (id: string, status: IncidentSummary['status'], notes: string | null): IncidentSummary => ({
      id,
      number: `n-${id}`,
      status,
      complaint: '腹痛 (abdominal pain)',
      notes,
      location: { lat: 30.06, lon: 118.56 },
      address: null,
      destinationHospitalId: null,
      assignments: [],
    });
    api.waiting.push(waiting('old-1', 'new', SIMULATED_CALL_NOTE), waiting('human-1', 'new', null), waiting('old-2', 'dispatched', SIMULATED_CALL_NOTE));
    const sut = createSut({ callIntervalS: 1e6 });
    await runFor(sut, 2);
    expect(assignments()).toEqual(['assign old-1 tcm-02']);
  });

  it('should hold calls back when every simulated crew is out', async () => {
    available = 0;
    const sut = createSut();
    await runFor(sut, 3600);
    expect(api.created).toEqual([]);
  });

  it('should keep running and drop the call when the core cannot be reached', async () => {
    api.down = true;
    const sut = createSut({ callIntervalS: 600 });
    await runUntil(sut, () => api.calls.filter((c) => c === 'create').length === 3);
    await runFor(sut, 60);
    expect(api.calls.filter((c) => c === 'create')).toHaveLength(3);
    api.down = false;
    await runUntil(sut, () => api.created.length === 1);
  });

  it('should receive calls at the configured mean interval when crews are free', async () => {
    available = 10;
    api.ranking = [];
    const sut = createSut({ callIntervalS: 90, maxWaitingIncidents: 1000, giveUpMs: 1e12 });
    await runFor(sut, 6 * 3600);
    // 6 h / 90 s = 240 calls on average (Poisson: sd ≈ 15.5)
    expect(api.created.length).toBeGreaterThan(240 - 60);
    expect(api.created.length).toBeLessThan(240 + 60);
  });
});
