import {
  ApiErrorSchema,
  type Assignment,
  type Incident,
  IncidentSchema,
  InboundPatientSchema,
  type Prenotice,
  QualityReportSchema,
  type TimelineStamp,
} from '@feijiu/contracts';
import { DEMO_COUNTY } from '@feijiu/geo';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/core-harness';

// Ambulances no other medium test sends anywhere (the tier shares one database).
const VEHICLE_A = 'meilin-01';
const VEHICLE_B = 'chayuan-01';
const VEHICLE_C = 'qingkeng-01';
const RUN = Date.now().toString(36);
const PASSWORD = 'correct-horse-battery';

// Incident A: ambulance A → hospital mch. Incident B: ambulance B → hospital tcm, pre-notified,
// assessed. Incident C: offered to ambulance C, declined.
describe('per-role scope: crews see their own jobs, ER clinicians their own patients, dispatchers operations', () => {
  let sut: Harness;
  const startedAt = new Date().toISOString();
  const t = {} as Record<'dispatcher' | 'admin' | 'crewA' | 'crewB' | 'crewC' | 'erMch' | 'erTcm', string>;
  let incidentA: string;
  let incidentB: string;
  let incidentC: string;
  let assignmentB: string;
  let prenoticeB: string;
  const stamped: Record<'crewA' | 'erMch', TimelineStamp[]> = { crewA: [], erMch: [] };
  const sockets: Socket[] = [];

  const send = (method: string, path: string, token: string, body?: unknown) =>
    sut.api(path, { method, token, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const ok = async <T>(res: Response, status = 200): Promise<T> => {
    const text = await res.text();
    expect(res.status, text).toBe(status);
    return (text ? JSON.parse(text) : null) as T;
  };
  const refusal = async (res: Response) => `${res.status} ${ApiErrorSchema.safeParse(await res.json().catch(() => null)).data?.code}`;
  const waitFor = async <T>(probe: () => T | undefined | Promise<T | undefined>, what: string): Promise<T> => {
    for (let i = 0; i < 400; i++) {
      const v = await probe();
      if (v) return v;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  async function incidentFor(vehicleId: string, accept: string | null): Promise<{ incidentId: string; assignmentId: string }> {
    const station = DEMO_COUNTY.facilities.find((f) => f.id === DEMO_COUNTY.vehicles.find((v) => v.id === vehicleId)!.stationId)!;
    const incident = await ok<Incident>(
      await send('POST', '/api/v1/incidents', t.dispatcher, {
        location: { lat: station.lat + 0.01, lon: station.lon },
        complaint: `scope test ${RUN}`,
        priority: 'urgent',
      }),
      201,
    );
    const assignment = await ok<Assignment>(await send('POST', `/api/v1/incidents/${incident.id}/assignments`, t.dispatcher, { vehicleId }), 201);
    if (accept) await ok(await send('POST', `/api/v1/assignments/${assignment.id}/accept`, accept));
    return { incidentId: incident.id, assignmentId: assignment.id };
  }

  async function erLogin(hospitalId: string): Promise<string> {
    const username = `er-${hospitalId}-${RUN}`;
    await ok(await send('POST', '/api/v1/admin/users', t.admin, { username, displayName: username, role: 'er_clinician', hospitalId, password: PASSWORD }), 201);
    return sut.login(username, PASSWORD);
  }

  beforeAll(async () => {
    sut = await startHarness();
    t.dispatcher = await sut.login('dispatcher');
    t.admin = await sut.login('admin');
    t.crewA = await sut.login(`crew-${VEHICLE_A}`);
    t.crewB = await sut.login(`crew-${VEHICLE_B}`);
    t.crewC = await sut.login(`crew-${VEHICLE_C}`);
    t.erMch = await erLogin('mch');
    t.erTcm = await erLogin('tcm');
    for (const who of ['crewA', 'erMch'] as const) {
      const socket = sut.live(t[who]);
      socket.on('timeline.stamped', (s: TimelineStamp) => stamped[who].push(s));
      await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('connect_error', reject));
      sockets.push(socket);
    }

    ({ incidentId: incidentA } = await incidentFor(VEHICLE_A, t.crewA));
    await ok(await send('POST', `/api/v1/incidents/${incidentA}/destination`, t.crewA, { hospitalId: 'mch' }));
    ({ incidentId: incidentB, assignmentId: assignmentB } = await incidentFor(VEHICLE_B, t.crewB));
    await ok(
      await send('POST', `/api/v1/incidents/${incidentB}/assessments`, t.crewB, {
        assessedAt: new Date().toISOString(),
        chiefComplaint: 'stroke_symptoms',
        ageYears: 71,
        sex: 'female',
        stroke: { race: { facialPalsy: 1, armMotor: 2, legMotor: 1, headGazeDeviation: 1, agnosia: 1 } },
      }),
      201,
    );
    prenoticeB = (await ok<Prenotice>(await send('POST', `/api/v1/incidents/${incidentB}/prenotice`, t.crewB, { hospitalId: 'tcm' }), 201)).id;
    const offeredC = await incidentFor(VEHICLE_C, null);
    incidentC = offeredC.incidentId;
    await ok(await send('POST', `/api/v1/assignments/${offeredC.assignmentId}/decline`, t.crewC, { reason: 'tyre' }));
  });

  afterAll(async () => {
    // stand the ambulances down so they are free for whoever uses them next
    for (const id of [incidentA, incidentB, incidentC].filter(Boolean)) {
      await send('POST', `/api/v1/incidents/${id}/status`, t.dispatcher, { status: 'cancelled', reason: 'test over' });
    }
    for (const vehicleId of [VEHICLE_A, VEHICLE_B, VEHICLE_C]) {
      await waitFor(async () => {
        const vehicle = (await (await sut.api(`/api/v1/vehicles/${vehicleId}`, { token: t.dispatcher })).json()) as { status: string };
        return vehicle.status === 'available' || undefined;
      }, `${vehicleId} available`);
    }
    sockets.forEach((s) => s.close());
    await sut?.stop();
  });

  describe('crew', () => {
    it('should list only the incidents its own ambulance is on', async () => {
      const listed = IncidentSchema.array().parse(await ok(await sut.api('/api/v1/incidents?scope=all', { token: t.crewA }))).map((i) => i.id);
      expect(listed).toContain(incidentA);
      expect(listed).not.toContain(incidentB);
      expect(listed).not.toContain(incidentC);
    });

    it("should refuse every read and action on another ambulance's incident with 403 FORBIDDEN", async () => {
      const attempts: [string, string, unknown?][] = [
        ['GET', `/api/v1/incidents/${incidentB}`],
        ['GET', `/api/v1/incidents/${incidentB}/timeline`],
        ['POST', `/api/v1/incidents/${incidentB}/timeline`, { node: 'arrival_on_scene', at: new Date().toISOString() }],
        ['GET', `/api/v1/incidents/${incidentB}/assessments`],
        ['POST', `/api/v1/incidents/${incidentB}/assessments`, { assessedAt: new Date().toISOString(), chiefComplaint: 'chest_pain' }],
        ['GET', `/api/v1/incidents/${incidentB}/destinations`],
        ['POST', `/api/v1/incidents/${incidentB}/status`, { status: 'cancelled' }],
        ['POST', `/api/v1/incidents/${incidentB}/destination`, { hospitalId: 'lead' }],
        ['POST', `/api/v1/incidents/${incidentB}/prenotice`, { hospitalId: 'lead' }],
        ['POST', `/api/v1/assignments/${assignmentB}/decline`, {}],
        ['POST', `/api/v1/vehicles/${VEHICLE_B}/status`, { status: 'available' }],
      ];
      const answers = [];
      for (const [method, path, body] of attempts) answers.push(`${method} ${path} → ${await refusal(await send(method, path, t.crewA, body))}`);
      expect(answers).toEqual(attempts.map(([method, path]) => `${method} ${path} → 403 FORBIDDEN`));
    });

    it("should read its own ambulance's telemetry but not another's", async () => {
      expect((await sut.api(`/api/v1/vehicles/${VEHICLE_A}/vitals`, { token: t.crewA })).status).toBe(200);
      for (const path of ['vitals', 'waveform', 'telemetry-status']) {
        expect(await refusal(await sut.api(`/api/v1/vehicles/${VEHICLE_B}/${path}`, { token: t.crewA })), path).toBe('403 FORBIDDEN');
      }
    });

    it('should lose sight of an incident once its ambulance declined the offer', async () => {
      const listed = IncidentSchema.array().parse(await ok(await sut.api('/api/v1/incidents?scope=all', { token: t.crewC }))).map((i) => i.id);
      expect(listed).not.toContain(incidentC);
      expect(await refusal(await sut.api(`/api/v1/incidents/${incidentC}`, { token: t.crewC }))).toBe('403 FORBIDDEN');
    });
  });

  describe('ER clinician', () => {
    it('should see only the patients bound for its own hospital', async () => {
      const listed = IncidentSchema.array().parse(await ok(await sut.api('/api/v1/incidents', { token: t.erMch }))).map((i) => i.id);
      expect(listed).toContain(incidentA);
      expect(listed).not.toContain(incidentB);
      for (const path of [`/api/v1/incidents/${incidentB}`, `/api/v1/incidents/${incidentB}/timeline`, `/api/v1/incidents/${incidentB}/assessments`]) {
        expect(await refusal(await sut.api(path, { token: t.erMch })), path).toBe('403 FORBIDDEN');
      }
      expect((await sut.api(`/api/v1/incidents/${incidentA}/timeline`, { token: t.erMch })).status).toBe(200);
    });

    it('should get its own inbound list even when asking for another hospital', async () => {
      const inbound = InboundPatientSchema.array().parse(await ok(await sut.api('/api/v1/er/inbound?hospitalId=tcm', { token: t.erMch })));
      expect(inbound.map((p) => p.incident.id)).toContain(incidentA);
      expect(inbound.map((p) => p.incident.id)).not.toContain(incidentB);
      expect(new Set(inbound.map((p) => p.incident.destinationHospitalId))).toEqual(new Set(['mch']));
    });

    it('should read the telemetry of an ambulance bound for its hospital only', async () => {
      expect((await sut.api(`/api/v1/vehicles/${VEHICLE_A}/vitals`, { token: t.erMch })).status).toBe(200);
      expect(await refusal(await sut.api(`/api/v1/vehicles/${VEHICLE_B}/vitals`, { token: t.erMch }))).toBe('403 FORBIDDEN');
      expect((await sut.api(`/api/v1/vehicles/${VEHICLE_B}/vitals`, { token: t.erTcm })).status).toBe(200);
    });

    it("should not read or act on another hospital's pre-notices, encounters or status", async () => {
      const attempts: [string, string, unknown?][] = [
        ['GET', '/api/v1/hospitals/tcm/prenotices'],
        ['GET', '/api/v1/hospitals/tcm/encounters'],
        ['POST', `/api/v1/prenotices/${prenoticeB}/acknowledge`, { teamsActivated: [] }],
        ['PUT', '/api/v1/hospitals/tcm/status', { cathLabBusy: true, ctDown: false, onDiversion: false }],
      ];
      for (const [method, path, body] of attempts) expect(await refusal(await send(method, path, t.erMch, body)), path).toBe('403 FORBIDDEN');
      expect((await sut.api('/api/v1/hospitals/tcm/prenotices', { token: t.erTcm })).status).toBe(200);
    });

    it("should count only its own hospital's incidents in the quality report", async () => {
      const query = `/api/v1/quality?pathway=ems&from=${startedAt}&to=${new Date(Date.now() + 3600_000).toISOString()}`;
      const forMch = QualityReportSchema.parse(await ok(await sut.api(query, { token: t.erMch })));
      const forCounty = QualityReportSchema.parse(await ok(await sut.api(query, { token: t.dispatcher })));
      expect(forMch.incidents).toBe(1);
      expect(forCounty.incidents).toBeGreaterThanOrEqual(3);
    });
  });

  describe('dispatcher', () => {
    it('should see every incident, its assessments and any ambulance telemetry', async () => {
      const listed = IncidentSchema.array().parse(await ok(await sut.api('/api/v1/incidents?scope=all', { token: t.dispatcher }))).map((i) => i.id);
      expect(listed).toEqual(expect.arrayContaining([incidentA, incidentB, incidentC]));
      expect((await sut.api(`/api/v1/incidents/${incidentB}/assessments`, { token: t.dispatcher })).status).toBe(200);
      expect((await sut.api(`/api/v1/vehicles/${VEHICLE_B}/vitals`, { token: t.dispatcher })).status).toBe(200);
      expect((await sut.api('/api/v1/hospitals/tcm/prenotices', { token: t.dispatcher })).status).toBe(200);
    });

    it("should not read a hospital's pre-admission encounters or act for the hospital", async () => {
      expect(await refusal(await sut.api('/api/v1/hospitals/mch/encounters', { token: t.dispatcher }))).toBe('403 FORBIDDEN');
      expect(await refusal(await send('POST', `/api/v1/prenotices/${prenoticeB}/acknowledge`, t.dispatcher, {}))).toBe('403 FORBIDDEN');
    });
  });

  describe('live sockets', () => {
    it("should stream a time stamp only to the crew and ER of that incident, not to another's", async () => {
      // B is stamped first: once A's stamp arrives, B's would have arrived before it on the same socket
      const at = new Date().toISOString();
      await ok(await send('POST', `/api/v1/incidents/${incidentB}/timeline`, t.dispatcher, { node: 'arrival_on_scene', at }), 201);
      await ok(await send('POST', `/api/v1/incidents/${incidentA}/timeline`, t.dispatcher, { node: 'arrival_on_scene', at }), 201);

      for (const who of ['crewA', 'erMch'] as const) {
        await waitFor(() => stamped[who].find((s) => s.incidentId === incidentA && s.node === 'arrival_on_scene'), `${who}: stamp of A`);
        expect(stamped[who].filter((s) => s.incidentId === incidentB), who).toEqual([]);
      }
    });
  });
});
