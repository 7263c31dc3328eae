import type { Incident } from '@feijiu/contracts';
import { computed, markRaw, onBeforeUnmount, onMounted, ref, shallowRef } from 'vue';
import { fetchVehicles } from '../api/console-api';
import { ApiHttpError } from '../api/http';
import { fetchErInbound, fetchTelemetryStatus, fetchVitals } from '../api/telemetry-api';
import { mergeLiveHandlers } from '../api/live-handlers';
import type { LiveHandlers } from '../api/live-socket';
import { useLiveEvents } from '../api/use-live-events';
import { VehicleTelemetry } from '../telemetry/vehicle-telemetry';
import { TREND_WINDOW_MS } from '../telemetry/vital-trend';
import { cardsFromInbound, mergeCards, type ErCard } from './er-cards';

const INBOUND_REFRESH_MS = 20_000;
/** A vehicle the inbound list does not name keeps its card only while its telemetry is this fresh. */
const TELEMETRY_ONLY_KEEP_MS = 120_000;

/**
 * The ER board's data: the inbound list (refreshed for fresh ETAs) and one VehicleTelemetry per
 * ambulance fed by the socket. Telemetry objects are not reactive; `revision` ticks when the
 * numerics change so the tiles re-read them, while the ECG is pulled by requestAnimationFrame.
 */
export function useErBoard(hospitalId: () => string | null, extras: { handlers?: LiveHandlers; onReconnect?: () => void } = {}) {
  const inboundCards = shallowRef<ErCard[]>([]);
  /** false once /er/inbound answered 404: the board is built from socket events alone. */
  const inboundAvailable = ref(true);
  const loaded = ref(false);
  const revision = ref(0);
  const telemetryIds = shallowRef<string[]>([]);
  const callSigns = shallowRef<ReadonlyMap<string, string>>(new Map());
  const telemetry = new Map<string, VehicleTelemetry>();
  let refreshTimer: ReturnType<typeof setInterval> | null = null;
  let reloadSoon: ReturnType<typeof setTimeout> | null = null;

  function telemetryOf(vehicleId: string): VehicleTelemetry {
    let found = telemetry.get(vehicleId);
    if (!found) {
      found = markRaw(new VehicleTelemetry(vehicleId));
      telemetry.set(vehicleId, found);
      telemetryIds.value = [...telemetry.keys()];
      void backfill(found);
      // Telemetry for a vehicle the list does not have yet: it was just bound here.
      if (!inboundCards.value.some((c) => c.vehicleId === vehicleId)) {
        scheduleInboundReload();
        void loadCallSigns();
      }
    }
    return found;
  }

  async function backfill(target: VehicleTelemetry): Promise<void> {
    const nowMs = Date.now();
    const [history, status] = await Promise.allSettled([
      fetchVitals(target.vehicleId, new Date(nowMs - TREND_WINDOW_MS).toISOString()),
      fetchTelemetryStatus(target.vehicleId),
    ]);
    if (history.status === 'fulfilled') {
      target.backfill(history.value.rows, Date.now());
      if (history.value.truncated) console.warn('[feijiu] vitals history capped: the oldest part of the trend is missing', target.vehicleId);
    } else {
      console.warn('[feijiu] vitals history unavailable', target.vehicleId, history.reason);
    }
    if (status.status === 'fulfilled') target.onStatus(status.value, Date.now());
    revision.value++;
  }

  let callSignsRequested = false;
  async function loadCallSigns(): Promise<void> {
    if (callSignsRequested) return;
    callSignsRequested = true;
    try {
      callSigns.value = new Map((await fetchVehicles()).map((v) => [v.id, v.callSign]));
    } catch (error) {
      callSignsRequested = false;
      console.warn('[feijiu] vehicles unavailable', error);
    }
  }

  async function loadInbound(): Promise<void> {
    if (!inboundAvailable.value) return;
    try {
      inboundCards.value = cardsFromInbound(await fetchErInbound(), Date.now());
      for (const card of inboundCards.value) telemetryOf(card.vehicleId);
    } catch (error) {
      if (error instanceof ApiHttpError && error.status === 404 && error.code === 'ROUTE_NOT_FOUND') {
        inboundAvailable.value = false;
        void loadCallSigns();
      } else {
        console.warn('[feijiu] inbound list unavailable', error);
      }
    } finally {
      loaded.value = true;
    }
  }

  function scheduleInboundReload(): void {
    if (reloadSoon) return;
    reloadSoon = setTimeout(() => {
      reloadSoon = null;
      void loadInbound();
    }, 500);
  }

  function onIncident(incident: Incident): void {
    const shown = inboundCards.value.some((c) => c.incident?.id === incident.id);
    const boundHere = incident.destinationHospitalId !== null && incident.destinationHospitalId === hospitalId();
    if (shown || boundHere) scheduleInboundReload();
  }

  useLiveEvents(
    mergeLiveHandlers(extras.handlers ?? {}, {
      'vitals.sampled': (event) => {
        telemetryOf(event.vehicleId).onVitals(event, Date.now());
        revision.value++;
      },
      'waveform.sampled': (event) => telemetryOf(event.vehicleId).onWaveform(event, Date.now()),
      'telemetry.stale': (event) => {
        telemetryOf(event.vehicleId).onStale(event, Date.now());
        revision.value++;
      },
      'incident.updated': onIncident,
    }),
    () => {
      void loadInbound();
      extras.onReconnect?.();
    },
  );

  onMounted(() => {
    void loadInbound();
    refreshTimer = setInterval(() => {
      void loadInbound();
      for (const t of telemetry.values()) t.trends.trim(Date.now());
    }, INBOUND_REFRESH_MS);
  });

  onBeforeUnmount(() => {
    if (refreshTimer) clearInterval(refreshTimer);
    if (reloadSoon) clearTimeout(reloadSoon);
  });

  const cards = computed(() => {
    void revision.value; // re-evaluate freshness as samples arrive
    const nowMs = Date.now();
    const fresh = telemetryIds.value.filter((id) => {
      const lastLiveAtMs = telemetry.get(id)?.signal.lastLiveAtMs ?? null;
      return lastLiveAtMs !== null && nowMs - lastLiveAtMs < TELEMETRY_ONLY_KEEP_MS;
    });
    return mergeCards(inboundCards.value, fresh, callSigns.value);
  });

  return { cards, inboundAvailable, loaded, revision, telemetryOf };
}
