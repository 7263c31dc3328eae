import { ApiErrorSchema, PlaceListSchema } from '@feijiu/contracts';
import { DEMO_COUNTY } from '@feijiu/geo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/core-harness';

// GET /api/v1/places: the gazetteer a call taker types into, through the real core.
describe('place search', () => {
  let sut: Harness;
  let token: string;
  const search = (query: string) => sut.api(`/api/v1/places?${query}`, { token });

  beforeAll(async () => {
    sut = await startHarness();
    token = await sut.login('dispatcher');
  });
  afterAll(async () => {
    await sut?.stop();
  });

  it('should answer 杨村 with 杨村乡 and its coordinates first, then its health centre', async () => {
    const res = await search(`q=${encodeURIComponent('杨村')}`);
    expect(res.status).toBe(200);
    const places = PlaceListSchema.parse(await res.json());
    const yangcun = DEMO_COUNTY.places.find((p) => p.name === '杨村乡')!;
    expect(places[0]).toEqual({ name: '杨村乡', nameEn: 'Yangcun Town', kind: 'town', lat: yangcun.lat, lon: yangcun.lon });
    expect(places[1]).toMatchObject({ name: '杨村乡卫生院', kind: 'facility' });
  });

  it('should find places by their English name in any case', async () => {
    const places = PlaceListSchema.parse(await (await search('q=yangCUN')).json());
    expect(places.map((p) => p.nameEn)).toEqual(['Yangcun Town', 'Yangcun Township Health Centre']);
  });

  it('should keep to the limit asked for', async () => {
    const places = PlaceListSchema.parse(await (await search(`q=${encodeURIComponent('村')}&limit=3`)).json());
    expect(places).toHaveLength(3);
  });

  it('should answer an empty list, not an error, when nothing matches', async () => {
    const res = await search(`q=${encodeURIComponent('不存在的地方')}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([]);
  });

  it('should refuse a blank query as invalid input', async () => {
    const res = await search('q=%20%20');
    expect(res.status).toBe(400);
    expect(ApiErrorSchema.parse(await res.json()).code).toBe('VALIDATION_FAILED');
  });
});
