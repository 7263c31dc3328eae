import { buildRoadGraph, DEMO_COUNTY, distanceM, ROAD_SPEED_KPH, type LatLonPoint, type RoadClass, type RoadCollection } from '@feijiu/geo';
import { describe, expect, it } from 'vitest';
import { RoadSketchRouting } from './road-sketch-routing';

const secPerKm = (kph: number) => 3600 / kph;

function roads(...lines: { roadClass: RoadClass; coordinates: [number, number][] }[]): RoadCollection {
  return {
    type: 'FeatureCollection',
    features: lines.map(({ roadClass, coordinates }, i) => ({
      type: 'Feature',
      properties: { name: `road ${i}`, roadClass },
      geometry: { type: 'LineString', coordinates },
    })),
  };
}

/** The `from`-th and `to`-th vertex of a demo county road. */
function alongDemoRoad(name: string, from: number, to: number): [LatLonPoint, LatLonPoint] {
  const road = DEMO_COUNTY.roads.features.find((f) => f.properties.name === name);
  if (!road) throw new Error(`no road ${name} in the demo county`);
  const at = (i: number): LatLonPoint => {
    const [lon, lat] = road.geometry.coordinates[i] as [number, number];
    return { lat, lon };
  };
  return [at(from), at(to)];
}

describe(RoadSketchRouting.name, () => {
  describe('on the demo county road sketch', () => {
    const sut = new RoadSketchRouting();

    it('should route from the county seat to 杨村乡 over a road longer than the straight line', async () => {
      const seat = DEMO_COUNTY.places.find((p) => p.name === '澄溪镇')!;
      const yangcun = DEMO_COUNTY.places.find((p) => p.name === '杨村乡')!;
      const [route] = await sut.estimateTo(yangcun, [seat]);
      const straightM = distanceM(seat, yangcun);
      expect(route!.distanceM).toBeGreaterThan(straightM);
      expect(route!.distanceM).toBeLessThan(straightM * 1.5);
      // slower than the straight line at the national road's speed, faster than at a village road's
      expect(route!.etaSec).toBeGreaterThan((straightM / 1000) * secPerKm(ROAD_SPEED_KPH.national));
      expect(route!.etaSec).toBeLessThan((route!.distanceM / 1000) * secPerKm(ROAD_SPEED_KPH.township));
    });

    it('should drive a kilometre of the national road G205 in about half the time of one on the village road Y201', async () => {
      const [g205From, g205To] = alongDemoRoad('205国道', 50, 200);
      const [y201From, y201To] = alongDemoRoad('杨九线', 0, 64);
      const [national] = await sut.estimateTo(g205To, [g205From]);
      const [village] = await sut.estimateTo(y201To, [y201From]);
      expect(national!.distanceM).toBeGreaterThan(distanceM(g205From, g205To));
      expect(village!.distanceM).toBeGreaterThan(distanceM(y201From, y201To));
      const nationalSecPerKm = national!.etaSec / (national!.distanceM / 1000);
      const villageSecPerKm = village!.etaSec / (village!.distanceM / 1000);
      expect(nationalSecPerKm).toBeCloseTo(secPerKm(ROAD_SPEED_KPH.national), 0);
      expect(villageSecPerKm).toBeCloseTo(secPerKm(ROAD_SPEED_KPH.township), 0);
      expect(nationalSecPerKm).toBeLessThan(villageSecPerKm);
    });
  });

  describe('on a made-up road', () => {
    // ~9.6 km due east along latitude 30; both ends on a vertex, so no access leg
    const WEST = { lat: 30, lon: 118 };
    const EAST = { lat: 30, lon: 118.1 };
    const straight = (roadClass: RoadClass) => roads({ roadClass, coordinates: [[118, 30], [118.05, 30], [118.1, 30]] });

    it('should be faster the higher the road class, at the class speed', async () => {
      const classes: RoadClass[] = ['township', 'county', 'provincial', 'national'];
      const etas: number[] = [];
      for (const roadClass of classes) {
        const [estimate] = await new RoadSketchRouting(buildRoadGraph(straight(roadClass))).estimateTo(EAST, [WEST]);
        expect(estimate!.distanceM).toBeCloseTo(distanceM(WEST, EAST), 3);
        expect(estimate!.etaSec).toBeCloseTo(estimate!.distanceM / (ROAD_SPEED_KPH[roadClass] / 3.6), 6);
        etas.push(estimate!.etaSec);
      }
      expect(etas).toEqual([...etas].sort((a, b) => b - a));
      expect(new Set(etas).size).toBe(classes.length);
    });

    it('should take the expressway between its slip roads rather than the parallel county road', async () => {
      // county slip road, expressway, county slip road; a county road alongside, 1 km to the north
      const graph = buildRoadGraph(
        roads(
          { roadClass: 'county', coordinates: [[118, 30], [118.005, 30]] },
          { roadClass: 'expressway', coordinates: [[118.005, 30], [118.095, 30]] },
          { roadClass: 'county', coordinates: [[118.095, 30], [118.1, 30]] },
          { roadClass: 'county', coordinates: [[118, 30], [118, 30.009], [118.1, 30.009], [118.1, 30]] },
        ),
      );
      const [estimate] = await new RoadSketchRouting(graph).estimateTo(EAST, [WEST]);
      const onExpresswayM = distanceM({ lat: 30, lon: 118.005 }, { lat: 30, lon: 118.095 });
      const onSlipRoadsM = distanceM(WEST, EAST) - onExpresswayM;
      expect(estimate!.etaSec).toBeCloseTo(onExpresswayM / (ROAD_SPEED_KPH.expressway / 3.6) + onSlipRoadsM / (ROAD_SPEED_KPH.county / 3.6), 3);
    });

    it('should give no estimate for an ambulance on a road that does not join the scene’s', async () => {
      const graph = buildRoadGraph(
        roads(
          { roadClass: 'county', coordinates: [[118, 30], [118.1, 30]] },
          { roadClass: 'county', coordinates: [[118, 30.2], [118.1, 30.2]] },
        ),
      );
      const [joined, apart] = await new RoadSketchRouting(graph).estimateTo(EAST, [WEST, { lat: 30.2, lon: 118 }]);
      expect(joined).not.toBeNull();
      expect(apart).toBeNull();
    });
  });
});
