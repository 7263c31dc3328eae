// Geometry of a metric's small SVG chart: the median as a bar against the target line, and the
// compliance as a bar out of 100 %. Plain numbers so the drawing is testable.

export interface MetricChartInput {
  medianMin: number | null;
  targetMin: number;
  compliancePct: number | null;
}

export interface MetricChartGeometry {
  /** Width of the median bar; null without data. */
  medianW: number | null;
  /** x of the target line. */
  targetX: number;
  /** The median misses the target. */
  isOverTarget: boolean;
  complianceW: number | null;
}

export function metricChart(input: MetricChartInput, width: number): MetricChartGeometry {
  // Room beyond the larger of median and target so neither touches the edge.
  const scaleMax = Math.max(input.targetMin, input.medianMin ?? 0) * 1.25 || 1;
  const x = (min: number) => Math.round((Math.max(0, min) / scaleMax) * width * 10) / 10;
  const pct = input.compliancePct === null ? null : Math.min(100, Math.max(0, input.compliancePct));
  return {
    medianW: input.medianMin === null ? null : x(input.medianMin),
    targetX: x(input.targetMin),
    isOverTarget: input.medianMin !== null && input.medianMin > input.targetMin,
    complianceW: pct === null ? null : Math.round((pct / 100) * width * 10) / 10,
  };
}
