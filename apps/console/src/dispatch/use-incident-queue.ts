import type { Assignment, Incident } from '@feijiu/contracts';
import { onMounted, ref, shallowRef } from 'vue';
import { fetchIncidents } from '../api/incident-api';
import type { LiveHandlers } from '../api/live-socket';
import { applyAssignment, upsertIncident } from './incident-state';

/** Open incidents from REST, kept current by `incident.updated` / `assignment.*` on the view's socket. */
export function useIncidentQueue() {
  const incidents = shallowRef<Incident[]>([]);
  const loadError = ref<string | null>(null);

  async function reload(): Promise<void> {
    try {
      const fresh = await fetchIncidents('open');
      // Anything the socket delivered while the request was in flight and is newer wins.
      incidents.value = incidents.value.reduce(
        (list, seen) => (list.some((i) => i.id === seen.id) ? upsertIncident(list, seen) : list),
        fresh,
      );
      loadError.value = null;
    } catch (error) {
      loadError.value = error instanceof Error ? error.message : String(error);
    }
  }

  onMounted(() => void reload());

  function applyIncident(incident: Incident): void {
    incidents.value = upsertIncident(incidents.value, incident);
  }

  function applyAssignmentUpdate(assignment: Assignment): void {
    incidents.value = applyAssignment(incidents.value, assignment);
  }

  const handlers: LiveHandlers = {
    'incident.updated': applyIncident,
    'assignment.offered': (event) => {
      applyIncident(event.incident);
      applyAssignmentUpdate(event.assignment);
    },
    'assignment.updated': applyAssignmentUpdate,
  };

  return { incidents, loadError, reload, handlers, applyIncident, applyAssignmentUpdate };
}
