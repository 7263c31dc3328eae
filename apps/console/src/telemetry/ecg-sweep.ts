// Monitor-strip geometry: 25 mm/s, 10 mm/mV on 1 mm / 5 mm paper, calibrated through CSS
// millimetres (96 CSS px per inch, 25.4 mm per inch) and the device pixel ratio.

export const CSS_PX_PER_MM = 96 / 25.4;
export const ECG_SPEED_MM_PER_S = 25;
export const ECG_GAIN_MM_PER_MV = 10;
/** The blank band the pen erases ahead of itself. */
export const ECG_ERASER_MM = 4;

/** Canvas (backing-store) pixels per millimetre. */
export function pxPerMm(devicePixelRatio: number): number {
  return CSS_PX_PER_MM * (devicePixelRatio > 0 ? devicePixelRatio : 1);
}

/** Where the pen is for a sample time: the strip wraps every `widthPx`. */
export function sweepX(sampleMs: number, widthPx: number, pixelsPerMm: number): number {
  const travelledPx = (sampleMs / 1000) * ECG_SPEED_MM_PER_S * pixelsPerMm;
  return ((travelledPx % widthPx) + widthPx) % widthPx;
}

/** How many milliseconds of signal fit across the strip. */
export function stripDurationMs(widthPx: number, pixelsPerMm: number): number {
  return (widthPx / (ECG_SPEED_MM_PER_S * pixelsPerMm)) * 1000;
}

export function mvToY(mv: number, baselinePx: number, pixelsPerMm: number): number {
  return baselinePx - mv * ECG_GAIN_MM_PER_MV * pixelsPerMm;
}

export interface GridLines {
  minor: number[];
  major: number[];
}

/** Line positions every 1 mm along a length, every fifth one major. */
export function gridLines(lengthPx: number, pixelsPerMm: number): GridLines {
  const minor: number[] = [];
  const major: number[] = [];
  for (let mm = 0; mm * pixelsPerMm <= lengthPx; mm++) (mm % 5 === 0 ? major : minor).push(mm * pixelsPerMm);
  return { minor, major };
}

/** [x, width] rectangles that clear the strip from x `fromX` (exclusive) to `toX`, wrapping at the edge. */
export function wrapSpans(fromX: number, toX: number, widthPx: number): [number, number][] {
  const span = toX - fromX;
  if (span <= 0) return [];
  if (span >= widthPx) return [[0, widthPx]];
  const start = ((fromX % widthPx) + widthPx) % widthPx;
  const end = start + span;
  if (end <= widthPx) return [[start, span]];
  return [
    [start, widthPx - start],
    [0, end - widthPx],
  ];
}
