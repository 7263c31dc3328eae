import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './app-config';

const dir = mkdtempSync(join(tmpdir(), 'feijiu-ring-areas-'));
const writeAreas = (name: string, content: unknown) => {
  writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  return name;
};
const area = (id: string, ringsKm: unknown, name = `area ${id}`) => ({
  type: 'Feature',
  properties: { id, name, ringsKm },
  geometry: { type: 'Polygon', coordinates: [[[118, 30], [118.1, 30], [118.1, 30.1], [118, 30]]] },
});
const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env, dir);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('loadConfig: FEIJIU_RING_AREAS_FILE', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('should use the demo county seat town rings in demo mode when no file is set', () => {
    const sut = loadConfig({}, dir).dispatch;
    expect(sut.ringsKm).toEqual([5, 10, 20]);
    expect(sut.ringAreas.map((a) => [a.id, a.nameEn, a.ringsKm])).toEqual([['chengxi-urban', 'Chengxi county seat', [3, 5]]]);
  });

  it('should have no areas, only the default rings, outside demo mode when no file is set', () => {
    const sut = loadConfig({ FEIJIU_DEMO: 'off', FEIJIU_RINGS_KM: '8,15' }, dir).dispatch;
    expect(sut.ringsKm).toEqual([8, 15]);
    expect(sut.ringAreas).toEqual([]);
  });

  it('should read the areas of the file, in its order, relative to the working directory, instead of the demo ones', () => {
    const file = writeAreas('good.geo.json', { type: 'FeatureCollection', features: [area('town', [2, 4]), area('plain', [5, 10])] });
    const sut = loadConfig({ FEIJIU_RING_AREAS_FILE: file }, dir).dispatch;
    expect(sut.ringAreas.map((a) => [a.id, a.ringsKm])).toEqual([
      ['town', [2, 4]],
      ['plain', [5, 10]],
    ]);
  });

  it('should stop start-up naming the key, the file, the feature and the field when a feature is bad', () => {
    const file = writeAreas('bad-rings.geo.json', { type: 'FeatureCollection', features: [area('town', [2, 4]), area('plain', [10, 5])] });
    expect(() => loadConfig({ FEIJIU_RING_AREAS_FILE: file }, dir)).toThrow(ConfigError);
    expect(problemsOf({ FEIJIU_RING_AREAS_FILE: file })).toEqual([
      `FEIJIU_RING_AREAS_FILE: ${join(dir, file)}: features[1] (plain): properties.ringsKm: rings must be ascending`,
    ]);
  });

  it.each([
    { what: 'missing', file: 'nowhere.geo.json', problem: /^FEIJIU_RING_AREAS_FILE: .*nowhere\.geo\.json: cannot read \(ENOENT\)$/ },
    { what: 'not JSON', file: writeAreas('truncated.geo.json', '{"type":"FeatureCollection","features":['), problem: /^FEIJIU_RING_AREAS_FILE: .*truncated\.geo\.json: not JSON/ },
    { what: 'a single feature', file: writeAreas('feature.geo.json', area('town', [3])), problem: /^FEIJIU_RING_AREAS_FILE: .*feature\.geo\.json: not a GeoJSON FeatureCollection/ },
  ])('should stop start-up when the file is $what', ({ file, problem }) => {
    expect(problemsOf({ FEIJIU_RING_AREAS_FILE: file })).toEqual([expect.stringMatching(problem)]);
  });

  it('should list a bad file together with the other bad keys', () => {
    const file = writeAreas('no-name.geo.json', { type: 'FeatureCollection', features: [area('town', [3], '')] });
    const problems = problemsOf({ FEIJIU_RING_AREAS_FILE: file, FEIJIU_RINGS_KM: '20,10' });
    expect(problems).toEqual([
      'FEIJIU_RINGS_KM: rings must be positive and increasing',
      expect.stringMatching(/^FEIJIU_RING_AREAS_FILE: .*: features\[0\] \(town\): properties\.name: /),
    ]);
  });
});
