import type { Place } from '@feijiu/contracts';
import { DEMO_COUNTY } from '@feijiu/geo';
import { describe, expect, it } from 'vitest';
import { buildGazetteer, searchPlaces } from './place-search';

const place = (name: string, nameEn: string, kind: Place['kind'] = 'village'): Place => ({ name, nameEn, kind, lat: 30, lon: 118.5 });

const GAZETTEER: Place[] = [
  place('高桥镇卫生院', 'Gaoqiao Township Health Centre', 'facility'),
  place('高桥镇', 'Gaoqiao Town', 'town'),
  place('石桥', 'Stone Bridge', 'landmark'),
  place('桥头村', 'Qiaotou Village'),
  place('上溪镇', 'Shangxi Town', 'town'),
];
const names = (found: Place[]) => found.map((p) => p.name);

describe(searchPlaces.name, () => {
  it('should list Chinese names starting with the query before those containing it, shorter first', () => {
    expect(names(searchPlaces(GAZETTEER, '桥', 10))).toEqual(['桥头村', '石桥', '高桥镇', '高桥镇卫生院']);
  });

  it('should find facilities beside places, the place itself first', () => {
    const found = searchPlaces(GAZETTEER, '高桥', 10);
    expect(found.map((p) => [p.name, p.kind])).toEqual([
      ['高桥镇', 'town'],
      ['高桥镇卫生院', 'facility'],
    ]);
  });

  it('should match English names whatever the case, typed full-width or with spaces around', () => {
    expect(names(searchPlaces(GAZETTEER, 'GAOQIAO', 10))).toEqual(['高桥镇', '高桥镇卫生院']);
    expect(names(searchPlaces(GAZETTEER, '  health centre ', 10))).toEqual(['高桥镇卫生院']);
    expect(names(searchPlaces(GAZETTEER, 'Ｇａｏｑｉａｏ', 10))).toEqual(['高桥镇', '高桥镇卫生院']);
  });

  it('should rank an English prefix before an English substring', () => {
    expect(names(searchPlaces(GAZETTEER, 'qiao', 10))).toEqual(['桥头村', '高桥镇', '高桥镇卫生院']);
  });

  it('should return at most the limit, best first', () => {
    expect(names(searchPlaces(GAZETTEER, '桥', 2))).toEqual(['桥头村', '石桥']);
    expect(searchPlaces(GAZETTEER, '桥', 0)).toEqual([]);
  });

  it.each([[''], ['   '], ['\t']])('should find nothing for the blank query %j', (query) => {
    expect(searchPlaces(GAZETTEER, query, 10)).toEqual([]);
  });

  it('should find nothing when no name matches', () => {
    expect(searchPlaces(GAZETTEER, '北京', 10)).toEqual([]);
  });
});

describe(buildGazetteer.name, () => {
  it('should put the demo county places and facilities in one list that finds 杨村乡 first for 杨村', () => {
    const sut = buildGazetteer(DEMO_COUNTY);
    expect(sut).toHaveLength(DEMO_COUNTY.places.length + DEMO_COUNTY.facilities.length);
    const [first, second] = searchPlaces(sut, '杨村', 10);
    expect(first).toEqual({ name: '杨村乡', nameEn: 'Yangcun Town', kind: 'town', lat: 30.08598, lon: 118.353187 });
    expect(second).toMatchObject({ name: '杨村乡卫生院', kind: 'facility' });
  });
});
