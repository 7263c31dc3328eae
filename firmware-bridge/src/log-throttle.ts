// Noise on a serial line can produce thousands of identical parse errors a minute: log the
// first of each kind at once, then at most one summary line per interval with the count.

export class LogThrottle {
  private readonly last = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly intervalMs: number,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** Calls `log` with how many were suppressed since the last one, or not at all. */
  hit(key: string, log: (suppressed: number) => void): void {
    const now = this.nowMs();
    const entry = this.last.get(key);
    if (entry && now - entry.at < this.intervalMs) {
      entry.suppressed++;
      return;
    }
    this.last.set(key, { at: now, suppressed: 0 });
    log(entry?.suppressed ?? 0);
  }
}
