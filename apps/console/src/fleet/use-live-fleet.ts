import type { AlertRaisedEvent, Vehicle } from '@feijiu/contracts';
import { onMounted, ref, shallowRef } from 'vue';
import { fetchVehicles } from '../api/console-api';
import { mergeLiveHandlers } from '../api/live-handlers';
import type { LiveHandlers } from '../api/live-socket';
import { useLiveEvents } from '../api/use-live-events';
import { applyCrewChanged } from './crew-roster';
import { applyStatusChanged, applyVehicleMoved, mergeFleetSnapshot } from './fleet-state';

const MAX_ALERTS = 50;

export interface LiveFleetExtras {
  /** More events the view listens to on the same connection. */
  handlers?: LiveHandlers;
  /** Called after a reconnect, beside the fleet's own re-read. */
  onReconnect?: () => void;
}

/** The fleet list from REST, kept current by the `/live` socket; re-read after a reconnect. */
export function useLiveFleet(extras: LiveFleetExtras = {}) {
  // shallowRef: updates replace the array and keep unchanged vehicles by reference (the map relies on it).
  const vehicles = shallowRef<Vehicle[]>([]);
  const alerts = shallowRef<AlertRaisedEvent[]>([]);
  const loaded = ref(false);
  const loadError = ref<string | null>(null);

  async function reload(): Promise<void> {
    try {
      const snapshot = await fetchVehicles();
      vehicles.value = mergeFleetSnapshot(vehicles.value, snapshot);
      loadError.value = null;
    } catch (error) {
      loadError.value = error instanceof Error ? error.message : String(error);
    } finally {
      loaded.value = true;
    }
  }

  onMounted(() => void reload());

  const fleetHandlers: LiveHandlers = {
    'vehicle.moved': (event) => (vehicles.value = applyVehicleMoved(vehicles.value, event)),
    'vehicle.status_changed': (event) => (vehicles.value = applyStatusChanged(vehicles.value, event)),
    'vehicle.crew_changed': (event) => (vehicles.value = applyCrewChanged(vehicles.value, event)),
    'alert.raised': (event) => (alerts.value = [event, ...alerts.value].slice(0, MAX_ALERTS)),
  };
  useLiveEvents(mergeLiveHandlers(fleetHandlers, extras.handlers ?? {}), () => {
    void reload();
    extras.onReconnect?.();
  });

  /** A vehicle the view changed through REST (e.g. a status report), applied before the socket echoes it. */
  function applyVehicle(updated: Vehicle): void {
    vehicles.value = vehicles.value.map((v) => (v.id === updated.id ? { ...updated, position: updated.position ?? v.position } : v));
  }

  return { vehicles, alerts, loaded, loadError, reload, applyVehicle };
}
