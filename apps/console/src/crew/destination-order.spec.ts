import type { DestinationOption } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { orderDestinations } from './destination-order';

const option = (hospitalId: string, recommended = false) => ({ hospitalId, recommended }) as DestinationOption;

describe(orderDestinations.name, () => {
  it('should put the recommended hospital first and keep the server order for the rest', () => {
    const sut = orderDestinations([option('near'), option('pci', true), option('far')]);
    expect(sut.map((o) => o.hospitalId)).toEqual(['pci', 'near', 'far']);
  });
});
