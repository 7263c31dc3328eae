import { buildRoadGraph, DEMO_COUNTY, distanceM, distanceToRoadsM, ROAD_SPEED_KPH } from '@feijiu/geo';
import { describe, expect, it } from 'vitest';
import { type TripStop, VehicleDriver } from './vehicle-driver';

const graph = buildRoadGraph(DEMO_COUNTY.roads);
const facility = (id: string) => DEMO_COUNTY.facilities.find((f) => f.id === id)!;
const place = (name: string) => DEMO_COUNTY.places.find((p) => p.name === name)!;
const home = facility('tc-shangxi');
const lead = facility('lead');
const village = DEMO_COUNTY.places.find((p) => p.kind === 'village' && distanceM(home, p) < 12_000)!;
const trip: TripStop[] = [
  { name: village.name, at: village, dwellS: 600 },
  { name: lead.name, at: lead, dwellS: 900 },
  { name: home.name, at: home, dwellS: 0 },
];

function seededRandom(seed = 42): () => number {
  let a = seed;
  return () => {
    a = (a * 1664525 + 1013904223) >>> 0;
    return a / 2 ** 32;
  };
}

function createSut(): VehicleDriver {
  return new VehicleDriver({ vehicleId: 'shangxi-01', home, graph, random: seededRandom() });
}

describe(VehicleDriver.name, () => {
  it('should stand still at its station when parked', () => {
    const sut = createSut();
    sut.advance(600);
    expect(sut.fix()).toMatchObject({ lat: home.lat, lon: home.lon, speedMps: 0, activity: 'parked' });
  });

  it('should drive along the roads towards the scene when a trip starts', () => {
    const sut = createSut();
    expect(sut.startTrip(trip)).toBe(true);
    for (let s = 0; s < 120; s++) sut.advance(1);
    const fix = sut.fix();
    expect(fix.activity).toBe('driving');
    expect(fix.speedMps).toBeGreaterThan(5);
    expect(distanceM(fix, home)).toBeGreaterThan(300);
    expect(distanceToRoadsM(fix, DEMO_COUNTY.roads)).toBeLessThan(5);
    expect(sut.currentStop?.name).toBe(village.name);
  });

  it('should refuse a second trip when already busy', () => {
    const sut = createSut();
    sut.startTrip(trip);
    expect(sut.startTrip(trip)).toBe(false);
  });

  it('should dwell on scene and at the hospital, then park back home when the trip ends', () => {
    const sut = createSut();
    sut.startTrip(trip);
    const seen = new Set<string>();
    let maxSpeedMps = 0;
    for (let s = 0; s < 6 * 3600 && !(seen.has('dwelling') && sut.activity === 'parked'); s += 2) {
      sut.advance(2);
      const fix = sut.fix();
      seen.add(`${fix.activity}`);
      if (fix.activity === 'dwelling') seen.add(`dwelling at ${sut.currentStop?.name}`);
      maxSpeedMps = Math.max(maxSpeedMps, fix.speedMps);
      expect(fix.headingDeg).toBeGreaterThanOrEqual(0);
      expect(fix.headingDeg).toBeLessThan(360);
    }
    expect(seen).toContain(`dwelling at ${village.name}`);
    expect(seen).toContain(`dwelling at ${lead.name}`);
    expect(sut.fix()).toMatchObject({ activity: 'parked', speedMps: 0, lat: home.lat, lon: home.lon });
    // never faster than the fastest road allows (with the driver's pace margin)
    expect(maxSpeedMps).toBeLessThanOrEqual((ROAD_SPEED_KPH.expressway / 3.6) * 1.05);
  });

  it('should start part-way through a trip when resumed', () => {
    const sut = createSut();
    sut.startTrip(trip, { legIndex: 1, fraction: 0.5 });
    const fix = sut.fix();
    expect(sut.currentStop?.name).toBe(lead.name);
    expect(fix.speedMps).toBeGreaterThan(0);
    expect(distanceM(fix, place(village.name))).toBeGreaterThan(1000);
    expect(distanceM(fix, lead)).toBeGreaterThan(1000);
  });
});
