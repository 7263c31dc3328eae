import { describe, expect, it } from 'vitest';
import { findRingArea, parseRingAreas, type RingArea } from './ring-areas';

// Squares 0.1° wide (~10 km) near 30°N 118°E, as GeoJSON writes them: [lon, lat], closed.
const square = (lon: number, lat: number, size = 0.1) => [
  [lon, lat],
  [lon + size, lat],
  [lon + size, lat + size],
  [lon, lat + size],
  [lon, lat],
];
const feature = (properties: Record<string, unknown>, geometry: unknown = { type: 'Polygon', coordinates: [square(118, 30)] }) => ({
  type: 'Feature',
  properties,
  geometry,
});
const collection = (...features: unknown[]) => ({ type: 'FeatureCollection', features });
const areasOf = (value: unknown): readonly RingArea[] => {
  const result = parseRingAreas(value);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.areas;
};
const problemsOf = (value: unknown): string[] => {
  const result = parseRingAreas(value);
  return result.ok ? [] : result.problems;
};

describe(parseRingAreas.name, () => {
  it('should read each feature as an area with its rings when the file is valid', () => {
    const sut = areasOf(
      collection(
        feature({ id: 'seat', name: '城区', nameEn: 'County seat', ringsKm: [3, 5] }),
        feature({ id: 'hills', name: '山区', ringsKm: [10, 20, 30] }, { type: 'MultiPolygon', coordinates: [[square(118.2, 30)], [square(118.4, 30)]] }),
      ),
    );
    expect(sut.map((a) => [a.id, a.name, a.nameEn, a.ringsKm])).toEqual([
      ['seat', '城区', 'County seat', [3, 5]],
      ['hills', '山区', null, [10, 20, 30]],
    ]);
  });

  it('should accept an empty collection when no area has its own rings', () => {
    expect(areasOf(collection())).toEqual([]);
  });

  it.each([
    { what: 'rings not ascending', props: { ringsKm: [5, 3] }, problem: /^features\[0\] \(seat\): properties\.ringsKm: rings must be ascending$/ },
    { what: 'a zero ring', props: { ringsKm: [0, 5] }, problem: /^features\[0\] \(seat\): properties\.ringsKm\.0: / },
    { what: 'no rings', props: { ringsKm: [] }, problem: /^features\[0\] \(seat\): properties\.ringsKm: / },
    { what: 'rings as text', props: { ringsKm: '3,5' }, problem: /^features\[0\] \(seat\): properties\.ringsKm: / },
    { what: 'no name', props: { name: ' ' }, problem: /^features\[0\] \(seat\): properties\.name: / },
    { what: 'an id with spaces', props: { id: 'county seat' }, problem: /^features\[0\] \(county seat\): properties\.id: / },
  ])('should name the feature and the field when it has $what', ({ props, problem }) => {
    const problems = problemsOf(collection(feature({ id: 'seat', name: '城区', ringsKm: [3, 5], ...props })));
    expect(problems).toContainEqual(expect.stringMatching(problem));
  });

  it.each([
    { what: 'a ring that does not close', geometry: { type: 'Polygon', coordinates: [square(118, 30).slice(0, 4)] }, path: 'geometry.coordinates.0' },
    { what: 'a position off the globe', geometry: { type: 'Polygon', coordinates: [[[118, 30], [118.1, 30], [218.1, 30.1], [118, 30]]] }, path: 'geometry.coordinates.0.2.0' },
    { what: 'a point instead of a polygon', geometry: { type: 'Point', coordinates: [118, 30] }, path: 'geometry.type' },
  ])('should refuse $what in the geometry', ({ geometry, path }) => {
    const problems = problemsOf(collection(feature({ id: 'ok', name: 'A', ringsKm: [5] }), feature({ id: 'bad', name: 'B', ringsKm: [5] }, geometry)));
    expect(problems).toEqual([expect.stringMatching(new RegExp(`^features\\[1\\] \\(bad\\): ${path.replaceAll('.', '\\.')}: `))]);
  });

  it('should refuse the same id twice', () => {
    const problems = problemsOf(collection(feature({ id: 'seat', name: 'A', ringsKm: [5] }), feature({ id: 'seat', name: 'B', ringsKm: [5] })));
    expect(problems).toEqual(['features[1] (seat): properties.id: "seat" is used by an earlier feature']);
  });

  it('should say latitude and longitude are swapped, a few times, when a file has them the wrong way round', () => {
    const problems = problemsOf(collection(feature({ id: 'seat', name: 'A', ringsKm: [5] }, { type: 'Polygon', coordinates: [square(118, 30).map(([lon, lat]) => [lat, lon])] })));
    expect(problems).toEqual([
      'features[0] (seat): geometry.coordinates.0.0.1: latitude must be within ±90 (positions are [lon, lat])',
      'features[0] (seat): geometry.coordinates.0.1.1: latitude must be within ±90 (positions are [lon, lat])',
      'features[0] (seat): geometry.coordinates.0.2.1: latitude must be within ±90 (positions are [lon, lat])',
      'features[0] (seat): … and 2 more',
    ]);
  });

  it('should report every bad feature, not only the first', () => {
    const problems = problemsOf(collection(feature({ id: 'aa', name: 'A', ringsKm: [] }), feature({ id: 'bb', ringsKm: [5] })));
    expect(problems.map((p) => p.slice(0, p.indexOf(':')))).toEqual(['features[0] (aa)', 'features[1] (bb)']);
  });

  it.each([
    { what: 'a bare feature', value: feature({ id: 'aa', name: 'A', ringsKm: [5] }) },
    { what: 'an array', value: [] },
    { what: 'null', value: null },
  ])('should refuse $what when a FeatureCollection is expected', ({ value }) => {
    expect(problemsOf(value).length).toBeGreaterThan(0);
  });
});

describe(findRingArea.name, () => {
  const sut = areasOf(
    collection(
      feature({ id: 'seat', name: '城区', ringsKm: [3, 5] }, { type: 'Polygon', coordinates: [square(118.02, 30.02, 0.04)] }),
      feature({ id: 'plain', name: '平原', ringsKm: [5, 10] }),
      feature({ id: 'hills', name: '山区', ringsKm: [10, 20] }, { type: 'MultiPolygon', coordinates: [[square(118.2, 30), square(118.22, 30.02, 0.04)]] }),
    ),
  );

  it.each([
    { where: 'in the seat, which overlaps the plain and is listed first', point: { lat: 30.04, lon: 118.04 }, id: 'seat' },
    { where: 'on the plain outside the seat', point: { lat: 30.09, lon: 118.09 }, id: 'plain' },
    { where: 'in the hills', point: { lat: 30.01, lon: 118.21 }, id: 'hills' },
    { where: 'in the hole of the hills', point: { lat: 30.04, lon: 118.24 }, id: null },
    { where: 'outside every area', point: { lat: 30.5, lon: 118.5 }, id: null },
  ])('should give the $id rings when the call is $where', ({ point, id }) => {
    expect(findRingArea(point, sut)?.id ?? null).toBe(id);
  });
});
