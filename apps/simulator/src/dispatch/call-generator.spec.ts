import { CreateIncidentRequestSchema } from '@feijiu/contracts';
import { DEMO_COUNTY, distanceM } from '@feijiu/geo';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random';
import { chooseDestination, classifyComplaint, generateCall } from './call-generator';

const facility = (id: string) => DEMO_COUNTY.facilities.find((f) => f.id === id)!;

describe(generateCall.name, () => {
  const random = seededRandom(21);
  const calls = Array.from({ length: 3000 }, () => generateCall(DEMO_COUNTY, random));

  it('should make a request the core accepts when a call comes in', () => {
    for (const call of calls.slice(0, 200)) expect(CreateIncidentRequestSchema.parse(call.request)).toEqual(call.request);
  });

  it('should place the scene at a village or town the caller names', () => {
    for (const call of calls.slice(0, 200)) {
      const place = DEMO_COUNTY.places.find((p) => p.name === call.placeName)!;
      expect(['village', 'town']).toContain(place.kind);
      expect(distanceM(call.request.location, place)).toBeLessThan(200);
      expect(call.request.address).toContain(place.name);
    }
    expect(new Set(calls.map((c) => c.placeName)).size).toBeGreaterThan(30);
  });

  it('should tell the call-taker the patient\'s sex and an adult age, the injured younger on average', () => {
    for (const call of calls) {
      expect(['male', 'female']).toContain(call.request.patient?.sex);
      expect(call.request.patient?.ageYears).toBeGreaterThanOrEqual(18);
      expect(call.request.patient?.ageYears).toBeLessThanOrEqual(85);
    }
    const meanAge = (pathway: string) => {
      const ages = calls.filter((c) => c.pathway === pathway).map((c) => c.request.patient!.ageYears!);
      return ages.reduce((a, b) => a + b, 0) / ages.length;
    };
    expect(meanAge('trauma')).toBeLessThan(meanAge('chest_pain'));
  });

  it('should mix chest pain, stroke and trauma with other complaints', () => {
    const share = (pathway: string) => calls.filter((c) => c.pathway === pathway).length / calls.length;
    expect(share('chest_pain')).toBeGreaterThan(0.2);
    expect(share('chest_pain')).toBeLessThan(0.32);
    expect(share('stroke')).toBeGreaterThan(0.11);
    expect(share('stroke')).toBeLessThan(0.21);
    expect(share('trauma')).toBeGreaterThan(0.12);
    expect(share('trauma')).toBeLessThan(0.22);
    expect(share('other')).toBeGreaterThan(0.3);
    expect(new Set(calls.map((c) => c.request.priority))).toEqual(new Set(['critical', 'urgent', 'non_urgent']));
    for (const c of calls) {
      const expected = { chest_pain: 'stemi', stroke: 'stroke', trauma: 'haemorrhagic_shock', other: 'normal' }[c.pathway];
      expect(c.scenario).toBe(expected);
    }
  });
});

describe(`${generateCall.name} in part of the county`, () => {
  it('should place calls near the given stations when the simulator drives only some vehicles', () => {
    const shangxi = facility('tc-shangxi');
    const random = seededRandom(5);
    for (let i = 0; i < 200; i++) {
      const call = generateCall(DEMO_COUNTY, random, { stations: [shangxi], withinM: 15_000 });
      expect(distanceM(call.request.location, shangxi)).toBeLessThan(15_200);
    }
  });
});

describe(classifyComplaint.name, () => {
  it.each([
    ['胸痛伴大汗 (chest pain, sweating)', 'chest_pain', 'stemi'],
    ['患者胸闷气短', 'chest_pain', 'stemi'],
    ['Chest pain for 30 minutes', 'chest_pain', 'stemi'],
    ['左侧肢体无力', 'stroke', 'stroke'],
    ['疑似脑梗', 'stroke', 'stroke'],
    ['车祸外伤', 'trauma', 'haemorrhagic_shock'],
    ['fall from a roof, bleeding', 'trauma', 'haemorrhagic_shock'],
    ['发热三天', 'other', 'normal'],
    ['腹痛', 'other', 'normal'],
  ])('should read "%s" as %s with a %s patient', (complaint, pathway, scenario) => {
    expect(classifyComplaint(complaint)).toEqual({ pathway, scenario });
  });
});

describe(chooseDestination.name, () => {
  it.each(['chest_pain', 'stroke', 'trauma'] as const)('should take a %s patient to the lead hospital even from far away', (pathway) => {
    const gh2 = facility('gh2');
    expect(chooseDestination(pathway, { lat: gh2.lat, lon: gh2.lon + 0.001 }, DEMO_COUNTY)?.id).toBe('lead');
  });

  it.each(['gh2', 'tcm', 'mch'])('should take other patients to the nearest hospital when the scene is next to %s', (id) => {
    const h = facility(id);
    expect(chooseDestination('other', { lat: h.lat + 0.0005, lon: h.lon }, DEMO_COUNTY)?.id).toBe(id);
  });
});
