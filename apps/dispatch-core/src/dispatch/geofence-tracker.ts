/**
 * "Inside 100 m for 30 s": tracks, per vehicle, since when it has been inside a fence, and fires
 * once when the dwell is reached, reporting the moment it entered (the arrival time).
 */
export class GeofenceTracker {
  private readonly inside = new Map<string, { fence: string; enteredAt: number; latestAt: number; fired: boolean }>();

  constructor(private readonly dwellMs: number) {}

  /** Feed one position verdict; returns the entry time when the dwell has just been reached. */
  update(vehicleId: string, fence: string, isInside: boolean, at: Date): Date | null {
    const state = this.inside.get(vehicleId);
    if (!isInside) {
      if (state?.fence === fence) this.inside.delete(vehicleId);
      return null;
    }
    if (!state || state.fence !== fence) {
      this.inside.set(vehicleId, { fence, enteredAt: at.getTime(), latestAt: at.getTime(), fired: false });
      return this.dwellMs <= 0 ? this.fire(vehicleId) : null;
    }
    // a fix measured before the one that opened the fence moves the entry back
    state.enteredAt = Math.min(state.enteredAt, at.getTime());
    state.latestAt = Math.max(state.latestAt, at.getTime());
    if (!state.fired && state.latestAt - state.enteredAt >= this.dwellMs) return this.fire(vehicleId);
    return null;
  }

  forget(vehicleId: string): void {
    this.inside.delete(vehicleId);
  }

  private fire(vehicleId: string): Date {
    const state = this.inside.get(vehicleId)!;
    state.fired = true;
    return new Date(state.enteredAt);
  }
}
