import type { Vehicle } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { computeStationRingOffsets } from './station-ring';

const atStation = (id: string, stationId: string): Vehicle => ({
  id,
  callSign: id,
  plate: 'P',
  type: 'BLS',
  status: 'available',
  stationId,
  position: null,
  crew: [],
  crewUpdatedAt: null,
});

describe('computeStationRingOffsets', () => {
  it('should give every vehicle at the same station a different spot off the station itself', () => {
    const vehicles = Array.from({ length: 8 }, (_, i) => atStation(`amb-${i}`, 'centre'));
    const offsets = [...computeStationRingOffsets(vehicles).values()].map(([dx, dy]) => `${dx},${dy}`);
    expect(new Set(offsets).size).toBe(8);
    expect(offsets).not.toContain('0,0');
  });

  it('should leave vehicles with a fix alone', () => {
    const moving: Vehicle = {
      ...atStation('amb-1', 'centre'),
      position: { lat: 30, lon: 118, speedMps: 1, headingDeg: 0, measuredAt: '2025-03-01T08:00:00Z' },
    };
    expect(computeStationRingOffsets([moving]).has('amb-1')).toBe(false);
  });
});
