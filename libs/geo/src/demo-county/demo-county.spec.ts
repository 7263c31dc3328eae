import { EntityIdSchema, FacilityCapabilitySchema, FacilityKindSchema, VehicleTypeSchema } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { ROAD_CLASSES } from '../county';
import { distanceM } from '../distance';
import { distanceToRoadsM } from '../line-distance';
import { isPointInPolygon } from '../polygon';
import { findRingArea, parseRingAreas } from '../ring-areas';
import { buildRoadGraph, findConnectedComponents } from '../road-graph';
import { findRoute } from '../route';
import { DEMO_COUNTY } from './index';

const sut = DEMO_COUNTY;
const facility = (id: string) => sut.facilities.find((f) => f.id === id)!;
const townships = sut.facilities.filter((f) => f.kind === 'township_centre');
const seatFacilities = sut.facilities.filter((f) => f.kind !== 'township_centre');
const graph = buildRoadGraph(sut.roads);

describe('DEMO_COUNTY', () => {
  describe('facilities', () => {
    it('should have a command centre, four county-seat hospitals and 20 township centres', () => {
      expect(sut.facilities.filter((f) => f.kind === 'command_centre').map((f) => f.id)).toEqual(['cc']);
      expect(sut.facilities.filter((f) => f.kind === 'hospital').map((f) => f.id).sort()).toEqual(
        ['gh2', 'lead', 'mch', 'tcm'],
      );
      expect(townships).toHaveLength(20);
    });

    it('should use only contract ids, kinds and capabilities when listing facilities', () => {
      for (const f of sut.facilities) {
        expect(EntityIdSchema.safeParse(f.id).success, f.id).toBe(true);
        expect(FacilityKindSchema.safeParse(f.kind).success, f.id).toBe(true);
        for (const c of f.capabilities) expect(FacilityCapabilitySchema.safeParse(c).success, c).toBe(true);
      }
      expect(new Set(sut.facilities.map((f) => f.id)).size).toBe(sut.facilities.length);
    });

    it('should give the lead hospital every green channel when it leads the 医共体', () => {
      expect([...facility('lead').capabilities].sort()).toEqual(
        [
          'pci_24_7', 'cath_lab', 'thrombolysis', 'thrombectomy', 'ct', 'stroke_centre',
          'chest_pain_centre', 'trauma_centre', 'obstetrics', 'nicu', 'emergency_department',
        ].sort(),
      );
    });

    it('should place township centres 8–40 km from the county seat when laid out', () => {
      for (const t of townships) {
        for (const seatId of ['cc', 'lead']) {
          const km = distanceM(facility(seatId), t) / 1000;
          expect(km, `${t.id} from ${seatId}`).toBeGreaterThanOrEqual(8);
          expect(km, `${t.id} from ${seatId}`).toBeLessThanOrEqual(40);
        }
        expect(t.id).toMatch(/^tc-[a-z]+$/);
        expect(t.name).toMatch(/卫生院$/);
      }
    });

    it('should keep the county-seat institutions within 3 km of the command centre', () => {
      for (const f of seatFacilities) expect(distanceM(facility('cc'), f), f.id).toBeLessThan(3000);
    });

    it('should keep every facility inside the county and within 200 m of a road', () => {
      for (const f of sut.facilities) {
        expect(isPointInPolygon(f, sut.boundary.geometry), f.id).toBe(true);
        expect(distanceToRoadsM(f, sut.roads), f.id).toBeLessThan(200);
      }
    });
  });

  describe('vehicles', () => {
    it('should have 39 ambulances, 19 of them in the county seat', () => {
      expect(sut.vehicles).toHaveLength(39);
      const seatIds = new Set(seatFacilities.map((f) => f.id));
      expect(sut.vehicles.filter((v) => seatIds.has(v.stationId))).toHaveLength(19);
      const countAt = (id: string) => sut.vehicles.filter((v) => v.stationId === id).length;
      expect([countAt('lead'), countAt('tcm'), countAt('mch'), countAt('gh2'), countAt('cc')]).toEqual([10, 3, 3, 3, 0]);
      for (const t of townships) expect(countAt(t.id), t.id).toBe(1);
    });

    it('should give each vehicle a unique topic-safe id, call sign and plate', () => {
      for (const v of sut.vehicles) {
        expect(EntityIdSchema.safeParse(v.id).success, v.id).toBe(true);
        expect(VehicleTypeSchema.safeParse(v.type).success, v.id).toBe(true);
        expect(sut.facilities.some((f) => f.id === v.stationId), v.id).toBe(true);
      }
      for (const key of ['id', 'callSign', 'plate'] as const) {
        expect(new Set(sut.vehicles.map((v) => v[key])).size, key).toBe(39);
      }
      expect(sut.vehicles[0]).toMatchObject({ id: 'lh-01', stationId: 'lead', type: 'ALS' });
    });

    it('should name township ambulances after their township when based there', () => {
      for (const v of sut.vehicles.filter((x) => x.stationId.startsWith('tc-'))) {
        expect(v.id).toBe(`${v.stationId.slice(3)}-01`);
        expect(v.type).toBe('BLS');
      }
      expect(sut.vehicles.filter((v) => v.type === 'neonatal').map((v) => v.stationId)).toEqual(['mch']);
      expect(sut.vehicles.filter((v) => v.type === 'negative_pressure').map((v) => v.stationId)).toEqual(['lead']);
    });
  });

  describe('roads', () => {
    it('should form one connected network when built into a graph', () => {
      expect(findConnectedComponents(graph)).toHaveLength(1);
    });

    it('should use only the five road classes and name every road', () => {
      for (const road of sut.roads.features) {
        expect(ROAD_CLASSES).toContain(road.properties.roadClass);
        expect(road.properties.name.length).toBeGreaterThan(0);
        expect(road.geometry.coordinates.length).toBeGreaterThanOrEqual(2);
      }
      for (const roadClass of ROAD_CLASSES) {
        expect(sut.roads.features.some((r) => r.properties.roadClass === roadClass), roadClass).toBe(true);
      }
    });

    it('should wind rather than run straight when a trunk road is drawn', () => {
      const g205 = sut.roads.features.find((r) => r.properties.ref === 'G205')!;
      expect(g205.geometry.coordinates.length).toBeGreaterThan(50);
    });

    it('should reach every facility from the lead hospital along the roads', () => {
      for (const f of sut.facilities) {
        expect(findRoute(graph, facility('lead'), f), f.id).not.toBeNull();
      }
    });

    it('should drive further than the crow flies, but less than twice, to the farthest township', () => {
      const lead = facility('lead');
      const farthest = [...townships].sort((a, b) => distanceM(lead, b) - distanceM(lead, a))[0];
      const straightM = distanceM(lead, farthest);
      const route = findRoute(graph, lead, farthest)!;
      expect(route.distanceM).toBeGreaterThan(straightM);
      expect(route.distanceM).toBeLessThan(2 * straightM);
      // every vertex of the route lies on a road (the first and last are the facilities themselves)
      for (const [lon, lat] of route.coordinates.slice(1, -1)) {
        expect(distanceToRoadsM({ lat, lon }, sut.roads)).toBeLessThan(1);
      }
    });
  });

  describe('places', () => {
    it('should list every town, about 40 villages and a few landmarks', () => {
      const byKind = (kind: string) => sut.places.filter((p) => p.kind === kind);
      expect(byKind('town')).toHaveLength(21);
      expect(byKind('village').length).toBeGreaterThanOrEqual(35);
      expect(byKind('landmark').length).toBeGreaterThanOrEqual(3);
      for (const t of townships) {
        const town = t.name.replace(/(中心)?卫生院$/, '');
        expect(byKind('town').some((p) => p.name === town), town).toBe(true);
      }
      expect(new Set(sut.places.map((p) => p.name)).size).toBe(sut.places.length);
    });

    it('should keep every place inside the county and within 200 m of a road', () => {
      for (const p of sut.places) {
        expect(isPointInPolygon(p, sut.boundary.geometry), p.name).toBe(true);
        expect(distanceToRoadsM(p, sut.roads), p.name).toBeLessThan(200);
      }
    });
  });

  describe('ring areas', () => {
    const parsed = parseRingAreas(sut.ringAreas);
    const areas = parsed.ok ? parsed.areas : [];

    it('should give the county seat (城区) town rings of 3 and 5 km and leave the countryside on the default rings', () => {
      expect(parsed).toMatchObject({ ok: true });
      expect(areas.map((a) => [a.id, a.name, a.ringsKm])).toEqual([['chengxi-urban', '澄溪县城区', [3, 5]]]);
      for (const f of seatFacilities) expect(findRingArea(f, areas)?.id, f.id).toBe('chengxi-urban');
      for (const t of townships) expect(findRingArea(t, areas), t.id).toBeNull();
      for (const v of sut.places.filter((p) => p.kind === 'village')) expect(findRingArea(v, areas), v.name).toBeNull();
    });

    it('should keep every corner of the county seat within 5 km of a county-seat hospital, the town service radius', () => {
      const hospitals = seatFacilities.filter((f) => f.kind === 'hospital');
      for (const [lon, lat] of (sut.ringAreas.features[0]!.geometry.coordinates[0] as number[][])) {
        const nearestM = Math.min(...hospitals.map((h) => distanceM(h, { lat: lat!, lon: lon! })));
        expect(nearestM, `${lat},${lon}`).toBeLessThan(5000);
      }
    });
  });

  describe('boundary', () => {
    it('should span about 60 × 50 km around the centre', () => {
      const ring = (sut.boundary.geometry.coordinates[0] as number[][]).map(([lon, lat]) => ({ lat: lat, lon: lon }));
      const lats = ring.map((p) => p.lat);
      const lons = ring.map((p) => p.lon);
      const eastWestKm = distanceM({ lat: sut.centre.lat, lon: Math.min(...lons) }, { lat: sut.centre.lat, lon: Math.max(...lons) }) / 1000;
      const northSouthKm = distanceM({ lat: Math.min(...lats), lon: sut.centre.lon }, { lat: Math.max(...lats), lon: sut.centre.lon }) / 1000;
      expect(eastWestKm).toBeGreaterThan(52);
      expect(eastWestKm).toBeLessThan(68);
      expect(northSouthKm).toBeGreaterThan(42);
      expect(northSouthKm).toBeLessThan(58);
      expect(isPointInPolygon(sut.centre, sut.boundary.geometry)).toBe(true);
    });
  });
});
