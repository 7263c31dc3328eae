import { inject, type InjectionKey, provide, ref } from 'vue';
import type { LiveHandlers } from '../api/live-socket';
import { fetchAlarmHistory } from './alarm-history';
import { type BannerAlarm, MonitorAlarmBoard } from './monitor-alarms';

/** How far back a card without a known binding (no incident yet) looks for alarms still on. */
const UNBOUND_WINDOW_MS = 6 * 3600_000;

export interface MonitorAlarms {
  /** for the board's one `/live` connection */
  handlers: LiveHandlers;
  /**
   * Reads a vehicle's alarms measured since `sinceMs` (its binding to the card's patient; null
   * when unknown): once, and again when the window moves (a new patient).
   */
  load(vehicleId: string, sinceMs: number | null): void;
  /** After a reconnect: reads every vehicle's window again, for what was missed meanwhile. */
  reload(): void;
  /** Reactive: what a card's banner shows at `nowMs`. */
  banner(vehicleId: string, incidentId: string | null, nowMs: number): BannerAlarm[];
}

const KEY: InjectionKey<MonitorAlarms> = Symbol('monitor-alarms');

/** The ER board's monitor alarms, provided to its cards (AlarmBanner injects them). */
export function provideMonitorAlarms(): MonitorAlarms {
  const board = new MonitorAlarmBoard();
  const revision = ref(0);
  // per vehicle, the start of the window asked for
  const windows = new Map<string, number>();

  async function fetchInto(vehicleId: string, sinceMs: number): Promise<void> {
    try {
      // the newest alarms of the window: what the banner is built from
      const { rows, truncated } = await fetchAlarmHistory(vehicleId, new Date(sinceMs).toISOString());
      if (truncated) console.warn('[feijiu] monitor alarm history capped: its oldest alarms were not read', vehicleId);
      let changed = false;
      for (const row of rows) changed = board.apply(row) || changed;
      if (changed) revision.value++;
    } catch (error) {
      if (windows.get(vehicleId) === sinceMs) windows.delete(vehicleId); // the next card render asks again
      console.warn('[feijiu] monitor alarms unavailable', vehicleId, error);
    }
  }

  const alarms: MonitorAlarms = {
    handlers: {
      'monitor.alarm': (event) => {
        if (board.apply(event)) revision.value++;
      },
    },
    load(vehicleId, sinceMs) {
      const asked = windows.get(vehicleId);
      // without a binding, the first fallback window holds (it must not slide with the clock)
      const from = sinceMs ?? asked ?? Date.now() - UNBOUND_WINDOW_MS;
      if (asked === from) return;
      windows.set(vehicleId, from);
      void fetchInto(vehicleId, from);
    },
    reload() {
      for (const [vehicleId, sinceMs] of windows) void fetchInto(vehicleId, sinceMs);
    },
    banner(vehicleId, incidentId, nowMs) {
      void revision.value;
      return board.banner(vehicleId, incidentId, nowMs);
    },
  };
  provide(KEY, alarms);
  return alarms;
}

/** The board's alarms, or null outside an ER board. */
export function injectMonitorAlarms(): MonitorAlarms | null {
  return inject(KEY, null);
}
