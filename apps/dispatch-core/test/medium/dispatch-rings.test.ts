import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RecommendationList, RecommendationListSchema } from '@feijiu/contracts';
import { DEMO_COUNTY } from '@feijiu/geo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/core-harness';

// Radius rings per area (clinical.md §5.1: ≤ 5 km in town, 10–20 km in the countryside): the
// rings a dispatcher sees depend on where the call is. Other medium files share the database and
// move ambulances, so these tests check rings and areas, not which ambulance ranks first.

const place = (name: string) => DEMO_COUNTY.places.find((p) => p.name === name)!;

async function recommendFor(sut: Harness, token: string, at: { lat: number; lon: number }): Promise<RecommendationList> {
  const created = await sut.api('/api/v1/incidents', {
    method: 'POST',
    token,
    body: JSON.stringify({ location: at, complaint: '胸痛 chest pain', priority: 'critical', address: 'rings test', callerPhone: '13800000000' }),
  });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const res = await sut.api(`/api/v1/incidents/${id}/recommendations`, { token });
  expect(res.status).toBe(200);
  return RecommendationListSchema.parse(await res.json());
}

/** Each item's ring is one of the list's rings, or null with the service-radius warning. */
function expectItemsOnRings(list: RecommendationList): void {
  expect(list.items.length).toBeGreaterThan(0);
  for (const item of list.items) {
    if (item.ring === null) expect(item.warnings, item.vehicleId).toContain(`outside the ${list.ringsKm.at(-1)} km service radius`);
    else expect(list.ringsKm, item.vehicleId).toContain(item.ring);
  }
}

describe('dispatch rings in the demo county: town rings in the county seat, default rings in the countryside', () => {
  let sut: Harness;
  let token: string;

  beforeAll(async () => {
    sut = await startHarness();
    token = await sut.login('dispatcher');
  });
  afterAll(async () => {
    await sut?.stop();
  });

  it('should give a call in the county seat the 城区 rings of 3 and 5 km', async () => {
    const recs = await recommendFor(sut, token, place('澄溪县人民政府'));
    expect(recs.ringsKm).toEqual([3, 5]);
    expect(recs.area).toEqual({ id: 'chengxi-urban', name: '澄溪县城区', nameEn: 'Chengxi county seat' });
    // 19 ambulances are based within 3 km of the county government
    expect(recs.items[0]).toMatchObject({ ring: 3 });
    expect(recs.items[0]!.reasons).toContain('within 3 km');
    expectItemsOnRings(recs);
  });

  it('should give a call in a township the default 5/10/20 km rings and no area', async () => {
    const recs = await recommendFor(sut, token, place('茶园乡'));
    expect(recs.ringsKm).toEqual([5, 10, 20]);
    expect(recs.area).toBeNull();
    expectItemsOnRings(recs);
  });
});

describe('dispatch rings from FEIJIU_RING_AREAS_FILE', () => {
  // 溪口村 is ~4.8 km from the nearest ambulance station (青坑乡)
  const xikou = place('溪口村');
  const square = (lon0: number, lat0: number, lon1: number, lat1: number) => [
    [
      [lon0, lat0],
      [lon1, lat0],
      [lon1, lat1],
      [lon0, lat1],
      [lon0, lat0],
    ],
  ];
  const dir = mkdtempSync(join(tmpdir(), 'feijiu-rings-'));
  const file = join(dir, 'ring-areas.geo.json');
  let sut: Harness;
  let token: string;

  beforeAll(async () => {
    const feature = (properties: object, coordinates: number[][][]) => ({ type: 'Feature', properties, geometry: { type: 'Polygon', coordinates } });
    writeFileSync(
      file,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          // listed first: wins over the larger area it lies in
          feature({ id: 'xikou', name: '溪口', nameEn: 'Xikou', ringsKm: [1, 2] }, square(xikou.lon - 0.01, xikou.lat - 0.01, xikou.lon + 0.01, xikou.lat + 0.01)),
          feature({ id: 'southwest', name: '西南山区', ringsKm: [8, 16] }, square(118.25, 29.85, 118.45, 30.0)),
        ],
      }),
    );
    sut = await startHarness({ FEIJIU_RING_AREAS_FILE: file });
    token = await sut.login('dispatcher');
  });
  afterAll(async () => {
    await sut?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should use the first listed area that contains the call, and still show the nearest ambulances beyond its last ring with a warning', async () => {
    const recs = await recommendFor(sut, token, xikou);
    expect(recs.ringsKm).toEqual([1, 2]);
    expect(recs.area).toEqual({ id: 'xikou', name: '溪口', nameEn: 'Xikou' });
    expect(recs.items.length).toBeGreaterThanOrEqual(5);
    expect(recs.items.every((i) => i.ring === null)).toBe(true);
    expectItemsOnRings(recs);
    expect(recs.warnings).toContain('no free ambulance within 2 km: nearest shown');
  });

  it('should give the larger area its own rings, with no English name when the file has none', async () => {
    const recs = await recommendFor(sut, token, place('石岭村'));
    expect(recs.ringsKm).toEqual([8, 16]);
    expect(recs.area).toEqual({ id: 'southwest', name: '西南山区', nameEn: null });
    expectItemsOnRings(recs);
  });

  it('should give the county seat the default rings, the file replacing the demo county areas', async () => {
    const recs = await recommendFor(sut, token, place('澄溪县人民政府'));
    expect(recs.ringsKm).toEqual([5, 10, 20]);
    expect(recs.area).toBeNull();
  });
});
