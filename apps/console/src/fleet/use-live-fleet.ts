import type { AlertRaisedEvent, Vehicle } from '@feijiu/contracts';
import { onBeforeUnmount, onMounted, ref, shallowRef } from 'vue';
import { fetchVehicles } from '../api/console-api';
import { currentToken, dropSession } from '../api/http';
import { connectLive, type LiveConnection } from '../api/live-socket';
import { applyStatusChanged, applyVehicleMoved, mergeFleetSnapshot } from './fleet-state';

const MAX_ALERTS = 50;

/** The fleet list from REST, kept current by the `/live` socket; re-read after a reconnect. */
export function useLiveFleet() {
  // shallowRef: updates replace the array and keep unchanged vehicles by reference (the map relies on it).
  const vehicles = shallowRef<Vehicle[]>([]);
  const alerts = shallowRef<AlertRaisedEvent[]>([]);
  const loaded = ref(false);
  const loadError = ref<string | null>(null);
  let connection: LiveConnection | null = null;

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

  onMounted(() => {
    void reload();
    const token = currentToken();
    if (!token) {
      dropSession();
      return;
    }
    connection = connectLive({
      token,
      handlers: {
        'vehicle.moved': (event) => (vehicles.value = applyVehicleMoved(vehicles.value, event)),
        'vehicle.status_changed': (event) => (vehicles.value = applyStatusChanged(vehicles.value, event)),
        'alert.raised': (event) => (alerts.value = [event, ...alerts.value].slice(0, MAX_ALERTS)),
      },
      onConnected: (isReconnect) => {
        if (isReconnect) void reload();
      },
      onAuthRejected: dropSession,
    });
  });

  onBeforeUnmount(() => {
    connection?.close();
    connection = null;
  });

  return { vehicles, alerts, loaded, loadError, reload };
}
