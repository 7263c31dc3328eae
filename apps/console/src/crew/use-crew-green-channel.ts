import type { PathwayAssessment } from '@feijiu/clinical';
import type { AssessmentRecord, Prenotice } from '@feijiu/contracts';
import { ref, shallowRef, watch } from 'vue';
import type { LiveHandlers } from '../api/live-socket';
import { fetchAssessments, postAssessment, sendPrenotice } from '../api/pathway-api';
import { noteMonitorVitals, type MonitorVitals } from '../assessment/monitor-vitals';
import { latestRecord } from '../er/pathway-records';

/**
 * The crew's green-channel state for the job in hand: the assessment in force (its own saves and
 * a remote physician's), the pre-notice it sent and whether the hospital acknowledged it, and the
 * monitor's latest readings for prefilling vitals.
 */
export function useCrewGreenChannel(incidentId: () => string | null, vehicleId: () => string | null) {
  const record = shallowRef<AssessmentRecord | null>(null);
  const prenotice = shallowRef<Prenotice | null>(null);
  const monitor = shallowRef<MonitorVitals>({});
  const loadError = ref<string | null>(null);

  function acceptRecord(next: AssessmentRecord): void {
    if (next.incidentId !== incidentId()) return;
    const known = record.value;
    if (!known || Date.parse(known.recordedAt) <= Date.parse(next.recordedAt)) record.value = next;
  }

  async function load(id: string): Promise<void> {
    try {
      const found = latestRecord(await fetchAssessments(id));
      if (found && incidentId() === id) acceptRecord(found);
      loadError.value = null;
    } catch (error) {
      loadError.value = error instanceof Error ? error.message : String(error);
    }
  }

  watch(
    incidentId,
    (id, previous) => {
      if (id === previous) return;
      record.value = null;
      prenotice.value = null;
      if (id) void load(id);
    },
    { immediate: true },
  );

  async function save(assessment: PathwayAssessment): Promise<AssessmentRecord> {
    const id = incidentId();
    if (!id) throw new Error('no job in hand');
    const saved = await postAssessment(id, assessment);
    acceptRecord(saved);
    return saved;
  }

  async function notify(hospitalId: string): Promise<Prenotice> {
    const id = incidentId();
    if (!id) throw new Error('no job in hand');
    const sent = await sendPrenotice(id, hospitalId);
    prenotice.value = sent;
    return sent;
  }

  const handlers: LiveHandlers = {
    'assessment.recorded': acceptRecord,
    'prenotice.updated': (update) => {
      if (update.incidentId === incidentId() && (prenotice.value === null || prenotice.value.id === update.id)) prenotice.value = update;
    },
    'vitals.sampled': (event) => {
      if (event.vehicleId === vehicleId()) monitor.value = noteMonitorVitals(monitor.value, event);
    },
  };

  function reload(): void {
    const id = incidentId();
    if (id) void load(id);
  }

  return { record, prenotice, monitor, loadError, handlers, save, notify, reload };
}
