import { describe, expect, it } from 'vitest';
import { estimateJobEta } from './job-eta';

describe(estimateJobEta.name, () => {
  it('should give about 11 km and 17 min for 0.1° of latitude', () => {
    const sut = estimateJobEta({ lat: 30, lon: 118.5 }, { lat: 30.1, lon: 118.5 });
    expect(sut?.straightM).toBeGreaterThan(11_000);
    expect(sut?.straightM).toBeLessThan(11_200);
    expect((sut?.etaSec ?? 0) / 60).toBeCloseTo(17.3, 0);
  });

  it('should give nothing without a fix', () => {
    expect(estimateJobEta(null, { lat: 30, lon: 118.5 })).toBeNull();
  });
});
