import { translateToZh } from '@feijiu/clinical';
import { VEHICLE_TYPES } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { type Candidate, listWarnings, rankCandidates } from './recommendation';

// The dispatch console shows the recommendation's reasons and warnings in Chinese through the
// phrasebook in @feijiu/clinical. Every sentence rankCandidates and listWarnings write, in every
// branch, must have a Chinese rendering carrying its numbers, or a zh-CN dispatcher reads English.

const candidate = (over: Partial<Candidate>): Candidate => ({
  vehicleId: 'v',
  callSign: 'V',
  type: 'ALS',
  status: 'available',
  stationId: 'lead',
  position: { lat: 30, lon: 118 },
  straightM: 3_000,
  positionAgeSec: 5,
  ...over,
});
const rings = [5, 10, 20];

// One list reaching every branch: road ETA and none, each ring and beyond, returning, stale and
// missing GPS, and for each required type a vehicle that fits and one that does not.
const candidates = [
  candidate({ vehicleId: 'in-5' }),
  candidate({ vehicleId: 'in-10', straightM: 8_000, status: 'returning' }),
  candidate({ vehicleId: 'beyond', straightM: 31_000, positionAgeSec: null }),
  candidate({ vehicleId: 'stale', straightM: 15_000, positionAgeSec: 600 }),
];
const lists = [null, ...VEHICLE_TYPES].map((requiredType) =>
  rankCandidates({
    candidates: [...candidates, ...VEHICLE_TYPES.map((type) => candidate({ vehicleId: `type-${type}`, type }))],
    estimates: [{ etaSec: 420, distanceM: 4_200 }, null, { etaSec: 2_700, distanceM: 38_400 }, { etaSec: 1_500, distanceM: 19_600 }],
    ringsKm: rings,
    requiredType,
  }),
);
const texts = [
  ...lists.flatMap((items) => items.flatMap((i) => [...i.reasons, ...i.warnings])),
  ...listWarnings([], rings),
  ...listWarnings(lists[0]!, rings, 'neonatal'),
  ...listWarnings(rankCandidates({ candidates: [candidate({ straightM: 40_000 })], estimates: [null], ringsKm: rings, requiredType: null }), rings),
];

const numbersIn = (text: string) => text.match(/(?<![\w.])\d+(?:\.\d+)?(?!\w)/g) ?? [];

describe('recommendation texts in Chinese', () => {
  it('should reach every reason and warning rankCandidates and listWarnings write', () => {
    for (const start of [
      /^ETA 7 min by road, 4\.2 km$/,
      /^within 5 km$/,
      /^within 10 km$/,
      /^beyond 20 km$/,
      /^returning to station/,
      /^neonatal ambulance as required$/,
      /^no road route/,
      /^is ALS, call needs negative_pressure$/,
      /^outside the 20 km service radius$/,
      /^no GPS position yet/,
      /^GPS position is 10 min old$/,
      /^no ambulance is free$/,
      /^no neonatal ambulance is free$/,
      /^no free ambulance within 20 km: nearest shown$/,
    ]) {
      expect(texts).toContainEqual(expect.stringMatching(start));
    }
  });

  it.each([...new Set(texts)])('should render "%s" in Chinese with its numbers', (text) => {
    const zh = translateToZh(text);
    expect(zh).not.toBeNull();
    expect(zh).toMatch(/[\u4e00-\u9fff]/);
    expect(zh).not.toMatch(/[{}]|\b(?:ALS|BLS|neonatal|negative_pressure)\b/);
    expect(numbersIn(zh!).sort()).toEqual(numbersIn(text).sort());
  });
});
