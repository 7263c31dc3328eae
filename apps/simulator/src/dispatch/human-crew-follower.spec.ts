import { DEMO_COUNTY, type LatLonPoint } from '@feijiu/geo';
import pino from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ScenarioKind } from '../monitors/patient-scenario';
import type { CrewVehicle } from './crew-agent';
import { type FollowedIncident, HumanCrewFollower } from './human-crew-follower';

const facility = (id: string) => DEMO_COUNTY.facilities.find((f) => f.id === id)!;

class FakeVehicle implements CrewVehicle {
  readonly vehicleId = 'lh-01';
  readonly home = { name: facility('lead').name, at: { lat: facility('lead').lat, lon: facility('lead').lon } };
  readonly drives: string[] = [];
  monitor: ScenarioKind | null = null;
  parkedAt: LatLonPoint | null = this.home.at;

  driveTo(name: string): boolean {
    this.drives.push(name);
    this.parkedAt = null;
    return true;
  }
  isParkedAt(p: LatLonPoint): boolean {
    return this.parkedAt?.lat === p.lat && this.parkedAt?.lon === p.lon;
  }
  attachMonitor(scenario: ScenarioKind): boolean {
    this.monitor = scenario;
    return true;
  }
  detachMonitor(): void {
    this.monitor = null;
  }
}

const STROKE: FollowedIncident = {
  id: 'i1',
  location: { lat: 30.1, lon: 118.5 },
  address: '澄溪县洪家村3号',
  complaint: '突发一侧肢体无力、言语不清 (one-sided weakness, slurred speech)',
  destinationHospitalId: null,
  status: 'dispatched',
  assignments: [{ vehicleId: 'lh-01', status: 'accepted' }],
};

describe(HumanCrewFollower.name, () => {
  let vehicle: FakeVehicle;
  let sut: HumanCrewFollower;

  beforeEach(() => {
    vehicle = new FakeVehicle();
    sut = new HumanCrewFollower({ vehicle, county: DEMO_COUNTY, logger: pino({ level: 'silent' }) });
    sut.sync('available', []);
  });

  it('should drive the ambulance where the person at the tablet says it is going', () => {
    sut.receiveIncident(STROKE);
    sut.receiveStatusChange({ vehicleId: 'lh-01', to: 'dispatched' });
    expect(vehicle.drives).toEqual([]);
    sut.receiveStatusChange({ vehicleId: 'lh-01', to: 'en_route' });
    expect(vehicle.drives).toEqual([STROKE.address]);

    vehicle.parkedAt = STROKE.location;
    sut.receiveStatusChange({ vehicleId: 'lh-01', to: 'on_scene' });
    expect(vehicle.monitor).toBe('stroke');

    sut.receiveStatusChange({ vehicleId: 'lh-01', to: 'transporting' });
    sut.receiveIncident({ ...STROKE, status: 'transporting', destinationHospitalId: 'tcm' });
    // no destination yet: the stroke centre; then the one the crew chose
    expect(vehicle.drives.slice(-2)).toEqual([facility('lead').name, facility('tcm').name]);

    sut.receiveStatusChange({ vehicleId: 'lh-01', to: 'at_hospital' });
    expect(vehicle.monitor).toBeNull();
    sut.receiveStatusChange({ vehicleId: 'lh-01', to: 'returning' });
    expect(vehicle.drives.at(-1)).toBe(vehicle.home.name);
  });

  it('should ignore other vehicles and calls it is not on', () => {
    sut.receiveIncident({ ...STROKE, assignments: [{ vehicleId: 'lh-02', status: 'accepted' }] });
    sut.receiveStatusChange({ vehicleId: 'lh-02', to: 'en_route' });
    sut.receiveStatusChange({ vehicleId: 'lh-01', to: 'en_route' });
    expect(vehicle.drives).toEqual([]);
  });

  it('should set off once the call is known when the status came first', () => {
    sut.receiveStatusChange({ vehicleId: 'lh-01', to: 'en_route' });
    sut.receiveIncident(STROKE);
    expect(vehicle.drives).toEqual([STROKE.address]);
  });

  it('should pick up a call already under way when it starts', () => {
    sut = new HumanCrewFollower({ vehicle, county: DEMO_COUNTY, logger: pino({ level: 'silent' }) });
    sut.sync('transporting', [{ ...STROKE, status: 'transporting', destinationHospitalId: 'lead' }]);
    expect(vehicle.drives).toEqual([facility('lead').name]);
  });

  it('should bring the ambulance home when the person stands it down', () => {
    sut.receiveIncident(STROKE);
    sut.receiveStatusChange({ vehicleId: 'lh-01', to: 'en_route' });
    sut.receiveIncident({ ...STROKE, status: 'new', assignments: [{ vehicleId: 'lh-01', status: 'cancelled' }] });
    sut.receiveStatusChange({ vehicleId: 'lh-01', to: 'available' });
    expect(vehicle.drives.at(-1)).toBe(vehicle.home.name);
  });
});
