import type { Facility, Vehicle } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import {
  applyStatusChanged,
  applyVehicleMoved,
  countByStatus,
  groupByStatus,
  locateVehicle,
  mergeFleetSnapshot,
  speedKmh,
} from './fleet-state';

const vehicle = (id: string, callSign: string, status: Vehicle['status'], position: Vehicle['position'] = null): Vehicle => ({
  id,
  callSign,
  plate: '浙A·12345',
  type: 'ALS',
  status,
  stationId: 'centre',
  position,
  crew: [],
  crewUpdatedAt: null,
});

const station: Facility = {
  id: 'centre',
  name: '县120指挥中心',
  nameEn: 'County 120 Command Centre',
  kind: 'command_centre',
  address: '',
  lat: 30.05,
  lon: 118.55,
  capabilities: [],
  vehicleCount: 2,
  liveStatus: null,
};

describe('applyVehicleMoved', () => {
  it('should move the vehicle and take the status from the event', () => {
    const sut = [vehicle('amb-1', '120-1', 'available'), vehicle('amb-2', '120-2', 'available')];
    const next = applyVehicleMoved(sut, {
      vehicleId: 'amb-2',
      lat: 30.1,
      lon: 118.6,
      speedMps: 10,
      headingDeg: 90,
      status: 'en_route',
      measuredAt: '2025-03-01T08:00:00Z',
    });
    expect(next[1]).toMatchObject({ status: 'en_route', position: { lat: 30.1, lon: 118.6, headingDeg: 90 } });
    expect(next[0]).toBe(sut[0]);
  });

  it('should ignore a fix older than the one already shown', () => {
    const newer = { lat: 30.2, lon: 118.7, speedMps: 0, headingDeg: 0, measuredAt: '2025-03-01T08:00:10Z' };
    const sut = [vehicle('amb-1', '120-1', 'en_route', newer)];
    const next = applyVehicleMoved(sut, {
      vehicleId: 'amb-1',
      lat: 30.0,
      lon: 118.5,
      speedMps: 0,
      headingDeg: 0,
      status: 'en_route',
      measuredAt: '2025-03-01T08:00:05Z',
    });
    expect(next[0]?.position).toEqual(newer);
  });
});

describe('applyStatusChanged', () => {
  it('should set the new status of that vehicle only', () => {
    const sut = [vehicle('amb-1', '120-1', 'available'), vehicle('amb-2', '120-2', 'available')];
    const next = applyStatusChanged(sut, {
      vehicleId: 'amb-1',
      from: 'available',
      to: 'dispatched',
      changedAt: '2025-03-01T08:00:00Z',
      incidentId: null,
      source: 'auto',
    });
    expect(next.map((v) => v.status)).toEqual(['dispatched', 'available']);
  });
});

describe('countByStatus / groupByStatus', () => {
  const sut = [
    vehicle('amb-3', '120-10', 'available'),
    vehicle('amb-1', '120-2', 'available'),
    vehicle('amb-2', '120-1', 'transporting'),
  ];

  it('should count every status, zero included', () => {
    expect(countByStatus(sut)).toMatchObject({ available: 2, transporting: 1, on_scene: 0 });
  });

  it('should group in status order with call signs in natural order', () => {
    expect(groupByStatus(sut).map((g) => [g.status, g.vehicles.map((v) => v.callSign)])).toEqual([
      ['available', ['120-2', '120-10']],
      ['transporting', ['120-1']],
    ]);
  });
});

describe('locateVehicle', () => {
  const facilities = new Map([[station.id, station]]);

  it('should put a vehicle without a fix at its station', () => {
    expect(locateVehicle(vehicle('amb-1', '120-1', 'available'), facilities)).toEqual({ lat: 30.05, lon: 118.55 });
  });

  it('should return null when neither a fix nor the station is known', () => {
    expect(locateVehicle({ ...vehicle('amb-1', '120-1', 'available'), stationId: 'elsewhere' }, facilities)).toBeNull();
  });
});

describe('speedKmh', () => {
  it('should convert metres per second to whole km/h', () => {
    expect(speedKmh(13.9)).toBe(50);
    expect(speedKmh(null)).toBeNull();
  });
});

describe('mergeFleetSnapshot', () => {
  const fix = (measuredAt: string, lat: number) => ({ lat, lon: 118.5, speedMps: 0, headingDeg: 0, measuredAt });

  it('should keep a live fix that is newer than the snapshot', () => {
    const live = [vehicle('amb-1', '120-1', 'en_route', fix('2025-03-01T08:00:10Z', 30.2))];
    const snapshot = [vehicle('amb-1', '120-1', 'dispatched', fix('2025-03-01T08:00:00Z', 30.1))];
    expect(mergeFleetSnapshot(live, snapshot)[0]).toMatchObject({ status: 'en_route', position: { lat: 30.2 } });
  });

  it('should take the snapshot when it is newer, add new vehicles and drop removed ones', () => {
    const live = [vehicle('amb-1', '120-1', 'en_route', fix('2025-03-01T08:00:00Z', 30.1)), vehicle('amb-9', '120-9', 'available')];
    const snapshot = [vehicle('amb-1', '120-1', 'on_scene', fix('2025-03-01T08:01:00Z', 30.3)), vehicle('amb-2', '120-2', 'available')];
    expect(mergeFleetSnapshot(live, snapshot).map((v) => [v.id, v.status])).toEqual([
      ['amb-1', 'on_scene'],
      ['amb-2', 'available'],
    ]);
  });

  it('should keep the reference of a vehicle that did not change', () => {
    const live = [vehicle('amb-1', '120-1', 'available')];
    expect(mergeFleetSnapshot(live, [vehicle('amb-1', '120-1', 'available')])[0]).toBe(live[0]);
  });
});
