import type { Assignment, Incident, MonitorAlarmEvent } from '@feijiu/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { saveToken } from '../api/token-store';
import { ALARM_CLOCK_MARGIN_MS, alarmHistorySinceMs, fetchAlarmHistory } from './alarm-history';

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const T0 = Date.parse('2026-11-22T08:00:00.000Z');
const iso = (sec: number) => new Date(T0 + sec * 1000).toISOString();

const assignment = (patch: Partial<Assignment>): Assignment => ({
  id: uuid(101),
  incidentId: uuid(1),
  vehicleId: 'lh-01',
  status: 'accepted',
  offeredAt: iso(0),
  offerExpiresAt: iso(60),
  respondedAt: iso(20),
  departedAt: null,
  departureDeadlineAt: iso(180),
  distanceM: 3000,
  etaSec: 300,
  ...patch,
});
const incident = (assignments: Assignment[]): Incident => ({
  id: uuid(1),
  number: 'N1',
  status: 'dispatched',
  priority: 'critical',
  complaint: '胸痛',
  location: { lat: 30, lon: 118.5 },
  address: null,
  callerPhone: null,
  callerName: null,
  patient: null,
  notes: null,
  requiredVehicleType: null,
  destinationHospitalId: 'lead',
  createdAt: iso(-120),
  updatedAt: iso(20),
  assignments,
});

describe(alarmHistorySinceMs.name, () => {
  it("should start at the vehicle's binding to the patient, with a margin for a monitor clock running slow", () => {
    const sut = alarmHistorySinceMs(incident([assignment({ vehicleId: 'lh-02', respondedAt: iso(5) }), assignment({})]), 'lh-01');
    expect(sut).toBe(T0 + 20_000 - ALARM_CLOCK_MARGIN_MS);
  });

  it('should start at the call when the vehicle has no accepted assignment on it, and be unknown without an incident', () => {
    expect(alarmHistorySinceMs(incident([]), 'lh-01')).toBe(T0 - 120_000 - ALARM_CLOCK_MARGIN_MS);
    expect(alarmHistorySinceMs(null, 'lh-01')).toBeNull();
  });
});

describe(fetchAlarmHistory.name, () => {
  afterEach(() => vi.unstubAllGlobals());
  const alarm = (seq: number): MonitorAlarmEvent => ({
    vehicleId: 'lh-01',
    incidentId: uuid(1),
    monitorId: 'front',
    seq,
    measuredAt: iso(seq),
    receivedAt: iso(seq),
    code: 196648,
    name: 'MDC_EVT_HI',
    text: null,
    priority: 'high',
    technical: false,
    state: 'active',
    phase: 'start',
    vital: null,
    flags: [],
  });

  // A core that returns the newest alarms of the window and links to the older ones.
  function stubCore(pages: Record<string, { rows: MonitorAlarmEvent[]; next: string | null }>): string[] {
    const asked: string[] = [];
    const storage = new Map<string, string>();
    vi.stubGlobal('sessionStorage', { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => storage.set(k, v), removeItem: (k: string) => storage.delete(k) });
    saveToken(sessionStorage, 'token', 600, Date.now());
    vi.stubGlobal('fetch', async (path: string) => {
      asked.push(path);
      const page = pages[path.slice(0, path.indexOf('?'))]!;
      const headers = new Headers({ 'X-Truncated': String(page.next !== null) });
      if (page.next) headers.set('Link', `<${page.next}>; rel="next"`);
      return new Response(JSON.stringify(page.rows), { status: 200, headers });
    });
    return asked;
  }

  it('should ask for the window it needs and follow the link to the older alarms of a capped history', async () => {
    const asked = stubCore({
      '/api/v1/vehicles/lh-01/alarms': { rows: [alarm(3), alarm(4)], next: '/api/v1/vehicles/lh-01/older?until=b' },
      '/api/v1/vehicles/lh-01/older': { rows: [alarm(1), alarm(2)], next: null },
    });

    const sut = await fetchAlarmHistory('lh-01', iso(0));

    expect(sut.rows.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect(sut.truncated).toBe(false);
    expect(asked[0]).toBe(`/api/v1/vehicles/lh-01/alarms?since=${encodeURIComponent(iso(0))}`);
  });

  it('should stop after the pages it may read and say the history is still capped', async () => {
    stubCore({ '/api/v1/vehicles/lh-01/alarms': { rows: [alarm(3), alarm(4)], next: '/api/v1/vehicles/lh-01/alarms?until=a' } });
    const sut = await fetchAlarmHistory('lh-01', iso(0), 2);
    expect(sut.truncated).toBe(true);
  });
});
