import { AssignmentSchema, IncidentSchema, VehicleStatusChangedEventSchema } from '@feijiu/contracts';
import type { County } from '@feijiu/geo';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { CountySimulation } from '../county-simulation';
import type { RandomSource } from '../random';
import { ApiSession, type ErApi, type FetchLike, HttpCrewApi, HttpDispatcherApi, HttpErApi } from './api-client';
import type { Pathway } from './call-generator';
import { CrewAgent, type CrewEvent } from './crew-agent';
import { DispatcherAgent } from './dispatcher-agent';
import { ErAgent } from './er-agent';
import { HumanCrewFollower } from './human-crew-follower';
import { connectLive, type LiveSocket, type LiveSocketOptions } from './live-socket';

// Incidents and crews in demo mode: one simulated dispatcher, one simulated ER per receiving
// hospital (answering the simulated crews' pre-notices) and one simulated crew per
// vehicle the simulator drives, except the vehicles people play (lh-01 by default: the `crew`
// demo login), which only follow what their person does at the tablet. They speak only the
// core's public REST API and `/live` socket, as the consoles do, each logged in as its own demo
// user; the crews steer the county simulation's vehicles and put monitors on their patients.

export interface IncidentSimulationOptions {
  apiUrl: string;
  /** FEIJIU_DEMO_PASSWORD: every demo user's password. */
  password: string;
  county: County;
  fleet: CountySimulation;
  callIntervalS: number;
  speedup: number;
  logger: Logger;
  /** Vehicles a person plays: never acted for, never assigned. */
  humanVehicleIds?: readonly string[];
  random?: RandomSource;
  now?: () => number;
  tickMs?: number;
  /** Spreads the crews' first logins over time instead of all at once. */
  startStaggerMs?: number;
  fetch?: FetchLike;
  connect?: (options: LiveSocketOptions) => LiveSocket;
  declineShare?: number;
  ignoreShare?: number;
  offerResponseMs?: readonly [number, number];
  /** First wait after a failed call to the core. */
  retryMs?: number;
  /** The pathways of the first calls, in order (then the usual mix). */
  scriptedCalls?: readonly Pathway[];
  /** How long a crew at the hospital door leaves the arrival to the core's geofence. */
  geofenceWaitMs?: number;
  /** How long (real ms) a simulated ER takes to acknowledge a pre-notice. */
  acknowledgeMs?: readonly [number, number];
}

export interface IncidentSimulation {
  readonly crewVehicleIds: readonly string[];
  stop(): Promise<void>;
}

export const DEFAULT_HUMAN_VEHICLE_IDS: readonly string[] = ['lh-01'];
const DISPATCHER_USERNAME = 'dispatcher';
// calls come from within this distance of a simulated crew's station
const CALL_REACH_M = 15_000;
const STOP_TIMEOUT_MS = 3000;

export function crewUsername(vehicleId: string): string {
  return `crew-${vehicleId}`;
}

// the event payloads, picked down to what the simulator uses
const OfferedEventSchema = z.object({
  assignment: AssignmentSchema.pick({ id: true, incidentId: true, vehicleId: true, offerExpiresAt: true }),
  incident: IncidentSchema.pick({ id: true, complaint: true, location: true, address: true, patient: true }).partial({ patient: true }),
});
const AssignmentUpdateSchema = AssignmentSchema.pick({ id: true, incidentId: true, vehicleId: true, status: true });
const FollowedIncidentSchema = IncidentSchema.pick({
  id: true,
  status: true,
  location: true,
  address: true,
  complaint: true,
  destinationHospitalId: true,
}).extend({ assignments: z.array(AssignmentSchema.pick({ vehicleId: true, status: true })) });
const StatusChangeSchema = VehicleStatusChangedEventSchema.pick({ vehicleId: true, to: true });

interface Ticking {
  name: string;
  startAtMs: number;
  tick: (nowMs: number) => Promise<void>;
  inFlight: Promise<void> | null;
}

export function startIncidentSimulation(options: IncidentSimulationOptions): IncidentSimulation {
  const runner = new IncidentSimulationRunner(options);
  runner.start();
  return runner;
}

class IncidentSimulationRunner implements IncidentSimulation {
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly random: RandomSource;
  private readonly abort = new AbortController();
  private readonly human: ReadonlySet<string>;
  private readonly sockets: LiveSocket[] = [];
  private readonly crews: CrewAgent[] = [];
  private readonly followers: HumanCrewFollower[] = [];
  private readonly dispatcherSession: ApiSession;
  private readonly dispatcherApi: HttpDispatcherApi;
  private readonly dispatcher: DispatcherAgent;
  private readonly er: ErAgent;
  private readonly erApis = new Map<string, ErApi>();
  private agents: Ticking[] = [];
  private timer: NodeJS.Timeout | null = null;
  private followersSynced = false;
  private followerRetryAtMs = 0;
  private stopped: Promise<void> | null = null;

  constructor(private readonly options: IncidentSimulationOptions) {
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.human = new Set(options.humanVehicleIds ?? DEFAULT_HUMAN_VEHICLE_IDS);
    this.dispatcherSession = this.sessionFor(DISPATCHER_USERNAME);
    this.dispatcherApi = new HttpDispatcherApi(this.dispatcherSession);
    const crewIds = this.crewIds;
    this.dispatcher = new DispatcherAgent({
      api: this.dispatcherApi,
      county: options.county,
      random: this.random,
      logger: this.logger.child({ agent: 'dispatcher' }),
      callIntervalS: options.callIntervalS,
      crewVehicleIds: new Set(crewIds),
      callArea: { stations: crewIds.flatMap((id) => options.fleet.vehicle(id)?.home.at ?? []), withinM: CALL_REACH_M },
      availableCrews: () => this.crews.filter((c) => c.isAvailable).length,
      retryMs: options.retryMs,
      scriptedCalls: options.scriptedCalls,
    });
    this.er = new ErAgent({
      apiFor: (hospitalId) => this.erApiFor(hospitalId),
      random: this.random,
      logger: this.logger.child({ agent: 'er' }),
      speedup: options.speedup,
      acknowledgeMs: options.acknowledgeMs,
      retryMs: options.retryMs,
    });
  }

  get crewVehicleIds(): readonly string[] {
    return this.crews.map((c) => c.vehicleId);
  }

  private get crewIds(): string[] {
    return this.options.fleet.vehicleIds.filter((id) => !this.human.has(id));
  }

  start(): void {
    this.createFollowers();
    this.listenAsDispatcher();
    this.createCrews();
    const startMs = this.now();
    const stagger = this.options.startStaggerMs ?? 150;
    this.agents = [
      { name: 'dispatcher', startAtMs: startMs, tick: (t) => this.dispatcher.tick(t), inFlight: null },
      { name: 'followers', startAtMs: startMs, tick: (t) => this.syncFollowers(t), inFlight: null },
      { name: 'er', startAtMs: startMs, tick: (t) => this.er.tick(t), inFlight: null },
      ...this.crews.map((crew, i) => ({ name: crew.vehicleId, startAtMs: startMs + i * stagger, tick: (t: number) => crew.tick(t), inFlight: null })),
    ];
    this.timer = setInterval(() => this.tick(), this.options.tickMs ?? 1000);
    this.logger.info(
      { api: this.options.apiUrl, crews: this.crews.length, callIntervalS: this.options.callIntervalS, human: [...this.human] },
      'incident simulation started',
    );
  }

  /** Stops ticking and listening, aborts calls in flight and waits (briefly) for the steps under way. */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      if (this.timer) clearInterval(this.timer);
      for (const socket of this.sockets) socket.close();
      this.abort.abort();
      const inFlight = this.agents.flatMap((a) => (a.inFlight ? [a.inFlight] : []));
      await Promise.race([Promise.allSettled(inFlight), new Promise((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS))]);
    })();
    return this.stopped;
  }

  // One step for every simulated user whose last step has finished; a failed step is logged.
  private tick(): void {
    const nowMs = this.now();
    for (const agent of this.agents) {
      if (agent.inFlight || nowMs < agent.startAtMs) continue;
      agent.inFlight = agent
        .tick(nowMs)
        .catch((err: unknown) => this.logger.error({ agent: agent.name, err }, 'simulated user step failed'))
        .finally(() => {
          agent.inFlight = null;
        });
    }
  }

  private sessionFor(username: string): ApiSession {
    const { apiUrl, password, fetch } = this.options;
    return new ApiSession({ baseUrl: apiUrl, username, password, fetch, signal: this.abort.signal });
  }

  private erApiFor(hospitalId: string): ErApi {
    let api = this.erApis.get(hospitalId);
    if (!api) {
      api = new HttpErApi(this.sessionFor(`er-${hospitalId}`));
      this.erApis.set(hospitalId, api);
    }
    return api;
  }

  private listen(session: ApiSession, handlers: LiveSocketOptions['handlers']): void {
    const connect = this.options.connect ?? connectLive;
    this.sockets.push(
      connect({
        baseUrl: this.options.apiUrl,
        username: session.username,
        accessToken: () => session.accessToken(),
        invalidateToken: () => session.invalidate(),
        logger: this.logger,
        handlers,
      }),
    );
  }

  private createCrews(): void {
    const { options } = this;
    for (const vehicleId of this.crewIds) {
      const vehicle = options.fleet.vehicle(vehicleId);
      if (!vehicle) continue;
      const session = this.sessionFor(crewUsername(vehicleId));
      const crew = new CrewAgent({
        vehicle,
        api: new HttpCrewApi(session),
        county: options.county,
        random: this.random,
        logger: this.logger.child({ agent: 'crew' }),
        speedup: options.speedup,
        onEvent: (event: CrewEvent) => {
          this.dispatcher.receiveCrewEvent(event);
          this.er.receiveCrewEvent(event, this.now());
        },
        declineShare: options.declineShare,
        ignoreShare: options.ignoreShare,
        offerResponseMs: options.offerResponseMs,
        retryMs: options.retryMs,
        geofenceWaitMs: options.geofenceWaitMs,
      });
      this.crews.push(crew);
      this.listen(session, crewHandlers(crew));
    }
  }

  // the vehicles people play: followed, never acted for
  private createFollowers(): void {
    for (const id of this.options.fleet.vehicleIds.filter((v) => this.human.has(v))) {
      const vehicle = this.options.fleet.vehicle(id);
      if (vehicle) this.followers.push(new HumanCrewFollower({ vehicle, county: this.options.county, logger: this.logger.child({ agent: 'follower' }) }));
    }
    this.followersSynced = this.followers.length === 0;
  }

  private listenAsDispatcher(): void {
    this.listen(this.dispatcherSession, {
      'assignment.updated': (payload) => {
        const update = AssignmentUpdateSchema.safeParse(payload);
        if (update.success) this.dispatcher.receiveAssignmentUpdate(update.data);
      },
      'incident.updated': (payload) => {
        const incident = FollowedIncidentSchema.safeParse(payload);
        if (incident.success) for (const f of this.followers) f.receiveIncident(incident.data);
      },
      'vehicle.status_changed': (payload) => {
        const change = StatusChangeSchema.safeParse(payload);
        if (change.success) for (const f of this.followers) f.receiveStatusChange(change.data);
      },
    });
  }

  // Where the people's vehicles are at start: their status and their open call.
  private async syncFollowers(nowMs: number): Promise<void> {
    if (this.followersSynced || nowMs < this.followerRetryAtMs) return;
    this.followerRetryAtMs = nowMs + 10_000;
    try {
      const open = await this.dispatcherApi.listOpenIncidents();
      for (const follower of this.followers) follower.sync(await this.dispatcherApi.getVehicleStatus(follower.vehicleId), open);
      this.followersSynced = true;
    } catch (err) {
      this.logger.warn({ err: String(err) }, "cannot read the human crews' vehicles yet; retrying");
    }
  }
}

function crewHandlers(crew: CrewAgent): LiveSocketOptions['handlers'] {
  return {
    'assignment.offered': (payload) => {
      const event = OfferedEventSchema.safeParse(payload);
      if (!event.success || event.data.assignment.vehicleId !== crew.vehicleId) return;
      const { assignment, incident } = event.data;
      crew.receiveOffer({
        assignmentId: assignment.id,
        incidentId: incident.id,
        scene: incident.location,
        address: incident.address,
        complaint: incident.complaint,
        patient: incident.patient ?? null,
        expiresAtMs: Date.parse(assignment.offerExpiresAt),
      });
    },
    'assignment.updated': (payload) => {
      const update = AssignmentUpdateSchema.safeParse(payload);
      if (update.success && update.data.vehicleId === crew.vehicleId) crew.receiveAssignmentUpdate(update.data);
    },
  };
}
