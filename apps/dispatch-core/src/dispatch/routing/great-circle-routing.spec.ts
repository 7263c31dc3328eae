import { distanceM } from '@feijiu/geo';
import { describe, expect, it } from 'vitest';
import { GreatCircleRouting } from './great-circle-routing';

// Dispatch centre of the demo county, and two ambulances: ~10 km due north, ~25 km east.
const SCENE = { lat: 30.059, lon: 118.561 };
const NORTH = { lat: 30.149, lon: 118.561 };
const EAST = { lat: 30.059, lon: 118.821 };
const AVERAGE_SPEED_MPS = 50 / 3.6;

describe(GreatCircleRouting.name, () => {
  it('should estimate the road distance as the straight line times the circuity, driven at 50 km/h', async () => {
    const sut = new GreatCircleRouting(1.3);
    const [north, east] = await sut.estimateTo(SCENE, [NORTH, EAST]);
    const straightNorthM = distanceM(NORTH, SCENE);
    expect(straightNorthM).toBeCloseTo(10_008, -1);
    expect(north!.distanceM).toBeCloseTo(straightNorthM * 1.3, 6);
    expect(north!.etaSec).toBeCloseTo((straightNorthM * 1.3) / AVERAGE_SPEED_MPS, 6);
    // ~13 km of road at 50 km/h: a little under 16 minutes
    expect(north!.etaSec / 60).toBeCloseTo(15.6, 1);
    expect(east!.distanceM).toBeCloseTo(distanceM(EAST, SCENE) * 1.3, 6);
  });

  it('should rank the ambulances in the order of their straight-line distance, answering in the order asked', async () => {
    const sut = new GreatCircleRouting(1.3);
    const estimates = await sut.estimateTo(SCENE, [EAST, NORTH, SCENE]);
    expect(estimates.map((e) => Math.round(e!.etaSec))).toEqual([
      Math.round((distanceM(EAST, SCENE) * 1.3) / AVERAGE_SPEED_MPS),
      Math.round((distanceM(NORTH, SCENE) * 1.3) / AVERAGE_SPEED_MPS),
      0,
    ]);
  });

  it('should scale the ETA with the configured circuity', async () => {
    const [straight] = await new GreatCircleRouting(1).estimateTo(SCENE, [NORTH]);
    const [winding] = await new GreatCircleRouting(1.6).estimateTo(SCENE, [NORTH]);
    expect(winding!.etaSec / straight!.etaSec).toBeCloseTo(1.6, 9);
    expect(straight!.distanceM).toBeCloseTo(distanceM(NORTH, SCENE), 6);
  });

  it('should answer nothing when asked about no ambulance', async () => {
    await expect(new GreatCircleRouting(1.3).estimateTo(SCENE, [])).resolves.toEqual([]);
  });
});
