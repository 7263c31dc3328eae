import {
  findRoute,
  type LatLonPoint,
  normaliseHeadingDeg,
  pointAlong,
  type RoadGraph,
  type Route,
  speedMpsForRoadClass,
} from '@feijiu/geo';

// One ambulance's movements: parked at its station, or on a trip of stops (scene, hospital,
// back home), driving the roads between them at the road class's speed, dwelling at each.
// Pure state: the caller advances it in simulated seconds and reads its fix; no timers, no I/O.

export type TripStopRole = 'scene' | 'hospital' | 'home';

export interface TripStop {
  name: string;
  at: LatLonPoint;
  /** Time spent there before driving on (on scene, handing over); 0 to drive straight on. */
  dwellS: number;
  /** What the stop is for, when it matters (a patient is carried from scene to hospital). */
  role?: TripStopRole;
}

export type DriverActivity = 'parked' | 'driving' | 'dwelling';

export interface DriverFix extends LatLonPoint {
  speedMps: number;
  headingDeg: number;
  activity: DriverActivity;
}

export interface VehicleDriverOptions {
  vehicleId: string;
  /** The station: where the vehicle parks and where a trip's positions start. */
  home: LatLonPoint;
  graph: RoadGraph;
  random: () => number;
}

const ACCELERATION_MPS2 = 1.2;
const BRAKING_MPS2 = 1.5;
// closer than this to the stop counts as arrived
const ARRIVAL_M = 0.5;

export class VehicleDriver {
  private activityNow: DriverActivity = 'parked';
  private at: LatLonPoint;
  private headingDeg = 0;
  private speedMps = 0;
  private stops: TripStop[] = [];
  private route: Route | null = null;
  private travelledM = 0;
  private dwellLeftS = 0;
  // each leg is driven a little faster or slower than the table, as drivers differ
  private pace = 1;

  constructor(private readonly options: VehicleDriverOptions) {
    this.at = { ...options.home };
  }

  get vehicleId(): string {
    return this.options.vehicleId;
  }

  get activity(): DriverActivity {
    return this.activityNow;
  }

  /** The stop being driven to or dwelt at; undefined when parked. */
  get currentStop(): TripStop | undefined {
    return this.stops[0];
  }

  fix(): DriverFix {
    return {
      lat: this.at.lat,
      lon: this.at.lon,
      speedMps: this.speedMps,
      headingDeg: normaliseHeadingDeg(this.headingDeg),
      activity: this.activityNow,
    };
  }

  /**
   * Sets off on a trip when parked. `resume` places the vehicle part-way through it (leg index
   * and fraction of that leg driven), so a simulation can start with a county already busy.
   * Returns false when already busy or when no route exists.
   */
  startTrip(stops: readonly TripStop[], resume?: { legIndex: number; fraction: number }): boolean {
    if (this.activityNow !== 'parked' || stops.length === 0) return false;
    const parkedAt = this.at;
    let remaining = [...stops];
    if (resume) {
      const legIndex = Math.max(0, Math.min(resume.legIndex, stops.length - 1));
      if (legIndex > 0) this.at = { ...stops[legIndex - 1].at };
      remaining = remaining.slice(legIndex);
    }
    this.stops = remaining;
    const started = this.beginLeg(resume ? Math.max(0, Math.min(resume.fraction, 1)) : 0);
    if (!started) this.at = parkedAt;
    return started;
  }

  /**
   * Drops whatever trip is under way and parks where the vehicle is (braking is not modelled:
   * the next leg starts from standstill). A call-out replaces a patrol this way.
   */
  abandonTrip(): void {
    if (this.activityNow === 'parked') return;
    this.park();
  }

  /** Moves time on by `dtS` simulated seconds. */
  advance(dtS: number): void {
    if (dtS <= 0) return;
    switch (this.activityNow) {
      case 'parked':
        this.speedMps = 0;
        return;
      case 'dwelling':
        this.dwellLeftS -= dtS;
        if (this.dwellLeftS <= 0) this.departFromStop();
        return;
      case 'driving':
        this.drive(dtS);
        return;
    }
  }

  private drive(dtS: number): void {
    const route = this.route!;
    const remainingM = route.distanceM - this.travelledM;
    const here = pointAlong(route, this.travelledM);
    const targetMps = speedMpsForRoadClass(here.legClass) * this.pace;
    const brakingLimitMps = Math.sqrt(2 * BRAKING_MPS2 * Math.max(remainingM, 0));
    const nextSpeedMps = Math.min(targetMps, this.speedMps + ACCELERATION_MPS2 * dtS, brakingLimitMps);
    const stepM = ((this.speedMps + nextSpeedMps) / 2) * dtS;
    if (stepM >= remainingM - ARRIVAL_M) {
      this.arrive();
      return;
    }
    this.travelledM += stepM;
    this.speedMps = nextSpeedMps;
    const moved = pointAlong(route, this.travelledM);
    this.at = { lat: moved.lat, lon: moved.lon };
    this.headingDeg = moved.headingDeg;
  }

  private arrive(): void {
    const stop = this.stops[0];
    const route = this.route!;
    const end = pointAlong(route, route.distanceM);
    this.at = { ...stop.at };
    if (route.distanceM > 0) this.headingDeg = end.headingDeg;
    this.speedMps = 0;
    this.route = null;
    if (stop.dwellS > 0) {
      this.activityNow = 'dwelling';
      this.dwellLeftS = stop.dwellS;
    } else {
      this.departFromStop();
    }
  }

  private departFromStop(): void {
    this.stops.shift();
    if (this.stops.length === 0 || !this.beginLeg(0)) this.park();
  }

  private beginLeg(fraction: number): boolean {
    const stop = this.stops[0];
    if (!stop) return false;
    const route = findRoute(this.options.graph, this.at, stop.at);
    if (!route) {
      this.stops = [];
      return false;
    }
    this.route = route;
    this.activityNow = 'driving';
    this.pace = 0.85 + this.options.random() * 0.2;
    this.travelledM = fraction * route.distanceM;
    const here = pointAlong(route, this.travelledM);
    this.at = { lat: here.lat, lon: here.lon };
    this.headingDeg = here.headingDeg;
    // resumed mid-leg: already at cruising speed
    this.speedMps = fraction > 0 ? Math.min(speedMpsForRoadClass(here.legClass) * this.pace, 30) : 0;
    if (this.travelledM >= route.distanceM - ARRIVAL_M) this.arrive();
    return true;
  }

  private park(): void {
    this.activityNow = 'parked';
    this.stops = [];
    this.route = null;
    this.speedMps = 0;
  }
}
