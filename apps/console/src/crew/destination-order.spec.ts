import type { DestinationOption } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { orderDestinations, splitDestinations } from './destination-order';

const option = (hospitalId: string, recommended = false, fit: DestinationOption['fit'] = 'full') => ({ hospitalId, recommended, fit }) as DestinationOption;

describe(orderDestinations.name, () => {
  it('should put the recommended hospital first and keep the server order for the rest', () => {
    const sut = orderDestinations([option('near'), option('pci', true), option('far')]);
    expect(sut.map((o) => o.hospitalId)).toEqual(['pci', 'near', 'far']);
  });
});

describe(splitDestinations.name, () => {
  it('should keep hospitals that cannot take the patient behind "show more"', () => {
    const sut = splitDestinations([option('tc', false, 'none'), option('lead', true), option('tcm', false, 'partial')]);
    expect(sut.shown.map((o) => o.hospitalId)).toEqual(['lead', 'tcm']);
    expect(sut.more.map((o) => o.hospitalId)).toEqual(['tc']);
  });

  it('should cap the partial fits and keep every full fit', () => {
    const items = [option('lead', true), option('mch'), ...['a', 'b', 'c', 'd', 'e'].map((id) => option(id, false, 'partial'))];
    const sut = splitDestinations(items);
    expect(sut.shown.map((o) => o.hospitalId)).toEqual(['lead', 'mch', 'a', 'b', 'c']);
    expect(sut.more.map((o) => o.hospitalId)).toEqual(['d', 'e']);
  });

  it('should still offer the first three when nothing fits', () => {
    const sut = splitDestinations(['a', 'b', 'c', 'd'].map((id) => option(id, false, 'none')));
    expect(sut.shown.map((o) => o.hospitalId)).toEqual(['a', 'b', 'c']);
    expect(sut.more).toHaveLength(1);
  });
});
