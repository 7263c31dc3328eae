import { SetVehicleCrewRequestSchema } from '@feijiu/contracts';
import { DEMO_COUNTY } from '@feijiu/geo';
import { describe, expect, it } from 'vitest';
import { demoCrewsFor, demoPersonName } from './demo-crews';

describe(demoCrewsFor.name, () => {
  const sut = demoCrewsFor(DEMO_COUNTY.vehicles);
  const roles = (vehicleId: string) => sut.find((c) => c.vehicleId === vehicleId)!.crew.map((m) => m.role);

  it('should give every demo ambulance a crew', () => {
    expect(sut.map((c) => c.vehicleId)).toEqual(DEMO_COUNTY.vehicles.map((v) => v.id));
  });

  it.each([
    ['lh-02', 'ALS', ['doctor', 'nurse', 'driver']],
    ['lh-10', 'negative_pressure', ['doctor', 'nurse', 'driver']],
    ['mch-02', 'neonatal', ['doctor', 'nurse', 'driver']],
    ['tcm-03', 'BLS', ['paramedic', 'driver']],
    ['wangjia-01', 'BLS', ['paramedic', 'driver']],
  ])('should staff %s (%s) with %j', (vehicleId, type, expected) => {
    expect(DEMO_COUNTY.vehicles.find((v) => v.id === vehicleId)?.type).toBe(type);
    expect(roles(vehicleId)).toEqual(expected);
  });

  it("should put the walkthrough's example crew on the first ambulance", () => {
    expect(sut[0]!.crew.map((m) => `${m.role} ${m.name}`)).toEqual(['doctor 张伟', 'nurse 李娜', 'driver 王强']);
  });

  it('should name every person in the county differently', () => {
    const names = sut.flatMap((c) => c.crew.map((m) => m.name));
    expect(new Set(names).size).toBe(names.length);
  });

  it('should give crews the API itself would accept', () => {
    for (const { vehicleId, crew } of sut) {
      expect(SetVehicleCrewRequestSchema.safeParse({ crew }).success, vehicleId).toBe(true);
      for (const m of crew) expect(m.phone, `${vehicleId} ${m.name}`).toMatch(/^1[3-9]\d{9}$/);
    }
  });

  it('should be the same on every boot', () => {
    expect(demoCrewsFor(DEMO_COUNTY.vehicles)).toEqual(sut);
  });
});

describe(demoPersonName.name, () => {
  it('should not repeat a name within the first 690 people', () => {
    const names = Array.from({ length: 690 }, (_, n) => demoPersonName(n));
    expect(new Set(names).size).toBe(690);
  });
});
