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
const METRES_PER_DEGREE_LAT = 111_195;

/** Starts the county: gateways connect in the background (a broker outage does not stop it). */
export function startCountySimulation(options: CountySimulationOptions): CountySimulation {
  const simulation = new CountySimulationRunner(options);
  simulation.start();
  return simulation;
}

class CountySimulationRunner implements CountySimulation {
  private readonly county: County;
  private readonly logger: Logger;
  private readonly random: () => number;
  private readonly now: () => Date;
  private readonly gpsIntervalMs: number;
  private readonly fleet: SimulatedVehicle[];
  private readonly seqStore: SeqStore;
  private timer: NodeJS.Timeout | null = null;
  private lastTickMs = 0;
  private stopped: Promise<void> | null = null;

  constructor(private readonly options: CountySimulationOptions) {
    this.county = options.county ?? DEMO_COUNTY;
    this.logger = options.logger ?? pino({ level: 'silent' });
    this.random = options.random ?? Math.random;
    this.now = options.now ?? (() => new Date());
    this.gpsIntervalMs = options.gpsIntervalMs ?? 1000;
    this.seqStore = new SeqStore({
      dir: options.stateDir,
      flushIntervalMs: options.seqFlushIntervalMs,
      onError: (err) => this.logger.warn({ err }, 'could not save seq counters; retrying'),
    });
    this.fleet = [];
  }

  get vehicleIds(): readonly string[] {
    return this.fleet.map((s) => s.vehicle.id);
  }

  start(): void {
    const { recoveredFromUncleanStop } = this.seqStore.start();
    if (recoveredFromUncleanStop) this.logger.warn('last run did not stop cleanly: seq counters skipped ahead');
    this.fleet.push(...this.createFleet());
    this.sendSomeOnCalls();
    for (const sim of this.fleet) sim.connection.start();
    this.lastTickMs = this.now().getTime();
    this.timer = setInterval(() => this.tick(), this.gpsIntervalMs);
    // everyone on the map at once instead of after the first interval
    const nowDate = this.now();
    for (const sim of this.fleet) this.report(sim, nowDate);
  }

  /** Stops the clock, says offline and closes every gateway, then saves the seq counters. */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      if (this.timer) clearInterval(this.timer);
      await Promise.all(this.fleet.map((s) => s.connection.stop()));
      this.seqStore.stop();
    })();
    return this.stopped;
  }

  private createFleet(): SimulatedVehicle[] {
    const { options, county } = this;
    const selected = options.vehicleIds ? new Set(options.vehicleIds) : null;
    const graph = buildRoadGraph(county.roads);
    return county.vehicles
      .filter((v) => !selected || selected.has(v.id))
      .map((vehicle) => {
        const station = county.facilities.find((f) => f.id === vehicle.stationId);
        if (!station) throw new Error(`vehicle ${vehicle.id}: station ${vehicle.stationId} is not in the county`);
        const driver = new VehicleDriver({ vehicleId: vehicle.id, home: station, graph, random: this.random });
        const connection = new GatewayConnection({
          url: options.mqttUrl,
          vehicleId: vehicle.id,
          password: options.password,
          logger: this.logger,
          now: this.now,
          reconnectPeriodMs: options.reconnectPeriodMs,
        });
        return { vehicle, driver, connection, lastReportAtMs: -Infinity, movingAtLastReport: false };
      });
  }

  /** A county already busy: some vehicles start part-way through a call. */
  private sendSomeOnCalls(): void {
    if (this.fleet.length === 0) return;
    const fraction = this.options.initialBusyFraction ?? 1 / 3;
    const busyCount = Math.min(this.fleet.length, Math.max(1, Math.round(this.fleet.length * fraction)));
    for (const sim of shuffle(this.fleet, this.random).slice(0, busyCount)) {
      const stops = planTrip(sim.vehicle, this.county, this.random);
      const resume = { legIndex: Math.floor(this.random() * stops.length), fraction: this.random() * 0.9 };
      sim.driver.startTrip(stops, resume);
    }
  }

  private tick(): void {
    const nowDate = this.now();
    const elapsedMs = Math.min(nowDate.getTime() - this.lastTickMs, this.gpsIntervalMs * MAX_TICK_CATCH_UP);
    this.lastTickMs = nowDate.getTime();
    const dtS = (Math.max(elapsedMs, 0) / 1000) * (this.options.speedup ?? 1);
    const meanIdleS = this.options.meanIdleS ?? DEFAULT_MEAN_IDLE_S;
    const stationaryReportIntervalMs = this.options.stationaryReportIntervalMs ?? 10_000;
    for (const sim of this.fleet) {
      sim.driver.advance(dtS);
      if (sim.driver.activity === 'parked' && this.random() < dtS / meanIdleS) this.startCall(sim);
      const moving = sim.driver.fix().speedMps > 0;
      const due = nowDate.getTime() - sim.lastReportAtMs >= stationaryReportIntervalMs;
      // moving: every tick; standing still: now and then, plus once when it comes to a stop
      if (moving || sim.movingAtLastReport || due) this.report(sim, nowDate);
    }
  }

  private startCall(sim: SimulatedVehicle): void {
    const stops = planTrip(sim.vehicle, this.county, this.random);
    if (sim.driver.startTrip(stops)) {
      this.logger.debug({ vehicleId: sim.vehicle.id, scene: stops[0]?.name }, 'call-out started');
    }
  }

  private report(sim: SimulatedVehicle, nowDate: Date): void {
    const fix = sim.driver.fix();
    const hdop = round(0.7 + this.random() * 0.8, 1);
    // a receiver's few metres of scatter
    const jitterM = hdop * 1.5;
    const metresPerDegreeLon = METRES_PER_DEGREE_LAT * Math.cos((fix.lat * Math.PI) / 180);
    const candidate: GpsMessage = {
      seq: this.seqStore.last(sim.vehicle.id, 'gps') + 1,
      ts: nowDate.toISOString(),
      lat: round(fix.lat + ((this.random() * 2 - 1) * jitterM) / METRES_PER_DEGREE_LAT, 7),
      lon: round(fix.lon + ((this.random() * 2 - 1) * jitterM) / metresPerDegreeLon, 7),
      speedMps: round(fix.speedMps, 2),
      headingDeg: round(fix.headingDeg, 1) % 360,
      fix: 'gps',
      hdop,
    };
    const valid = GpsMessageSchema.safeParse(candidate);
    if (!valid.success) {
      this.logger.error({ vehicleId: sim.vehicle.id, issues: valid.error.issues }, 'GPS fix breaks the contract; not sent');
      return;
    }
    this.seqStore.next(sim.vehicle.id, 'gps');
    sim.connection.publishGps(valid.data);
    sim.lastReportAtMs = nowDate.getTime();
    sim.movingAtLastReport = fix.speedMps > 0;
  }
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
