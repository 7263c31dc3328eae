import { AssignmentSchema, IncidentSchema } from '@feijiu/contracts';
import type { County } from '@feijiu/geo';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { CountySimulation } from '../county-simulation';
import type { RandomSource } from '../random';
import { ApiSession, type FetchLike, HttpCrewApi, HttpDispatcherApi } from './api-client';
import { CrewAgent, type CrewEvent } from './crew-agent';
import { DispatcherAgent } from './dispatcher-agent';
import { connectLive, type LiveSocket, type LiveSocketOptions } from './live-socket';

// Incidents and crews in demo mode: one simulated dispatcher and one simulated crew per
// vehicle the simulator drives, except the vehicles people play (lh-01 by default: the `crew`
// demo login). They speak only the core's public REST API and `/live` socket, as the consoles
// do, each logged in as its own demo user; the crews steer the county simulation's vehicles
// and put monitors on their patients.

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
}

export interface IncidentSimulation {
  readonly crewVehicleIds: readonly string[];
  stop(): Promise<void>;
}

export const DEFAULT_HUMAN_VEHICLE_IDS: readonly string[] = ['lh-01'];
const DISPATCHER_USERNAME = 'dispatcher';
const STOP_TIMEOUT_MS = 3000;

export function crewUsername(vehicleId: string): string {
  return `crew-${vehicleId}`;
}

// the event payloads, picked down to what the simulator uses
const OfferedEventSchema = z.object({
  assignment: AssignmentSchema.pick({ id: true, incidentId: true, vehicleId: true, offerExpiresAt: true }),
  incident: IncidentSchema.pick({ id: true, complaint: true, location: true, address: true }),
});
const AssignmentUpdateSchema = AssignmentSchema.pick({ id: true, incidentId: true, vehicleId: true, status: true });

interface Ticking {
  name: string;
  startAtMs: number;
  tick: (nowMs: number) => Promise<void>;
  inFlight: Promise<void> | null;
}

export function startIncidentSimulation(options: IncidentSimulationOptions): IncidentSimulation {
  const { logger, fleet } = options;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const connect = options.connect ?? connectLive;
  const abort = new AbortController();
  const human = new Set(options.humanVehicleIds ?? DEFAULT_HUMAN_VEHICLE_IDS);
  const crewIds = fleet.vehicleIds.filter((id) => !human.has(id));
  const sessionFor = (username: string) =>
    new ApiSession({ baseUrl: options.apiUrl, username, password: options.password, fetch: options.fetch, signal: abort.signal });
  const sockets: LiveSocket[] = [];
  const listen = (session: ApiSession, handlers: LiveSocketOptions['handlers']) =>
    sockets.push(
      connect({
        baseUrl: options.apiUrl,
        username: session.username,
        accessToken: () => session.accessToken(),
        invalidateToken: () => session.invalidate(),
        logger,
        handlers,
      }),
    );

  const crews: CrewAgent[] = [];
  const onCrewEvent = (event: CrewEvent) => dispatcher.receiveCrewEvent(event);
  const dispatcherSession = sessionFor(DISPATCHER_USERNAME);
  const dispatcher = new DispatcherAgent({
    api: new HttpDispatcherApi(dispatcherSession),
    county: options.county,
    random,
    logger: logger.child({ agent: 'dispatcher' }),
    callIntervalS: options.callIntervalS,
    crewVehicleIds: new Set(crewIds),
    availableCrews: () => crews.filter((c) => c.isAvailable).length,
    retryMs: options.retryMs,
  });
  listen(dispatcherSession, {
    'assignment.updated': (payload) => {
      const update = AssignmentUpdateSchema.safeParse(payload);
      if (update.success) dispatcher.receiveAssignmentUpdate(update.data);
    },
  });

  for (const vehicleId of crewIds) {
    const vehicle = fleet.vehicle(vehicleId);
    if (!vehicle) continue;
    const session = sessionFor(crewUsername(vehicleId));
    const crew = new CrewAgent({
      vehicle,
      api: new HttpCrewApi(session),
      county: options.county,
      random,
      logger: logger.child({ agent: 'crew' }),
      speedup: options.speedup,
      onEvent: onCrewEvent,
      declineShare: options.declineShare,
      ignoreShare: options.ignoreShare,
      offerResponseMs: options.offerResponseMs,
      retryMs: options.retryMs,
    });
    crews.push(crew);
    listen(session, crewHandlers(crew));
  }

  const startMs = now();
  const stagger = options.startStaggerMs ?? 150;
  const agents: Ticking[] = [
    { name: 'dispatcher', startAtMs: startMs, tick: (t) => dispatcher.tick(t), inFlight: null },
    ...crews.map((crew, i) => ({ name: crew.vehicleId, startAtMs: startMs + i * stagger, tick: (t: number) => crew.tick(t), inFlight: null })),
  ];
  const timer = setInterval(() => {
    const nowMs = now();
    for (const agent of agents) {
      if (agent.inFlight || nowMs < agent.startAtMs) continue;
      agent.inFlight = agent
        .tick(nowMs)
        .catch((err: unknown) => logger.error({ agent: agent.name, err }, 'simulated user step failed'))
        .finally(() => {
          agent.inFlight = null;
        });
    }
  }, options.tickMs ?? 1000);

  logger.info({ api: options.apiUrl, crews: crews.length, callIntervalS: options.callIntervalS, human: [...human] }, 'incident simulation started');

  let stopped: Promise<void> | null = null;
  return {
    crewVehicleIds: crews.map((c) => c.vehicleId),
    stop: () => {
      stopped ??= (async () => {
        clearInterval(timer);
        for (const socket of sockets) socket.close();
        abort.abort();
        const inFlight = agents.flatMap((a) => (a.inFlight ? [a.inFlight] : []));
        await Promise.race([Promise.allSettled(inFlight), new Promise((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS))]);
      })();
      return stopped;
    },
  };
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
        expiresAtMs: Date.parse(assignment.offerExpiresAt),
      });
    },
    'assignment.updated': (payload) => {
      const update = AssignmentUpdateSchema.safeParse(payload);
      if (update.success && update.data.vehicleId === crew.vehicleId) crew.receiveAssignmentUpdate(update.data);
    },
  };
}
