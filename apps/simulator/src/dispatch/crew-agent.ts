import type { PathwayAssessment } from '@feijiu/clinical';
import type { VehicleStatus } from '@feijiu/contracts';
import type { County, CountyFacility, LatLonPoint } from '@feijiu/geo';
import type { Logger } from 'pino';
import type { ScenarioKind } from '../monitors/patient-scenario';
import { type RandomSource, uniform } from '../random';
import { type CrewApi, hasCode, isRetryable } from './api-client';
import { chooseDestination, classifyComplaint, type Pathway } from './call-generator';
import { planAssessment } from './crew-assessment';

// One simulated ambulance crew, logged in as `crew-<vehicleId>`: answers offers (most accepted
// after 5–20 s, a few declined or left to time out), drives to the scene, works the patient
// with a monitor on and records an assessment, takes them to the hospital the core recommends
// (pre-notifying it for a green-channel patient), lets the geofence stamp the arrival, hands
// over and drives home, telling the core each status as it goes. The vehicle keeps moving whatever the core says; statuses
// wait in an ordered outbox and are retried when the core is slow or down. The core may have
// moved the status on by itself (departure, geofence arrival): a 409 is reconciled by reading
// the vehicle back. A crew driving back (returning) may be given its next call on the way.
// A state machine on an injected clock; `tick(now)` does one step.

/** The vehicle as the crew drives it (the county simulation's VehicleControl). */
export interface CrewVehicle {
  readonly vehicleId: string;
  readonly home: { name: string; at: LatLonPoint };
  driveTo(name: string, at: LatLonPoint): boolean;
  isParkedAt(at: LatLonPoint): boolean;
  attachMonitor(scenario: ScenarioKind): boolean;
  detachMonitor(): void;
}

export interface CrewOffer {
  assignmentId: string;
  incidentId: string;
  scene: LatLonPoint;
  address: string | null;
  complaint: string;
  /** What the caller said about the patient (age, sex), when anything. */
  patient?: { sex?: 'female' | 'male' | null; ageYears?: number | null } | null;
  /** When the core withdraws the offer; null when not known. */
  expiresAtMs: number | null;
}

export type CrewEvent =
  | { kind: 'accepted' | 'declined'; vehicleId: string; incidentId: string; assignmentId: string }
  | { kind: 'handed_over' | 'aborted'; vehicleId: string; incidentId: string }
  | { kind: 'prenotice_sent'; vehicleId: string; incidentId: string; prenoticeId: string; hospitalId: string; pathways: string[] };

export interface CrewAgentOptions {
  vehicle: CrewVehicle;
  api: CrewApi;
  county: County;
  random: RandomSource;
  logger: Logger;
  /** Simulated seconds per real second; times on scene and at hospital shrink with it. */
  speedup?: number;
  onEvent?: (event: CrewEvent) => void;
  /** Share of offers declined, and left unanswered (the core's offer timeout takes them). */
  declineShare?: number;
  ignoreShare?: number;
  /** How long (real ms) the crew takes to answer an offer; 5–20 s, not sped up (the core's offer timer is real). */
  offerResponseMs?: readonly [number, number];
  /** First wait after a failed call; doubles up to a minute. */
  retryMs?: number;
  /**
   * How long (real ms) the crew leaves the arrival at hospital to the core's geofence before
   * tapping it themselves; the core's dwell is real time (30 s by default), not sped up.
   */
  geofenceWaitMs?: number;
}

interface Mission {
  offer: CrewOffer;
  pathway: Pathway;
  scenario: ScenarioKind;
}

type Phase =
  | { kind: 'starting' }
  | { kind: 'idle' }
  | {
      kind: 'offered';
      offer: CrewOffer;
      respondAtMs: number;
      decision: 'accept' | 'decline' | 'ignore';
      /** Where the crew was when the offer came (at the station, or driving back to it). */
      resume: Extract<Phase, { kind: 'idle' | 'to_station' }>;
    }
  | { kind: 'mobilising'; mission: Mission; departAtMs: number }
  | { kind: 'to_scene'; mission: Mission }
  | { kind: 'on_scene'; mission: Mission; leaveAtMs: number }
  | { kind: 'to_hospital'; mission: Mission; hospital: CountyFacility }
  | { kind: 'arriving'; mission: Mission; hospital: CountyFacility; tapAtMs: number; pollAtMs: number }
  | { kind: 'handover'; mission: Mission; leaveAtMs: number }
  | { kind: 'to_station'; mission: Mission | null; reportAvailable: boolean };

export type CrewPhase = Phase['kind'];

type OutboxItem =
  | { kind: 'status'; status: VehicleStatus; illegalCount: number }
  | { kind: 'destination'; incidentId: string; hospitalId: string }
  | { kind: 'assessment'; incidentId: string; assessment: PathwayAssessment }
  | { kind: 'prenotice'; incidentId: string; hospitalId: string };

/** The statuses of one call-out, in order (the core's legal transitions). */
export const STATUS_CHAIN: readonly VehicleStatus[] = ['dispatched', 'en_route', 'on_scene', 'transporting', 'at_hospital', 'returning', 'available'];
const MAX_RETRY_MS = 60_000;
const GEOFENCE_POLL_MS = 5_000;

export class CrewAgent {
  private phaseNow: Phase = { kind: 'starting' };
  private readonly inbox: CrewOffer[] = [];
  private readonly outbox: OutboxItem[] = [];
  private readonly outboxRetry: Backoff;
  private readonly stepRetry: Backoff;
  private failing = false;
  private noRoute = false;

  constructor(private readonly options: CrewAgentOptions) {
    this.outboxRetry = new Backoff(options.retryMs ?? 10_000);
    this.stepRetry = new Backoff(options.retryMs ?? 10_000);
  }

  get vehicleId(): string {
    return this.options.vehicle.vehicleId;
  }

  get phase(): CrewPhase {
    return this.phaseNow.kind;
  }

  /** Free for a new call: at the station, nothing left to tell the core. */
  get isAvailable(): boolean {
    return this.phaseNow.kind === 'idle' && this.outbox.length === 0 && this.inbox.length === 0;
  }

  /** An `assignment.offered` for this vehicle. */
  receiveOffer(offer: CrewOffer): void {
    if (this.inbox.some((o) => o.assignmentId === offer.assignmentId)) return;
    this.inbox.push(offer);
  }

  /** An `assignment.updated` for this vehicle: an offer withdrawn, a mission cancelled. */
  receiveAssignmentUpdate(update: { id: string; status: string }): void {
    const phase = this.phaseNow;
    if (phase.kind === 'offered' && phase.offer.assignmentId === update.id && ['expired', 'cancelled'].includes(update.status)) {
      this.log().info({ assignmentId: update.id, status: update.status }, 'offer withdrawn');
      this.phaseNow = phase.resume;
      return;
    }
    const mission = 'mission' in phase ? phase.mission : null;
    if (mission && mission.offer.assignmentId === update.id && update.status === 'cancelled') this.abort('assignment cancelled');
  }

  /**
   * One step at `nowMs`: tell the core what is pending, move the crew on, tell the core what
   * that changed. The crew's world moves on even while the core is unreachable.
   */
  async tick(nowMs: number): Promise<void> {
    await this.flush(nowMs);
    if (this.stepRetry.isDue(nowMs)) {
      const ok = await this.step(nowMs);
      this.stepRetry.record(ok, nowMs);
    }
    await this.flush(nowMs);
    if (this.failing && !this.outboxRetry.isFailing && !this.stepRetry.isFailing) {
      this.log().info('core reachable again');
      this.failing = false;
    }
  }

  private async flush(nowMs: number): Promise<void> {
    if (this.outbox.length === 0 || !this.outboxRetry.isDue(nowMs)) return;
    this.outboxRetry.record(await this.flushOutbox(), nowMs);
  }

  /** Returns false when a call failed and the step should be retried later. */
  private async step(nowMs: number): Promise<boolean> {
    const phase = this.phaseNow;
    const { vehicle } = this.options;
    switch (phase.kind) {
      case 'starting':
        return this.recover();
      case 'idle':
        this.takeOffer(nowMs, phase);
        return true;
      case 'offered':
        return nowMs >= phase.respondAtMs ? this.respond(phase, nowMs) : true;
      case 'mobilising':
        if (nowMs >= phase.departAtMs) {
          this.drive('scene', phase.mission.offer.address ?? 'scene', phase.mission.offer.scene);
          this.enqueueStatus('en_route');
          this.phaseNow = { kind: 'to_scene', mission: phase.mission };
        }
        return true;
      case 'to_scene':
        if (this.arrivedAt(phase.mission.offer.scene)) {
          this.enqueueStatus('on_scene');
          if (!vehicle.attachMonitor(phase.mission.scenario)) this.log().debug('no monitor free: county limit reached');
          const caller = phase.mission.offer.patient;
          const assessment = planAssessment(phase.mission.pathway, nowMs, this.options.random, {
            sex: caller?.sex ?? undefined,
            ageYears: caller?.ageYears ?? undefined,
          });
          this.outbox.push({ kind: 'assessment', incidentId: phase.mission.offer.incidentId, assessment });
          this.phaseNow = { kind: 'on_scene', mission: phase.mission, leaveAtMs: nowMs + this.simulatedMs(uniform(180, 480, this.options.random)) };
          this.log().info({ incidentId: phase.mission.offer.incidentId, scenario: phase.mission.scenario }, 'on scene');
        }
        return true;
      case 'on_scene':
        if (nowMs >= phase.leaveAtMs) await this.leaveScene(phase.mission);
        return true;
      case 'to_hospital':
        if (this.arrivedAt(phase.hospital)) {
          const tapAtMs = this.noRoute ? nowMs : nowMs + (this.options.geofenceWaitMs ?? 60_000);
          this.phaseNow = { kind: 'arriving', mission: phase.mission, hospital: phase.hospital, tapAtMs, pollAtMs: nowMs };
        }
        return true;
      case 'arriving':
        return this.awaitArrivalStamp(phase, nowMs);
      case 'handover':
        if (nowMs >= phase.leaveAtMs) {
          this.enqueueStatus('returning');
          this.drive('home', vehicle.home.name, vehicle.home.at);
          this.phaseNow = { kind: 'to_station', mission: phase.mission, reportAvailable: true };
        }
        return true;
      case 'to_station':
        if (this.arrivedAt(vehicle.home.at)) {
          if (phase.reportAvailable) this.enqueueStatus('available');
          this.phaseNow = { kind: 'idle' };
          this.log().debug('back at the station');
        } else {
          // a returning ambulance can be sent straight on to the next call
          this.takeOffer(nowMs, phase);
        }
        return true;
    }
  }

  /** At start: pick up where the core says the vehicle is (a previous run may have left it on a call). */
  private async recover(): Promise<boolean> {
    let status: VehicleStatus;
    try {
      status = await this.options.api.getVehicleStatus(this.vehicleId);
    } catch (err) {
      if (isRetryable(err)) return this.failed(err, 'cannot read the vehicle from the core');
      this.log().error({ err: String(err) }, 'the core does not know this vehicle; answering offers anyway');
      this.phaseNow = { kind: 'idle' };
      return true;
    }
    if (status === 'available' || status === 'out_of_service' || !STATUS_CHAIN.includes(status)) {
      this.phaseNow = { kind: 'idle' };
      return true;
    }
    // the call of a previous run is unknown here: stand the vehicle down (the core requeues or
    // closes its incident) and drive it home; a patient aboard is handed over first
    this.log().warn({ status }, 'vehicle left on a call by a previous run; standing it down');
    if (status === 'transporting') this.enqueueStatus('at_hospital');
    this.enqueueStatus('available');
    this.drive('home', this.options.vehicle.home.name, this.options.vehicle.home.at);
    this.phaseNow = { kind: 'to_station', mission: null, reportAvailable: false };
    return true;
  }

  private takeOffer(nowMs: number, resume: Extract<Phase, { kind: 'idle' | 'to_station' }>): void {
    const offer = this.inbox.shift();
    if (!offer) return;
    const { random } = this.options;
    const declineShare = this.options.declineShare ?? 0.03;
    const ignoreShare = this.options.ignoreShare ?? 0.03;
    const r = random();
    const decision = r < declineShare ? 'decline' : r < declineShare + ignoreShare ? 'ignore' : 'accept';
    const [fastestMs, slowestMs] = this.options.offerResponseMs ?? [5_000, 20_000];
    this.phaseNow = { kind: 'offered', offer, decision, resume, respondAtMs: nowMs + uniform(fastestMs, slowestMs, random) };
  }

  private async respond(phase: Extract<Phase, { kind: 'offered' }>, nowMs: number): Promise<boolean> {
    const { api } = this.options;
    const { offer, decision, resume } = phase;
    const ids = { vehicleId: this.vehicleId, incidentId: offer.incidentId, assignmentId: offer.assignmentId };
    if (decision === 'ignore') {
      this.log().info(ids, 'offer left unanswered');
      this.phaseNow = resume;
      return true;
    }
    if (decision === 'decline') {
      await api.declineAssignment(offer.assignmentId, '车辆故障 (vehicle fault, simulated)').catch((err: unknown) => {
        this.log().warn({ ...ids, err: String(err) }, 'decline not recorded; the offer will time out');
      });
      this.log().info(ids, 'offer declined');
      this.emit({ kind: 'declined', ...ids });
      this.phaseNow = resume;
      return true;
    }
    try {
      await api.acceptAssignment(offer.assignmentId);
    } catch (err) {
      const expired = offer.expiresAtMs !== null && nowMs > offer.expiresAtMs;
      if (isRetryable(err) && !expired) return this.failed(err, 'accept failed; retrying');
      this.log().info({ ...ids, err: String(err) }, 'offer gone before it was accepted');
      this.phaseNow = resume;
      return true;
    }
    // a returning crew's "back at the station" must not reach the core now: it would stand the
    // vehicle down from the call it has just taken
    this.dropQueuedStatus('available');
    const mission: Mission = { offer, ...classifyComplaint(offer.complaint) };
    this.emit({ kind: 'accepted', ...ids });
    this.log().info({ ...ids, complaint: offer.complaint }, 'offer accepted');
    // the crew gets in and the vehicle leaves within the 3-minute departure target, a few late
    const departS = this.options.random() < 0.05 ? uniform(190, 260, this.options.random) : uniform(30, 150, this.options.random);
    this.phaseNow = { kind: 'mobilising', mission, departAtMs: nowMs + this.simulatedMs(departS) };
    return true;
  }

  // Where to: the hospital the core recommends for what the assessment found, pre-notified when
  // it is a green-channel patient. When the core cannot say (down, or the assessment still
  // waiting in the outbox) the crew goes by its own knowledge of the county.
  private async leaveScene(mission: Mission): Promise<void> {
    const { incidentId } = mission.offer;
    let advice: { hospitalId: string; prenotify: boolean } | null = null;
    if (this.outbox.length === 0) {
      try {
        const list = await this.options.api.getDestinations(incidentId);
        const choice = list.items.find((i) => i.recommended) ?? list.items[0];
        if (choice) advice = { hospitalId: choice.hospitalId, prenotify: list.pathways.length > 0 };
      } catch (err) {
        this.log().warn({ incidentId, err: String(err) }, 'no destination advice from the core; choosing by the map');
      }
    }
    const hospital = advice
      ? this.options.county.facilities.find((f) => f.id === advice.hospitalId)
      : chooseDestination(mission.pathway, mission.offer.scene, this.options.county);
    if (!hospital) {
      this.log().error('the county has no hospital; going home');
      this.abort('no hospital');
      return;
    }
    const prenotify = advice ? advice.prenotify : mission.pathway !== 'other';
    this.outbox.push({ kind: prenotify ? 'prenotice' : 'destination', incidentId, hospitalId: hospital.id });
    this.enqueueStatus('transporting');
    this.drive('hospital', hospital.name, hospital);
    this.phaseNow = { kind: 'to_hospital', mission, hospital };
    this.log().info({ incidentId: mission.offer.incidentId, hospitalId: hospital.id }, 'transporting');
  }

  // At the door: the core's geofence stamps the arrival after its dwell; the crew taps it only
  // when the core has not done so in time (or there is no GPS drive to fence).
  private async awaitArrivalStamp(phase: Extract<Phase, { kind: 'arriving' }>, nowMs: number): Promise<boolean> {
    let stamped = false;
    if (nowMs >= phase.pollAtMs && this.outbox.length === 0 && nowMs < phase.tapAtMs) {
      phase.pollAtMs = nowMs + GEOFENCE_POLL_MS;
      try {
        stamped = (await this.options.api.getVehicleStatus(this.vehicleId)) === 'at_hospital';
      } catch (err) {
        if (isRetryable(err)) return this.failed(err, 'cannot read the vehicle back at the hospital');
      }
    }
    if (!stamped && nowMs < phase.tapAtMs) return true;
    if (!stamped) this.enqueueStatus('at_hospital');
    this.options.vehicle.detachMonitor();
    this.emit({ kind: 'handed_over', vehicleId: this.vehicleId, incidentId: phase.mission.offer.incidentId });
    this.log().info({ incidentId: phase.mission.offer.incidentId, by: stamped ? 'geofence' : 'crew' }, 'arrived at hospital');
    this.phaseNow = { kind: 'handover', mission: phase.mission, leaveAtMs: nowMs + this.simulatedMs(uniform(180, 600, this.options.random)) };
    return true;
  }

  /** The call is off (cancelled by the core): monitor off, statuses dropped, home. */
  private abort(reason: string): void {
    const phase = this.phaseNow;
    const mission = 'mission' in phase ? phase.mission : null;
    this.options.vehicle.detachMonitor();
    this.outbox.length = 0;
    if (mission) this.emit({ kind: 'aborted', vehicleId: this.vehicleId, incidentId: mission.offer.incidentId });
    this.log().info({ reason, incidentId: mission?.offer.incidentId }, 'call-out aborted; returning to station');
    this.drive('home', this.options.vehicle.home.name, this.options.vehicle.home.at);
    this.phaseNow = { kind: 'to_station', mission: null, reportAvailable: true };
  }

  /** Sends the outbox in order; false when the core could not be reached (try again later). */
  private async flushOutbox(): Promise<boolean> {
    while (this.outbox.length > 0) {
      const item = this.outbox[0];
      try {
        await this.send(item);
        this.outbox.shift();
      } catch (err) {
        if (item.kind === 'status' && hasCode(err, 'VEHICLE_ILLEGAL_TRANSITION')) {
          const reconciled = await this.reconcile(item);
          if (!reconciled) return false;
          continue;
        }
        if (isRetryable(err)) return this.failed(err, `could not send ${describeItem(item)}; retrying`);
        this.log().warn({ err: String(err) }, `core refused ${describeItem(item)}; dropped`);
        this.outbox.shift();
        // a refused pre-notice still leaves the crew's destination to record
        if (item.kind === 'prenotice') this.outbox.unshift({ kind: 'destination', incidentId: item.incidentId, hospitalId: item.hospitalId });
      }
    }
    return true;
  }

  private async send(item: OutboxItem): Promise<void> {
    const { api } = this.options;
    switch (item.kind) {
      case 'status':
        return api.setVehicleStatus(this.vehicleId, item.status);
      case 'destination':
        return api.setDestination(item.incidentId, item.hospitalId);
      case 'assessment': {
        const record = await api.recordAssessment(item.incidentId, item.assessment);
        this.log().info({ incidentId: item.incidentId, pathways: record.pathways.map((p) => p.pathway) }, 'assessment recorded');
        return;
      }
      case 'prenotice': {
        const sent = await api.sendPrenotice(item.incidentId, item.hospitalId);
        this.log().info({ incidentId: item.incidentId, hospitalId: item.hospitalId, pathways: sent.pathways }, 'pre-notice sent');
        this.emit({ kind: 'prenotice_sent', vehicleId: this.vehicleId, incidentId: item.incidentId, prenoticeId: sent.id, hospitalId: item.hospitalId, pathways: sent.pathways });
        return;
      }
    }
  }

  // The core refused a transition: it has probably advanced the vehicle itself. Read it back.
  private async reconcile(item: Extract<OutboxItem, { kind: 'status' }>): Promise<boolean> {
    let actual: VehicleStatus;
    try {
      actual = await this.options.api.getVehicleStatus(this.vehicleId);
    } catch (err) {
      if (isRetryable(err)) return this.failed(err, 'cannot read the vehicle back');
      this.outbox.shift();
      return true;
    }
    const wanted = STATUS_CHAIN.indexOf(item.status);
    const at = STATUS_CHAIN.indexOf(actual);
    if (actual === item.status || (at > wanted && actual !== 'available')) {
      this.log().debug({ wanted: item.status, actual }, 'the core had already moved the status on');
      this.outbox.shift();
      return true;
    }
    if (actual === 'available' || actual === 'out_of_service') {
      const busy = this.phaseNow.kind !== 'to_station' && this.phaseNow.kind !== 'idle';
      if (busy) this.abort(`the core says the vehicle is ${actual}`);
      else this.outbox.splice(0, this.outbox.length, ...this.outbox.filter((i) => i.kind !== 'status'));
      return true;
    }
    item.illegalCount++;
    if (at < 0 || item.illegalCount > 1) {
      this.log().warn({ wanted: item.status, actual }, 'status refused by the core; dropped');
      this.outbox.shift();
      return true;
    }
    // behind: send the missing steps first (e.g. en_route was lost)
    const missing = STATUS_CHAIN.slice(at + 1, wanted).map((status) => ({ kind: 'status' as const, status, illegalCount: 1 }));
    this.outbox.unshift(...missing);
    return true;
  }

  private enqueueStatus(status: VehicleStatus): void {
    this.outbox.push({ kind: 'status', status, illegalCount: 0 });
  }

  private dropQueuedStatus(status: VehicleStatus): void {
    const kept = this.outbox.filter((i) => !(i.kind === 'status' && i.status === status));
    this.outbox.splice(0, this.outbox.length, ...kept);
  }

  private drive(what: string, name: string, at: LatLonPoint): void {
    this.noRoute = !this.options.vehicle.driveTo(name, at);
    // no road there: the crew gets there anyway, the map just does not show the drive
    if (this.noRoute) this.log().warn({ to: what, name }, 'no road route; arriving without driving');
  }

  private arrivedAt(at: LatLonPoint): boolean {
    return this.noRoute || this.options.vehicle.isParkedAt(at);
  }

  private simulatedMs(simulatedS: number): number {
    return (simulatedS * 1000) / (this.options.speedup ?? 1);
  }

  private failed(err: unknown, message: string): false {
    if (!this.failing) this.log().warn({ err: String(err) }, message);
    this.failing = true;
    return false;
  }

  private emit(event: CrewEvent): void {
    try {
      this.options.onEvent?.(event);
    } catch (err) {
      this.log().error({ err: String(err) }, 'crew event listener failed');
    }
  }

  private log(): Logger {
    return this.options.logger.child({ vehicleId: this.vehicleId });
  }
}

function describeItem(item: OutboxItem): string {
  switch (item.kind) {
    case 'status':
      return `status ${item.status}`;
    case 'assessment':
      return 'the assessment';
    case 'destination':
    case 'prenotice':
      return `${item.kind} ${item.hospitalId}`;
  }
}

/** When to try again after a failed call: the delay doubles up to a minute and resets on success. */
class Backoff {
  private retryAtMs = 0;
  private delayMs: number;

  constructor(private readonly firstDelayMs: number) {
    this.delayMs = firstDelayMs;
  }

  isDue(nowMs: number): boolean {
    return nowMs >= this.retryAtMs;
  }

  get isFailing(): boolean {
    return this.retryAtMs > 0;
  }

  record(ok: boolean, nowMs: number): void {
    if (ok) {
      this.retryAtMs = 0;
      this.delayMs = this.firstDelayMs;
      return;
    }
    this.retryAtMs = nowMs + this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, MAX_RETRY_MS);
  }
}
