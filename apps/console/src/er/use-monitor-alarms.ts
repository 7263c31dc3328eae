import { inject, type InjectionKey, provide, ref } from 'vue';
import { fetchMonitorAlarms } from '../api/alarms-api';
import type { LiveHandlers } from '../api/live-socket';
import { type BannerAlarm, MonitorAlarmBoard } from './monitor-alarms';

/** How far back a card looks for alarms still on when it appears (a county transport is shorter). */
const HISTORY_WINDOW_MS = 6 * 3600_000;

export interface MonitorAlarms {
  /** for the board's one `/live` connection */
  handlers: LiveHandlers;
  /** Reads a vehicle's recent alarms once (a card calls it when it appears). */
  load(vehicleId: string): void;
  /** After a reconnect: reads every vehicle's again, for what was missed meanwhile. */
  reload(): void;
  /** Reactive: what a card's banner shows. */
  banner(vehicleId: string, incidentId: string | null): BannerAlarm[];
}

const KEY: InjectionKey<MonitorAlarms> = Symbol('monitor-alarms');

/** The ER board's monitor alarms, provided to its cards (AlarmBanner injects them). */
export function provideMonitorAlarms(): MonitorAlarms {
  const board = new MonitorAlarmBoard();
  const revision = ref(0);
  const requested = new Set<string>();

  async function fetchInto(vehicleId: string): Promise<void> {
    try {
      const rows = await fetchMonitorAlarms(vehicleId, new Date(Date.now() - HISTORY_WINDOW_MS).toISOString());
      let changed = false;
      for (const row of rows) changed = board.apply(row) || changed;
      if (changed) revision.value++;
    } catch (error) {
      requested.delete(vehicleId); // the next card render asks again
      console.warn('[feijiu] monitor alarms unavailable', vehicleId, error);
    }
  }

  const alarms: MonitorAlarms = {
    handlers: {
      'monitor.alarm': (event) => {
        if (board.apply(event)) revision.value++;
      },
    },
    load(vehicleId) {
      if (requested.has(vehicleId)) return;
      requested.add(vehicleId);
      void fetchInto(vehicleId);
    },
    reload() {
      for (const vehicleId of requested) void fetchInto(vehicleId);
    },
    banner(vehicleId, incidentId) {
      void revision.value;
      return board.banner(vehicleId, incidentId);
    },
  };
  provide(KEY, alarms);
  return alarms;
}

/** The board's alarms, or null outside an ER board. */
export function injectMonitorAlarms(): MonitorAlarms | null {
  return inject(KEY, null);
}
