import { type GpsMessage, GpsMessageSchema } from '@feijiu/contracts';
import { buildRoadGraph, type County, type CountyVehicle, DEMO_COUNTY } from '@feijiu/geo';
import pino, { type Logger } from 'pino';
import { GatewayConnection } from './gateway-connection';
import { SeqStore } from './seq-store';
import { planTrip } from './trip-planner';
import { VehicleDriver } from './vehicle-driver';

// A county in motion: every simulated ambulance has its own gateway session and a driver; one
// timer moves them all and publishes their GPS over the public contract. About a third of the
// fleet starts out on a call, and parked vehicles keep getting new calls, so the dispatch map
// is always alive.

export interface CountySimulationOptions {
  mqttUrl: string;
  /** Every demo gateway logs in as its vehicle id with this password. */
  password: string;
  stateDir: string;
  gpsIntervalMs?: number;
  /** Simulated seconds per real second. */
  speedup?: number;
  /** Only these vehicles; the whole fleet when absent. */
  vehicleIds?: readonly string[] | null;
  /** How often a vehicle that is standing still reports its position (real time). */
  stationaryReportIntervalMs?: number;
  /** Share of the fleet that starts out on a call. */
  initialBusyFraction?: number;
  /** Mean simulated time a parked vehicle waits for its next call. */
  meanIdleS?: number;
  county?: County;
  logger?: Logger;
  random?: () => number;
  now?: () => Date;
  seqFlushIntervalMs?: number;
  reconnectPeriodMs?: number;
}

export interface CountySimulation {
  readonly vehicleIds: readonly string[];
  stop(): Promise<void>;
}

interface SimulatedVehicle {
  vehicle: CountyVehicle;
  driver: VehicleDriver;
  connection: GatewayConnection;
  lastReportAtMs: number;
  movingAtLastReport: boolean;
}

// A trip takes roughly 1–1.5 simulated hours; idling twice as long keeps about a third busy.
const DEFAULT_MEAN_IDLE_S = 2.5 * 3600;
// after an event-loop stall, do not jump vehicles further than a few ticks
const MAX_TICK_CATCH_UP = 5;

export function startCountySimulation(options: CountySimulationOptions): CountySimulation {
  const county = options.county ?? DEMO_COUNTY;
  const logger = options.logger ?? pino({ level: 'silent' });
  const random = options.random ?? Math.random;
  const now = options.now ?? (() => new Date());
  const gpsIntervalMs = options.gpsIntervalMs ?? 1000;
  const speedup = options.speedup ?? 1;
  const stationaryReportIntervalMs = options.stationaryReportIntervalMs ?? 10_000;
  const meanIdleS = options.meanIdleS ?? DEFAULT_MEAN_IDLE_S;

  const selected = options.vehicleIds ? new Set(options.vehicleIds) : null;
  const vehicles = county.vehicles.filter((v) => !selected || selected.has(v.id));
  const graph = buildRoadGraph(county.roads);
  const seqStore = new SeqStore({
    dir: options.stateDir,
    flushIntervalMs: options.seqFlushIntervalMs,
    onError: (err) => logger.warn({ err }, 'could not save seq counters; retrying'),
  });
  const { recoveredFromUncleanStop } = seqStore.start();
  if (recoveredFromUncleanStop) logger.warn('last run did not stop cleanly: seq counters skipped ahead');

  const fleet: SimulatedVehicle[] = vehicles.map((vehicle) => {
    const station = county.facilities.find((f) => f.id === vehicle.stationId);
    if (!station) throw new Error(`vehicle ${vehicle.id}: station ${vehicle.stationId} is not in the county`);
    const driver = new VehicleDriver({ vehicleId: vehicle.id, home: station, graph, random });
    const connection = new GatewayConnection({
      url: options.mqttUrl,
      vehicleId: vehicle.id,
      password: options.password,
      logger,
      now,
      reconnectPeriodMs: options.reconnectPeriodMs,
    });
    return { vehicle, driver, connection, lastReportAtMs: -Infinity, movingAtLastReport: false };
  });

  // a county already busy: some vehicles part-way through a call
  const busyCount =
    fleet.length === 0 ? 0 : Math.max(1, Math.round(fleet.length * (options.initialBusyFraction ?? 1 / 3)));
  for (const sim of shuffle(fleet, random).slice(0, Math.min(busyCount, fleet.length))) {
    const stops = planTrip(sim.vehicle, county, random);
    sim.driver.startTrip(stops, { legIndex: Math.floor(random() * stops.length), fraction: random() * 0.9 });
  }

  for (const sim of fleet) sim.connection.start();

  const report = (sim: SimulatedVehicle, nowDate: Date): void => {
    const fix = sim.driver.fix();
    const hdop = round(0.7 + random() * 0.8, 1);
    // a receiver's few metres of scatter
    const jitterM = hdop * 1.5;
    const candidate: GpsMessage = {
      seq: seqStore.last(sim.vehicle.id, 'gps') + 1,
      ts: nowDate.toISOString(),
      lat: round(fix.lat + ((random() * 2 - 1) * jitterM) / 111_195, 7),
      lon: round(fix.lon + ((random() * 2 - 1) * jitterM) / (111_195 * Math.cos((fix.lat * Math.PI) / 180)), 7),
      speedMps: round(fix.speedMps, 2),
      headingDeg: round(fix.headingDeg, 1) % 360,
      fix: 'gps',
      hdop,
    };
    const valid = GpsMessageSchema.safeParse(candidate);
    if (!valid.success) {
      logger.error({ vehicleId: sim.vehicle.id, issues: valid.error.issues }, 'GPS fix breaks the contract; not sent');
      return;
    }
    seqStore.next(sim.vehicle.id, 'gps');
    sim.connection.publishGps(valid.data);
    sim.lastReportAtMs = nowDate.getTime();
    sim.movingAtLastReport = fix.speedMps > 0;
  };

  let lastTickMs = now().getTime();
  const tick = (): void => {
    const nowDate = now();
    const elapsedMs = Math.min(nowDate.getTime() - lastTickMs, gpsIntervalMs * MAX_TICK_CATCH_UP);
    lastTickMs = nowDate.getTime();
    const dtS = (Math.max(elapsedMs, 0) / 1000) * speedup;
    for (const sim of fleet) {
      sim.driver.advance(dtS);
      if (sim.driver.activity === 'parked' && random() < dtS / meanIdleS) {
        const stops = planTrip(sim.vehicle, county, random);
        if (sim.driver.startTrip(stops)) {
          logger.debug({ vehicleId: sim.vehicle.id, scene: stops[0]?.name }, 'call-out started');
        }
      }
      const moving = sim.driver.fix().speedMps > 0;
      const due = nowDate.getTime() - sim.lastReportAtMs >= stationaryReportIntervalMs;
      if (moving || sim.movingAtLastReport || due) report(sim, nowDate);
    }
  };

  const timer = setInterval(tick, gpsIntervalMs);
  // everyone on the map at once instead of after the first interval
  for (const sim of fleet) report(sim, now());

  let stopped: Promise<void> | null = null;
  return {
    vehicleIds: fleet.map((s) => s.vehicle.id),
    stop(): Promise<void> {
      stopped ??= (async () => {
        clearInterval(timer);
        await Promise.all(fleet.map((s) => s.connection.stop()));
        seqStore.stop();
      })();
      return stopped;
    },
  };
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
