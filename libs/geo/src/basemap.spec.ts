import { describe, expect, it } from 'vitest';
import { buildBasemap } from './basemap';
import { DEMO_COUNTY } from './demo-county';

describe(buildBasemap.name, () => {
  const sut = buildBasemap(DEMO_COUNTY);
  const layer = (name: string) => sut.features.filter((f) => f.properties.layer === name);

  it('should hold one boundary, every road and every place when built for a county', () => {
    expect(sut.type).toBe('FeatureCollection');
    expect(layer('boundary')).toHaveLength(1);
    expect(layer('road')).toHaveLength(DEMO_COUNTY.roads.features.length);
    expect(layer('place')).toHaveLength(DEMO_COUNTY.places.length);
    expect(sut.features).toHaveLength(1 + DEMO_COUNTY.roads.features.length + DEMO_COUNTY.places.length);
  });

  it('should keep what the console styles and labels by when building each layer', () => {
    const road = layer('road').find((f) => f.properties.layer === 'road' && f.properties.ref === 'G205')!;
    expect(road.properties).toEqual({ layer: 'road', name: '205国道', roadClass: 'national', ref: 'G205' });
    const town = layer('place').find((f) => f.properties.layer === 'place' && f.properties.name === '上溪镇')!;
    expect(town.properties).toEqual({ layer: 'place', name: '上溪镇', nameEn: 'Shangxi Town', kind: 'town' });
    expect(town.geometry).toMatchObject({ type: 'Point' });
  });

  it('should produce plain JSON when serialised for the REST response', () => {
    expect(JSON.parse(JSON.stringify(sut))).toEqual(sut);
  });
});
