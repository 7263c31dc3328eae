import { AlarmMessageSchema, type GpsMessage, GpsMessageSchema, VitalsMessageSchema, WaveformMessageSchema } from '@feijiu/contracts';
import { buildRoadGraph, type County, type CountyVehicle, DEMO_COUNTY, distanceM, type LatLonPoint } from '@feijiu/geo';
import pino, { type Logger } from 'pino';
import { GatewayConnection } from './gateway-connection';
import { MonitorSession, type UnsequencedAlarm, WAVEFORM_CHUNK_MS } from './monitors/monitor-session';
import type { ScenarioKind } from './monitors/patient-scenario';
import { SeqStore } from './seq-store';
import { planTrip } from './trip-planner';
import { VehicleDriver } from './vehicle-driver';

// A county in motion: every simulated ambulance has its own gateway session and a driver; one
// timer moves them all and publishes their GPS over the public contract. On its own
// (`autonomousCalls`), about a third of the fleet starts out on a call and parked vehicles keep
// getting new calls, so the dispatch map is always alive; a few of the vehicles carrying a
// patient run a 12-lead monitor, which raises and clears its alarms on the `alarm` topic. When
// the incident simulation drives the fleet instead, it steers each vehicle through `vehicle(id)`
// and attaches the monitors itself.

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
  /** Vehicles take calls on their own (the default); off when the incident simulation steers them. */
  autonomousCalls?: boolean;
  /** At most this many monitors run at once across the county. */
  maxMonitors?: number;
  /** Mark monitor data as demo data (the default: the simulator is a demo). */
  demoFlag?: boolean;
}

/** One vehicle as the incident simulation steers it. */
export interface VehicleControl {
  readonly vehicleId: string;
  readonly home: { name: string; at: LatLonPoint };
  position(): LatLonPoint;
  /** Drops any trip and drives to the place along the roads, parking there; false when no route. */
  driveTo(name: string, at: LatLonPoint): boolean;
  /** Parked within `withinM` of the place. */
  isParkedAt(at: LatLonPoint, withinM?: number): boolean;
  /** Puts a monitor on the patient; false when the county's monitor limit is reached. */
  attachMonitor(scenario: ScenarioKind): boolean;
  detachMonitor(): void;
  readonly monitorScenario: ScenarioKind | null;
}

export interface CountySimulation {
  readonly vehicleIds: readonly string[];
  vehicle(vehicleId: string): VehicleControl | undefined;
  stop(): Promise<void>;
}

interface SimulatedVehicle {
  vehicle: CountyVehicle;
  home: { name: string; at: LatLonPoint };
  driver: VehicleDriver;
  connection: GatewayConnection;
  lastReportAtMs: number;
  movingAtLastReport: boolean;
  monitor: MonitorSession | null;
}

// A trip takes roughly 1–1.5 simulated hours; idling twice as long keeps about a third busy.
const DEFAULT_MEAN_IDLE_S = 2.5 * 3600;
// after an event-loop stall, do not jump vehicles further than a few ticks
const MAX_TICK_CATCH_UP = 5;
const METRES_PER_DEGREE_LAT = 111_195;
const DEFAULT_MAX_MONITORS = 4;
// the scenarios a patient on an autonomous call-out gets, in turn
const AUTONOMOUS_SCENARIOS: readonly ScenarioKind[] = ['stemi', 'stroke', 'haemorrhagic_shock'];

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
  private monitorTimer: NodeJS.Timeout | null = null;
  private nextAutonomousScenario = 0;
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

  vehicle(vehicleId: string): VehicleControl | undefined {
    const sim = this.fleet.find((s) => s.vehicle.id === vehicleId);
    return sim ? this.controlOf(sim) : undefined;
  }

  start(): void {
    const { recoveredFromUncleanStop } = this.seqStore.start();
    if (recoveredFromUncleanStop) this.logger.warn('last run did not stop cleanly: seq counters skipped ahead');
    this.fleet.push(...this.createFleet());
    if (this.autonomous) this.sendSomeOnCalls();
    for (const sim of this.fleet) sim.connection.start();
    this.lastTickMs = this.now().getTime();
    this.timer = setInterval(() => this.tick(), this.gpsIntervalMs);
    this.monitorTimer = setInterval(() => this.produceMonitorData(), WAVEFORM_CHUNK_MS);
    // everyone on the map at once instead of after the first interval
    const nowDate = this.now();
    for (const sim of this.fleet) this.report(sim, nowDate);
  }

  /** Stops the clock, says offline and closes every gateway, then saves the seq counters. */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      if (this.timer) clearInterval(this.timer);
      if (this.monitorTimer) clearInterval(this.monitorTimer);
      // the monitors go off with the county: their alarms end before the gateways say offline
      for (const sim of this.fleet) this.detachMonitor(sim);
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
        const home = { name: station.name, at: { lat: station.lat, lon: station.lon } };
        return { vehicle, home, driver, connection, lastReportAtMs: -Infinity, movingAtLastReport: false, monitor: null };
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
      if (this.autonomous) {
        if (sim.driver.activity === 'parked' && this.random() < dtS / meanIdleS) this.startCall(sim);
        this.monitorAutonomousPatient(sim);
      }
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

  private get autonomous(): boolean {
    return this.options.autonomousCalls ?? true;
  }

  // On its own, a vehicle carries a patient from the scene (while on scene) to the hospital.
  private monitorAutonomousPatient(sim: SimulatedVehicle): void {
    const stop = sim.driver.currentStop;
    const activity = sim.driver.activity;
    const carrying = (stop?.role === 'scene' && activity === 'dwelling') || (stop?.role === 'hospital' && activity === 'driving');
    if (carrying && !sim.monitor) {
      const scenario = AUTONOMOUS_SCENARIOS[this.nextAutonomousScenario % AUTONOMOUS_SCENARIOS.length];
      if (this.attachMonitor(sim, scenario)) this.nextAutonomousScenario++;
    } else if (!carrying && sim.monitor) {
      this.detachMonitor(sim);
    }
  }

  private attachMonitor(sim: SimulatedVehicle, scenario: ScenarioKind): boolean {
    if (sim.monitor) this.detachMonitor(sim);
    const running = this.fleet.filter((s) => s.monitor);
    const max = this.options.maxMonitors ?? DEFAULT_MAX_MONITORS;
    if (running.length >= max) return false;
    // half the monitors at most for routine patients: the ER board is there for the green channels
    const routine = running.filter((s) => s.monitor?.scenarioKind === 'normal').length;
    if (scenario === 'normal' && routine >= Math.max(1, Math.floor(max / 2))) return false;
    const monitorId = `${sim.vehicle.id}-mon`;
    sim.monitor = new MonitorSession({
      monitorId,
      scenario,
      startMs: this.now().getTime(),
      random: this.random,
      timeScale: this.options.speedup ?? 1,
      stemiTerritory: this.random() < 0.6 ? 'inferior' : 'anterior',
      demo: this.options.demoFlag ?? true,
    });
    sim.connection.setMonitors([{ id: monitorId, connected: true, protocol: 'sim' }]);
    this.logger.debug({ vehicleId: sim.vehicle.id, scenario }, 'monitor attached');
    return true;
  }

  private detachMonitor(sim: SimulatedVehicle): void {
    if (!sim.monitor) return;
    // off the patient: the alarms still on end (a monitor discharging its patient does so)
    for (const alarm of sim.monitor.end(this.now().getTime())) this.publishAlarm(sim, alarm);
    sim.monitor = null;
    sim.connection.setMonitors([]);
    this.logger.debug({ vehicleId: sim.vehicle.id }, 'monitor detached');
  }

  private produceMonitorData(): void {
    const nowMs = this.now().getTime();
    for (const sim of this.fleet) {
      if (!sim.monitor) continue;
      const { vitals, waveforms, alarms } = sim.monitor.produce(nowMs);
      const id = sim.vehicle.id;
      for (const v of vitals) {
        const valid = VitalsMessageSchema.safeParse({ ...v, seq: this.seqStore.last(id, 'vitals') + 1 });
        if (!valid.success) {
          this.logger.error({ vehicleId: id, issues: valid.error.issues }, 'vitals break the contract; not sent');
          continue;
        }
        this.seqStore.next(id, 'vitals');
        sim.connection.publishVitals(valid.data);
      }
      for (const w of waveforms) {
        const valid = WaveformMessageSchema.safeParse({ ...w, seq: this.seqStore.last(id, 'waveform') + 1 });
        if (!valid.success) {
          this.logger.error({ vehicleId: id, issues: valid.error.issues }, 'waveform breaks the contract; not sent');
          continue;
        }
        this.seqStore.next(id, 'waveform');
        sim.connection.publishWaveform(valid.data);
      }
      for (const a of alarms) this.publishAlarm(sim, a);
    }
  }

  private publishAlarm(sim: SimulatedVehicle, alarm: UnsequencedAlarm): void {
    const id = sim.vehicle.id;
    const valid = AlarmMessageSchema.safeParse({ ...alarm, seq: this.seqStore.last(id, 'alarm') + 1 });
    if (!valid.success) {
      this.logger.error({ vehicleId: id, issues: valid.error.issues }, 'alarm breaks the contract; not sent');
      return;
    }
    this.seqStore.next(id, 'alarm');
    sim.connection.publishAlarm(valid.data);
    this.logger.debug({ vehicleId: id, alarm: valid.data.text, state: valid.data.state }, 'monitor alarm');
  }

  private controlOf(sim: SimulatedVehicle): VehicleControl {
    return {
      vehicleId: sim.vehicle.id,
      home: sim.home,
      position: () => {
        const { lat, lon } = sim.driver.fix();
        return { lat, lon };
      },
      driveTo: (name, at) => {
        sim.driver.abandonTrip();
        return sim.driver.startTrip([{ name, at: { lat: at.lat, lon: at.lon }, dwellS: 0 }]);
      },
      isParkedAt: (at, withinM = 30) => sim.driver.activity === 'parked' && distanceM(sim.driver.fix(), at) <= withinM,
      attachMonitor: (scenario) => this.attachMonitor(sim, scenario),
      detachMonitor: () => this.detachMonitor(sim),
      get monitorScenario() {
        return sim.monitor?.scenarioKind ?? null;
      },
    };
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
