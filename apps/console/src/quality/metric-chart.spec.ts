import { describe, expect, it } from 'vitest';
import { metricChart } from './metric-chart';

describe(metricChart.name, () => {
  it('should draw a median under target short of the target line', () => {
    const sut = metricChart({ medianMin: 60, targetMin: 90, compliancePct: 80 }, 200);
    expect(sut.medianW).toBeLessThan(sut.targetX);
    expect(sut.isOverTarget).toBe(false);
    expect(sut.complianceW).toBe(160);
  });

  it('should flag a median over target and keep both inside the width', () => {
    const sut = metricChart({ medianMin: 120, targetMin: 90, compliancePct: 40 }, 200);
    expect(sut.isOverTarget).toBe(true);
    expect(sut.medianW).toBeGreaterThan(sut.targetX);
    expect(sut.medianW).toBeLessThanOrEqual(200);
  });

  it('should draw no bars without data', () => {
    const sut = metricChart({ medianMin: null, targetMin: 30, compliancePct: null }, 200);
    expect(sut.medianW).toBeNull();
    expect(sut.complianceW).toBeNull();
    expect(sut.targetX).toBeGreaterThan(0);
  });
});
