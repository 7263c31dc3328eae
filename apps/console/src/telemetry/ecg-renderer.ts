import type { WaveformLead } from '@feijiu/contracts';
import type { EcgBuffer } from './ecg-buffer';
import { ECG_ERASER_MM, ECG_SPEED_MM_PER_S, gridLines, mvToY, pxPerMm, stripDurationMs, sweepX, wrapSpans } from './ecg-sweep';

// Draws a monitor-style sweep: the pen moves left to right at 25 mm/s, wraps, and erases a short
// band ahead of itself. Only the new stretch is drawn each frame; the paper is a separate canvas.

const PAPER = '#fff5f5';
const MINOR_LINE = '#f6c4c4';
const MAJOR_LINE = '#e48888';
const TRACE = '#111827';
/** Samples further apart than this many periods are a hole: the pen lifts. */
const HOLE_PERIODS = 2.5;
/** The baseline sits below the middle: QRS complexes point up. */
const BASELINE_FRACTION = 0.6;

interface PenPoint {
  tMs: number;
  x: number;
  y: number;
}

export class EcgSweepRenderer {
  private width = 0;
  private height = 0;
  private mm = pxPerMm(1);
  private lastMs: number | null = null;
  private pen: PenPoint | null = null;

  constructor(
    private readonly paper: CanvasRenderingContext2D,
    private readonly trace: CanvasRenderingContext2D,
  ) {}

  /** Sizes in canvas pixels; the caller has set the canvases' width/height already. */
  resize(widthPx: number, heightPx: number, devicePixelRatio: number): void {
    this.width = widthPx;
    this.height = heightPx;
    this.mm = pxPerMm(devicePixelRatio);
    this.drawPaper();
    this.reset();
  }

  reset(): void {
    this.trace.clearRect(0, 0, this.width, this.height);
    this.lastMs = null;
    this.pen = null;
  }

  /** Advances the sweep to `playheadMs` (monitor time), drawing what the buffer holds. */
  frame(buffer: EcgBuffer, lead: WaveformLead, playheadMs: number | null, hz: number): void {
    if (this.width === 0 || playheadMs === null) return;
    const last = this.lastMs;
    // First frame, a tab that slept, or a re-anchored clock: start a clean sweep here.
    if (last === null || playheadMs < last - 250 || playheadMs - last > stripDurationMs(this.width, this.mm)) {
      this.reset();
      this.lastMs = playheadMs;
      return;
    }
    if (playheadMs <= last) return;

    const pxPerMs = (ECG_SPEED_MM_PER_S * this.mm) / 1000;
    const fromX = sweepX(last, this.width, this.mm);
    const advancePx = (playheadMs - last) * pxPerMs;
    for (const [x, w] of wrapSpans(fromX + 1, fromX + advancePx + ECG_ERASER_MM * this.mm, this.width)) {
      this.trace.clearRect(x, 0, w, this.height);
    }

    const baseline = this.height * BASELINE_FRACTION;
    const holeMs = (HOLE_PERIODS * 1000) / hz;
    const ctx = this.trace;
    ctx.strokeStyle = TRACE;
    ctx.lineWidth = Math.max(1, this.mm * 0.35);
    ctx.lineJoin = 'round';
    ctx.beginPath();
    let pen = this.pen;
    if (pen) ctx.moveTo(pen.x, pen.y);
    for (const point of buffer.read(lead, last, playheadMs)) {
      if (Number.isNaN(point.mv)) {
        pen = null;
        continue;
      }
      const x = sweepX(point.tMs, this.width, this.mm);
      const y = Math.min(this.height - 1, Math.max(1, mvToY(point.mv, baseline, this.mm)));
      if (pen && point.tMs - pen.tMs <= holeMs && x >= pen.x) ctx.lineTo(x, y);
      else ctx.moveTo(x, y);
      pen = { tMs: point.tMs, x, y };
    }
    ctx.stroke();
    this.pen = pen;
    this.lastMs = playheadMs;
  }

  private drawPaper(): void {
    const ctx = this.paper;
    ctx.fillStyle = PAPER;
    ctx.fillRect(0, 0, this.width, this.height);
    const vertical = gridLines(this.width, this.mm);
    const horizontal = gridLines(this.height, this.mm);
    const stroke = (positions: number[], colour: string, lineWidth: number, isVertical: boolean) => {
      ctx.strokeStyle = colour;
      ctx.lineWidth = lineWidth;
      ctx.beginPath();
      for (const p of positions) {
        const at = Math.round(p) + 0.5;
        if (isVertical) {
          ctx.moveTo(at, 0);
          ctx.lineTo(at, this.height);
        } else {
          ctx.moveTo(0, at);
          ctx.lineTo(this.width, at);
        }
      }
      ctx.stroke();
    };
    const thin = Math.max(1, this.mm * 0.12);
    stroke(vertical.minor, MINOR_LINE, thin, true);
    stroke(horizontal.minor, MINOR_LINE, thin, false);
    stroke(vertical.major, MAJOR_LINE, thin * 1.6, true);
    stroke(horizontal.major, MAJOR_LINE, thin * 1.6, false);
  }
}
