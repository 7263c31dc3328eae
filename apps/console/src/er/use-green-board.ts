import type { AssessmentRecord, ChecklistItem, Encounter, PrenoticeSentEvent, Team } from '@feijiu/contracts';
import { computed, onBeforeUnmount, onMounted, ref, shallowRef, watch } from 'vue';
import type { LiveHandlers } from '../api/live-socket';
import {
  acknowledgePrenotice,
  fetchAssessments,
  fetchEncounters,
  fetchHospitalPrenotices,
  postAssessment,
  setChecklistItem,
} from '../api/pathway-api';
import { withRemoteStemiConfirmed } from '../assessment/assessment-scores';
import { applyEncounter, applyRecord, encountersByIncident, latestRecord } from './pathway-records';
import { applyAssessment, applyEscalation, applyPrenoticeUpdate, isUnacknowledged, orderForBoard, upsertSent } from './prenotice-board';
import { createPrenoticeTone } from './prenotice-tone';

/**
 * The ER's green-channel state: pre-notices (banner + alarm until acknowledged), pre-admission
 * encounters with their checklists, and the assessment in force per incident. Its handlers ride
 * on the board's one socket.
 */
export function useGreenBoard(hospitalId: () => string | null) {
  const prenotices = shallowRef<PrenoticeSentEvent[]>([]);
  const encounters = shallowRef<ReadonlyMap<string, Encounter>>(new Map());
  const records = shallowRef<ReadonlyMap<string, AssessmentRecord>>(new Map());
  const loadError = ref<string | null>(null);
  const audible = ref(true);
  const tone = createPrenoticeTone();
  const requestedRecords = new Set<string>();

  async function loadPrenotices(): Promise<void> {
    const id = hospitalId();
    if (!id) return;
    try {
      const list = await fetchHospitalPrenotices(id);
      prenotices.value = list.filter((e) => e.prenotice.hospitalId === id);
      for (const e of list) if (e.assessment) records.value = applyRecord(records.value, e.assessment);
      loadError.value = null;
    } catch (error) {
      loadError.value = error instanceof Error ? error.message : String(error);
    }
  }

  async function loadEncounters(): Promise<void> {
    const id = hospitalId();
    if (!id) return;
    try {
      encounters.value = encountersByIncident(await fetchEncounters(id), id);
    } catch (error) {
      console.warn('[feijiu] encounters unavailable', error);
    }
  }

  /** The assessment in force for a card's incident, fetched once. */
  function ensureRecord(incidentId: string): void {
    if (records.value.has(incidentId) || requestedRecords.has(incidentId)) return;
    requestedRecords.add(incidentId);
    fetchAssessments(incidentId).then(
      (list) => {
        const latest = latestRecord(list);
        if (latest) records.value = applyRecord(records.value, latest);
      },
      (error: unknown) => {
        requestedRecords.delete(incidentId);
        console.warn('[feijiu] assessments unavailable', incidentId, error);
      },
    );
  }

  function reload(): void {
    void loadPrenotices();
    void loadEncounters();
  }

  const handlers: LiveHandlers = {
    'prenotice.sent': (event) => {
      if (event.prenotice.hospitalId !== hospitalId()) return;
      prenotices.value = upsertSent(prenotices.value, event);
      if (event.assessment) records.value = applyRecord(records.value, event.assessment);
    },
    'prenotice.updated': (update) => {
      if (update.hospitalId !== hospitalId()) return;
      const { list, known } = applyPrenoticeUpdate(prenotices.value, update);
      prenotices.value = list;
      if (!known) void loadPrenotices();
    },
    'alert.raised': (alert) => {
      prenotices.value = applyEscalation(prenotices.value, alert);
    },
    'encounter.updated': (encounter) => {
      if (encounter.hospitalId === hospitalId()) encounters.value = applyEncounter(encounters.value, encounter);
    },
    'assessment.recorded': (record) => {
      records.value = applyRecord(records.value, record);
      prenotices.value = applyAssessment(prenotices.value, record);
    },
  };

  async function acknowledge(prenoticeId: string, teams: readonly Team[], bypassEd: 'cath_lab' | 'ct' | null): Promise<void> {
    const updated = await acknowledgePrenotice(prenoticeId, teams, bypassEd);
    prenotices.value = applyPrenoticeUpdate(prenotices.value, updated).list;
  }

  async function toggleChecklist(encounterId: string, item: ChecklistItem, done: boolean): Promise<void> {
    encounters.value = applyEncounter(encounters.value, await setChecklistItem(encounterId, item, done));
  }

  /** The remote physician confirms STEMI: the assessment in force, re-sent with the confirmation. */
  async function confirmStemi(incidentId: string): Promise<void> {
    const current = records.value.get(incidentId) ?? latestRecord(await fetchAssessments(incidentId));
    const record = await postAssessment(incidentId, withRemoteStemiConfirmed(current?.assessment ?? null, new Date().toISOString()));
    records.value = applyRecord(records.value, record);
    prenotices.value = applyAssessment(prenotices.value, record);
  }

  const ordered = computed(() => orderForBoard(prenotices.value));
  const alarming = computed(() => prenotices.value.some(isUnacknowledged));

  // The alarm repeats until every pre-notice is acknowledged.
  watch(alarming, async (on) => {
    if (on) audible.value = await tone.start();
    else tone.stop();
  });

  async function enableSound(): Promise<void> {
    audible.value = await tone.unlock();
  }

  onMounted(reload);
  onBeforeUnmount(() => tone.close());

  return { prenotices: ordered, encounters, records, loadError, audible, alarming, handlers, reload, ensureRecord, acknowledge, toggleChecklist, confirmStemi, enableSound };
}
