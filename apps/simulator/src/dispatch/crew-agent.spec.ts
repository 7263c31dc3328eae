import type { PathwayAssessment } from '@feijiu/clinical';
import type { Pathway, VehicleStatus } from '@feijiu/contracts';
import { DEMO_COUNTY, type LatLonPoint } from '@feijiu/geo';
import pino from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ScenarioKind } from '../monitors/patient-scenario';
import { seededRandom } from '../random';
import { ApiCallError, type CrewApi } from './api-client';
import { CrewAgent, type CrewAgentOptions, type CrewEvent, type CrewOffer, type CrewVehicle } from './crew-agent';

const T0 = Date.parse('2026-11-22T08:00:00Z');
const facility = (id: string) => DEMO_COUNTY.facilities.find((f) => f.id === id)!;
const at = (p: LatLonPoint): LatLonPoint => ({ lat: p.lat, lon: p.lon });
// the core's vehicle status machine (apps/dispatch-core/src/fleet/vehicle-status-machine.ts)
const LEGAL: Record<VehicleStatus, readonly VehicleStatus[]> = {
  available: ['dispatched', 'out_of_service'],
  dispatched: ['en_route', 'available'],
  en_route: ['on_scene', 'available'],
  on_scene: ['transporting', 'available'],
  transporting: ['at_hospital'],
  at_hospital: ['returning', 'available'],
  returning: ['available', 'dispatched', 'out_of_service'],
  out_of_service: ['available'],
};

/** The core as a crew sees it: legal transitions only, optional failures. */
class FakeCrewApi implements CrewApi {
  readonly calls: string[] = [];
  status: VehicleStatus = 'available';
  /** Every call fails as unreachable while true. */
  down = false;
  assessed: PathwayAssessment | null = null;
  readonly refuse = new Map<string, ApiCallError>();

  /** The dispatcher's assignment reserves the vehicle before the crew answers. */
  offer(crew: CrewAgent, offer: CrewOffer): void {
    this.status = 'dispatched';
    crew.receiveOffer(offer);
  }
  acceptAssignment(id: string) {
    return this.call(`accept ${id}`, () => undefined);
  }
  declineAssignment(id: string) {
    return this.call(`decline ${id}`, () => undefined);
  }
  setVehicleStatus(_vehicleId: string, status: VehicleStatus) {
    return this.call(`status ${status}`, () => {
      if (!LEGAL[this.status].includes(status)) throw new ApiCallError(409, 'VEHICLE_ILLEGAL_TRANSITION', `${this.status} → ${status}`);
      this.status = status;
    });
  }
  getVehicleStatus() {
    return this.call('get', () => this.status);
  }
  setDestination(_incidentId: string, hospitalId: string) {
    return this.call(`destination ${hospitalId}`, () => undefined);
  }
  recordAssessment(incidentId: string, assessment: PathwayAssessment) {
    return this.call(`assessment ${assessment.chiefComplaint}`, () => {
      this.assessed = assessment;
      return { id: `as-${incidentId}`, pathways: this.advice().pathways.map((pathway) => ({ pathway, reasons: [] })) };
    });
  }
  getDestinations(incidentId: string) {
    return this.call('destinations', () => {
      if (this.assessed === null) throw new ApiCallError(404, 'NOT_FOUND', `nothing assessed on ${incidentId}`);
      const { hospitalId, pathways } = this.advice();
      return { pathways, rule: 'test', items: [{ hospitalId: 'tcm', recommended: false, etaSec: 60 }, { hospitalId, recommended: true, etaSec: 600 }] };
    });
  }
  sendPrenotice(incidentId: string, hospitalId: string) {
    return this.call(`prenotice ${hospitalId}`, () => ({ id: 'p1', incidentId, hospitalId, pathways: this.advice().pathways }));
  }

  /** What the core's rules make of the assessment: green channels to the lead hospital, the rest to gh2. */
  private advice(): { hospitalId: string; pathways: Pathway[] } {
    const green: Partial<Record<string, Pathway>> = { chest_pain: 'chest_pain_stemi', stroke_symptoms: 'stroke', trauma: 'major_trauma' };
    const pathway = this.assessed ? green[this.assessed.chiefComplaint] : undefined;
    return pathway ? { hospitalId: 'lead', pathways: [pathway] } : { hospitalId: 'gh2', pathways: [] };
  }

  private async call<T>(name: string, effect: () => T): Promise<T> {
    await Promise.resolve();
    if (this.down) throw new ApiCallError(0, 'NETWORK', 'connect ECONNREFUSED');
    const refusal = this.refuse.get(name);
    if (refusal) {
      this.refuse.delete(name);
      throw refusal;
    }
    const result = effect();
    this.calls.push(name);
    return result;
  }
}

/** A vehicle that arrives when the test says so. */
class FakeVehicle implements CrewVehicle {
  readonly vehicleId = 'tcm-02';
  readonly home = { name: facility('tcm').name, at: at(facility('tcm')) };
  readonly drives: string[] = [];
  monitor: ScenarioKind | null = null;
  private target: LatLonPoint | null = null;
  private parkedAt: LatLonPoint | null = this.home.at;

  driveTo(name: string, to: LatLonPoint): boolean {
    this.drives.push(name);
    this.target = to;
    this.parkedAt = null;
    return true;
  }
  arrive(): void {
    this.parkedAt = this.target;
  }
  isParkedAt(p: LatLonPoint): boolean {
    return this.parkedAt !== null && this.parkedAt.lat === p.lat && this.parkedAt.lon === p.lon;
  }
  attachMonitor(scenario: ScenarioKind): boolean {
    this.monitor = scenario;
    return true;
  }
  detachMonitor(): void {
    this.monitor = null;
  }
}

const CHEST_PAIN: CrewOffer = {
  assignmentId: 'a1',
  incidentId: 'i1',
  scene: { lat: 30.0853, lon: 118.5021 },
  address: '澄溪县洪家村12号',
  complaint: '胸痛伴大汗 (chest pain, sweating)',
  expiresAtMs: T0 + 180_000,
};

describe(CrewAgent.name, () => {
  let api: FakeCrewApi;
  let vehicle: FakeVehicle;
  let events: CrewEvent[];
  let now: number;

  const createSut = (overrides: Partial<CrewAgentOptions> = {}) =>
    new CrewAgent({
      vehicle,
      api,
      county: DEMO_COUNTY,
      random: seededRandom(4),
      logger: pino({ level: 'silent' }),
      declineShare: 0,
      ignoreShare: 0,
      retryMs: 5000,
      onEvent: (e) => events.push(e),
      ...overrides,
    });

  /** A crew that has read its vehicle from the core, ready for offers. */
  const started = async (overrides: Partial<CrewAgentOptions> = {}) => {
    const sut = createSut(overrides);
    await sut.tick(now);
    expect(sut.phase).toBe('idle');
    return sut;
  };

  /** Ticks once a second until `done` holds; returns the seconds it took. */
  const runUntil = async (sut: CrewAgent, done: () => boolean, maxS = 3600): Promise<number> => {
    const from = now;
    for (let i = 0; i < maxS && !done(); i++) {
      now += 1000;
      await sut.tick(now);
    }
    expect(done(), 'condition reached').toBe(true);
    return (now - from) / 1000;
  };

  beforeEach(() => {
    api = new FakeCrewApi();
    vehicle = new FakeVehicle();
    events = [];
    now = T0;
  });

  it('should run a chest-pain call from offer to back in service, telling the core each step in order', async () => {
    const sut = await started();
    api.offer(sut, CHEST_PAIN);

    const acceptS = await runUntil(sut, () => api.calls.includes('accept a1'));
    expect(acceptS).toBeGreaterThanOrEqual(5);
    expect(acceptS).toBeLessThanOrEqual(21);
    expect(events).toContainEqual({ kind: 'accepted', vehicleId: 'tcm-02', incidentId: 'i1', assignmentId: 'a1' });

    const departS = await runUntil(sut, () => sut.phase === 'to_scene');
    expect(departS).toBeLessThanOrEqual(260);
    expect(vehicle.drives).toEqual([CHEST_PAIN.address]);

    vehicle.arrive();
    await runUntil(sut, () => sut.phase === 'on_scene');
    expect(vehicle.monitor).toBe('stemi');

    const onSceneS = await runUntil(sut, () => sut.phase === 'to_hospital');
    expect(onSceneS).toBeGreaterThanOrEqual(180);
    expect(onSceneS).toBeLessThanOrEqual(481);
    expect(vehicle.drives.at(-1)).toBe(facility('lead').name);
    expect(vehicle.monitor).toBe('stemi');
    expect(api.assessed).toMatchObject({ chiefComplaint: 'chest_pain', stemi: { byCrew: true } });
    expect(events).toContainEqual({ kind: 'prenotice_sent', vehicleId: 'tcm-02', incidentId: 'i1', prenoticeId: 'p1', hospitalId: 'lead', pathways: ['chest_pain_stemi'] });

    // at the door the crew leaves the arrival to the core's geofence, which stamps it
    vehicle.arrive();
    await runUntil(sut, () => sut.phase === 'arriving');
    now += 20_000;
    await sut.tick(now);
    expect(sut.phase).toBe('arriving');
    api.status = 'at_hospital';
    await runUntil(sut, () => sut.phase === 'handover', 10);
    expect(vehicle.monitor).toBeNull();
    expect(events.at(-1)).toEqual({ kind: 'handed_over', vehicleId: 'tcm-02', incidentId: 'i1' });

    await runUntil(sut, () => sut.phase === 'to_station');
    expect(vehicle.drives.at(-1)).toBe(vehicle.home.name);
    vehicle.arrive();
    await runUntil(sut, () => sut.isAvailable);

    expect(api.calls.filter((c, i) => i === 0 || c !== 'get')).toEqual([
      'get',
      'accept a1',
      'status en_route',
      'status on_scene',
      'assessment chest_pain',
      'destinations',
      'prenotice lead',
      'status transporting',
      'status returning',
      'status available',
    ]);
    expect(api.status).toBe('available');
  });

  it('should take a patient without a green-channel pathway where the core recommends, without a pre-notice', async () => {
    const sut = await started();
    api.offer(sut, { ...CHEST_PAIN, complaint: '腹痛 (abdominal pain)' });
    await runUntil(sut, () => sut.phase === 'to_scene');
    vehicle.arrive();
    await runUntil(sut, () => sut.phase === 'on_scene');
    expect(vehicle.monitor).toBe('normal');
    await runUntil(sut, () => sut.phase === 'to_hospital');
    await runUntil(sut, () => api.calls.includes('status transporting'));
    expect(api.assessed).toMatchObject({ chiefComplaint: 'other' });
    expect(api.calls).toContain('destination gh2');
    expect(api.calls.some((c) => c.startsWith('prenotice'))).toBe(false);
    expect(vehicle.drives.at(-1)).toBe(facility('gh2').name);
  });

  it('should record a stroke with BE-FAST and RACE for the patient the caller described and pre-notify the hospital the core recommends', async () => {
    const sut = await started();
    api.offer(sut, { ...CHEST_PAIN, complaint: '突发一侧肢体无力、言语不清 (one-sided weakness, slurred speech)', patient: { sex: 'female', ageYears: 71 } });
    await runUntil(sut, () => sut.phase === 'to_scene');
    vehicle.arrive();
    await runUntil(sut, () => sut.phase === 'to_hospital');
    await runUntil(sut, () => api.calls.includes('status transporting'));
    // the patient the caller described
    expect(api.assessed).toMatchObject({ chiefComplaint: 'stroke_symptoms', sex: 'female', ageYears: 71, stroke: { beFast: { face: true, arm: true, speech: true } } });
    expect(api.assessed?.lastKnownWellAt).toBeDefined();
    expect(api.calls).toContain('prenotice lead');
  });

  it('should choose by the county map and still pre-notify a green-channel patient when the core cannot advise', async () => {
    const gh2 = facility('gh2');
    const sut = await started();
    api.refuse.set('destinations', new ApiCallError(0, 'NETWORK', 'connect ECONNREFUSED'));
    api.offer(sut, { ...CHEST_PAIN, scene: { lat: gh2.lat + 0.002, lon: gh2.lon } });
    await runUntil(sut, () => sut.phase === 'to_scene');
    vehicle.arrive();
    await runUntil(sut, () => sut.phase === 'to_hospital');
    await runUntil(sut, () => api.calls.includes('status transporting'));
    // chest pain goes to the PCI centre even though gh2 is nearer
    expect(api.calls).toContain('prenotice lead');
    expect(vehicle.drives.at(-1)).toBe(facility('lead').name);
  });

  it('should tap the arrival at hospital itself when the geofence has not stamped it in time', async () => {
    const sut = await started({ geofenceWaitMs: 45_000 });
    api.offer(sut, CHEST_PAIN);
    await runUntil(sut, () => sut.phase === 'to_scene');
    vehicle.arrive();
    await runUntil(sut, () => sut.phase === 'to_hospital');
    vehicle.arrive();
    await runUntil(sut, () => sut.phase === 'arriving');
    const waitedS = await runUntil(sut, () => sut.phase === 'handover');
    expect(waitedS).toBeGreaterThanOrEqual(45);
    expect(api.calls).toContain('status at_hospital');
    expect(api.status).toBe('at_hospital');
  });

  it('should classify a complaint a person typed at the console by its words', async () => {
    const sut = await started();
    api.offer(sut, { ...CHEST_PAIN, complaint: '车祸，腿部大出血' });
    await runUntil(sut, () => sut.phase === 'to_scene');
    vehicle.arrive();
    await runUntil(sut, () => sut.phase === 'on_scene');
    expect(vehicle.monitor).toBe('haemorrhagic_shock');
  });

  it('should go on without repeating itself when the core has already advanced the status', async () => {
    const sut = await started();
    api.offer(sut, CHEST_PAIN);
    await runUntil(sut, () => sut.phase === 'mobilising');
    // the core saw the vehicle leave, and later arrive, before the crew pressed the button
    api.status = 'en_route';
    await runUntil(sut, () => sut.phase === 'to_scene');
    api.status = 'on_scene';
    vehicle.arrive();
    await runUntil(sut, () => sut.phase === 'on_scene');
    await runUntil(sut, () => api.calls.filter((c) => c === 'get').length >= 3);
    await runUntil(sut, () => sut.phase === 'to_hospital');
    await runUntil(sut, () => api.calls.includes('status transporting'));
    expect(api.calls.filter((c) => c.startsWith('status'))).toEqual(['status transporting']);
    expect(api.status).toBe('transporting');
  });

  it('should keep driving and send the queued statuses in order when the core comes back', async () => {
    const sut = await started();
    api.offer(sut, CHEST_PAIN);
    await runUntil(sut, () => sut.phase === 'mobilising');
    api.down = true;
    await runUntil(sut, () => sut.phase === 'to_scene');
    vehicle.arrive();
    await runUntil(sut, () => sut.phase === 'on_scene');
    expect(vehicle.monitor).toBe('stemi');
    now += 120_000;
    await sut.tick(now);
    expect(api.calls.filter((c) => c.startsWith('status'))).toEqual([]);

    api.down = false;
    await runUntil(sut, () => api.calls.includes('status on_scene'), 120);
    expect(api.calls.filter((c) => c.startsWith('status'))).toEqual(['status en_route', 'status on_scene']);
  });

  it('should send a lost step first when the core says the vehicle is behind', async () => {
    const sut = await started();
    api.refuse.set('status en_route', new ApiCallError(400, 'VALIDATION_FAILED', 'bad body'));
    api.offer(sut, CHEST_PAIN);
    await runUntil(sut, () => sut.phase === 'to_scene');
    vehicle.arrive();
    await runUntil(sut, () => api.status === 'on_scene');
    expect(api.calls.filter((c) => c.startsWith('status'))).toEqual(['status en_route', 'status on_scene']);
  });

  it('should decline an offer it will not take, and tell the dispatcher', async () => {
    const sut = await started({ declineShare: 1 });
    api.offer(sut, CHEST_PAIN);
    await runUntil(sut, () => api.calls.includes('decline a1'));
    expect(events).toEqual([{ kind: 'declined', vehicleId: 'tcm-02', incidentId: 'i1', assignmentId: 'a1' }]);
    expect(sut.isAvailable).toBe(true);
    expect(vehicle.drives).toEqual([]);
  });

  it('should leave an offer unanswered for the core to time out when it ignores it', async () => {
    const sut = await started({ ignoreShare: 1 });
    api.offer(sut, CHEST_PAIN);
    await runUntil(sut, () => sut.phase === 'offered');
    await runUntil(sut, () => sut.phase === 'idle', 30);
    expect(api.calls).toEqual(['get']);
    expect(vehicle.drives).toEqual([]);
  });

  it('should decline or ignore only a few percent of offers by default', async () => {
    const outcomes = { accept: 0, decline: 0, ignore: 0 };
    for (let seed = 1; seed <= 400; seed++) {
      api = new FakeCrewApi();
      const sut = new CrewAgent({ vehicle, api, county: DEMO_COUNTY, random: seededRandom(seed), logger: pino({ level: 'silent' }) });
      await sut.tick(now);
      api.offer(sut, CHEST_PAIN);
      await runUntil(sut, () => sut.phase === 'offered');
      await runUntil(sut, () => sut.phase !== 'offered', 30);
      if (api.calls.includes('accept a1')) outcomes.accept++;
      else if (api.calls.includes('decline a1')) outcomes.decline++;
      else outcomes.ignore++;
    }
    expect(outcomes.accept / 400).toBeGreaterThan(0.88);
    expect(outcomes.accept / 400).toBeLessThan(0.99);
    expect(outcomes.decline).toBeGreaterThan(0);
    expect(outcomes.ignore).toBeGreaterThan(0);
  });

  it('should drop an offer the core has withdrawn when accepting it', async () => {
    const sut = await started();
    api.refuse.set('accept a1', new ApiCallError(409, 'ASSIGNMENT_NOT_OFFERED', 'expired'));
    api.offer(sut, CHEST_PAIN);
    await runUntil(sut, () => sut.phase === 'offered');
    await runUntil(sut, () => sut.phase === 'idle', 30);
    expect(vehicle.drives).toEqual([]);
    expect(events).toEqual([]);
  });

  it('should turn round, take the monitor off and go home when the core cancels the call', async () => {
    const sut = await started();
    api.offer(sut, CHEST_PAIN);
    await runUntil(sut, () => sut.phase === 'to_scene');
    vehicle.arrive();
    await runUntil(sut, () => sut.phase === 'on_scene');
    sut.receiveAssignmentUpdate({ id: 'a1', status: 'cancelled' });
    expect(vehicle.monitor).toBeNull();
    expect(sut.phase).toBe('to_station');
    expect(vehicle.drives.at(-1)).toBe(vehicle.home.name);
    expect(events.at(-1)).toEqual({ kind: 'aborted', vehicleId: 'tcm-02', incidentId: 'i1' });
    api.status = 'available';
    vehicle.arrive();
    await runUntil(sut, () => sut.isAvailable);
  });

  it.each([
    ['transporting', ['get', 'status at_hospital', 'status available']],
    ['en_route', ['get', 'status available']],
    ['at_hospital', ['get', 'status available']],
  ] as const)('should stand down a vehicle a previous run left %s, and drive it home, when it starts', async (status, calls) => {
    api.status = status;
    const sut = createSut();
    await sut.tick(now);
    expect(sut.phase).toBe('to_station');
    expect(vehicle.drives).toEqual([vehicle.home.name]);
    vehicle.arrive();
    await runUntil(sut, () => sut.isAvailable);
    expect(api.calls).toEqual(calls);
  });

  it('should take the next call on the way back and never tell the core it is back at the station', async () => {
    const sut = await started();
    api.offer(sut, CHEST_PAIN);
    await runUntil(sut, () => sut.phase === 'to_scene');
    vehicle.arrive();
    await runUntil(sut, () => sut.phase === 'to_hospital');
    vehicle.arrive();
    await runUntil(sut, () => sut.phase === 'to_station');
    await runUntil(sut, () => api.status === 'returning');

    const next = { ...CHEST_PAIN, assignmentId: 'a2', incidentId: 'i2', complaint: '发热 (fever)', scene: { lat: 30.1, lon: 118.6 } };
    api.offer(sut, next);
    await runUntil(sut, () => api.calls.includes('accept a2'));
    // the crew was still driving home: it turns round for the new scene
    await runUntil(sut, () => sut.phase === 'to_scene');
    expect(vehicle.drives.slice(-2)).toEqual([vehicle.home.name, next.address]);
    await runUntil(sut, () => api.status === 'en_route');
    expect(api.calls.filter((c) => c === 'status available')).toEqual([]);
  });

  it('should drive on home when it lets a call go on the way back', async () => {
    // the next draws decide the offers: accept the first, decline the second
    const forced: number[] = [];
    const seeded = seededRandom(4);
    const sut = await started({ declineShare: 0.5, random: () => forced.shift() ?? seeded() });
    forced.push(0.9);
    api.offer(sut, CHEST_PAIN);
    await runUntil(sut, () => sut.phase === 'to_scene');
    vehicle.arrive();
    await runUntil(sut, () => sut.phase === 'to_hospital');
    vehicle.arrive();
    await runUntil(sut, () => sut.phase === 'to_station');
    await runUntil(sut, () => api.status === 'returning');

    forced.push(0.1);
    api.offer(sut, { ...CHEST_PAIN, assignmentId: 'a2', incidentId: 'i2' });
    await runUntil(sut, () => api.calls.includes('decline a2'));
    api.status = 'available'; // as the core releases a vehicle whose offer was declined
    expect(sut.phase).toBe('to_station');
    expect(vehicle.drives.at(-1)).toBe(vehicle.home.name);
    vehicle.arrive();
    await runUntil(sut, () => sut.isAvailable);
    expect(api.status).toBe('available');
  });

  it('should keep trying to read its vehicle when the core is down at start', async () => {
    api.down = true;
    const sut = createSut();
    await runUntil(sut, () => false, 60).catch(() => undefined);
    expect(sut.phase).toBe('starting');
    api.down = false;
    await runUntil(sut, () => sut.phase === 'idle', 120);
  });
});
