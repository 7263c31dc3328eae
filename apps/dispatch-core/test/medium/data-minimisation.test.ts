import {
  type AssignmentOfferedEvent,
  type Incident,
  IncidentSchema,
  InboundPatientSchema,
  type PrenoticeSentEvent,
  PrenoticeSentEventSchema,
  type TimelineStamp,
  TimelineStampSchema,
} from '@feijiu/contracts';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, createApiClient, expectJson } from './support/api-client';
import { type Harness, startHarness, waitFor } from './support/core-harness';
import { findFacility } from './support/fleet-driver';

// Data minimisation through the real API and sockets: the dispatch centre keeps the whole call
// record; the crew's tablet and the ER board get the address, the complaint and the patient's
// age and sex, and the caller's phone and the names only masked — from the core, not the UI.
describe('data minimisation: identifiers masked for crew and ER, whole for the dispatch centre', () => {
  const VEHICLE = 'mch-03';
  const HOSPITAL = 'mch';
  const CALL = {
    address: '澄溪县妇幼保健院北门对面 5 号',
    callerPhone: '13812345678',
    callerName: '李小红',
    patient: { name: '王建国', sex: 'male', ageYears: 67 },
    notes: '女儿电话 139 8765 4321，从后门进',
    complaint: '胸痛 chest pain',
    priority: 'critical',
  } as const;
  const MASKED = {
    address: CALL.address,
    complaint: CALL.complaint,
    callerPhone: '138****5678',
    callerName: '李**',
    patient: { name: '王**', sex: 'male', ageYears: 67 },
    notes: '女儿电话 139 **** 4321，从后门进',
  };
  const WHOLE = { address: CALL.address, complaint: CALL.complaint, callerPhone: CALL.callerPhone, callerName: CALL.callerName, patient: CALL.patient, notes: CALL.notes };

  let sut: Harness;
  let api: ApiClient;
  let dispatcher: string;
  let crew: string;
  let er: string;
  let incidentId: string;
  let assignmentId: string;
  const seen = { dispatcher: new Map<string, unknown[]>(), crew: new Map<string, unknown[]>(), er: new Map<string, unknown[]>() };

  const get = async <T>(path: string, token: string) => expectJson<T>(await sut.api(path, { token }), 200);
  const listen = (socket: Socket, into: Map<string, unknown[]>) => {
    for (const event of ['incident.updated', 'assignment.offered', 'prenotice.sent', 'timeline.stamped']) {
      into.set(event, []);
      socket.on(event, (payload: unknown) => into.get(event)!.push(payload));
    }
    return new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
  };
  const ofIncident = (events: unknown[] | undefined, pick: (e: unknown) => Incident = (e) => e as Incident) =>
    (events ?? []).map(pick).filter((i) => i.id === incidentId);
  const identifiers = (i: Incident) => ({ address: i.address, complaint: i.complaint, callerPhone: i.callerPhone, callerName: i.callerName, patient: i.patient, notes: i.notes });

  beforeAll(async () => {
    sut = await startHarness();
    dispatcher = await sut.login('dispatcher');
    api = createApiClient(sut, dispatcher);
    crew = await sut.login(`crew-${VEHICLE}`);
    er = await sut.login(`er-${HOSPITAL}`);
    await Promise.all([listen(sut.live(dispatcher), seen.dispatcher), listen(sut.live(crew), seen.crew), listen(sut.live(er), seen.er)]);

    const near = findFacility(HOSPITAL);
    const created = await api.createIncident({ ...CALL, location: { lat: near.lat + 0.01, lon: near.lon } });
    incidentId = created.id;
    assignmentId = (await api.assign(incidentId, VEHICLE)).id;
    await expectJson(await api.post(`/api/v1/assignments/${assignmentId}/accept`, crew), 200);
  });

  afterAll(async () => {
    await sut?.stop();
  });

  it('should give the dispatcher the whole call record over REST and on the socket', async () => {
    expect(identifiers(IncidentSchema.parse(await get(`/api/v1/incidents/${incidentId}`, dispatcher)))).toEqual(WHOLE);
    const offered = await waitFor(() => ofIncident(seen.dispatcher.get('assignment.offered'), (e) => (e as AssignmentOfferedEvent).incident)[0], 'offer at dispatch', 10_000);
    expect(identifiers(offered)).toEqual(WHOLE);
  });

  it('should ring the crew with the address, complaint, age and sex, and only masked identifiers', async () => {
    const offered = await waitFor(() => ofIncident(seen.crew.get('assignment.offered'), (e) => (e as AssignmentOfferedEvent).incident)[0], 'offer on the tablet', 10_000);
    expect(identifiers(offered)).toEqual(MASKED);
  });

  it('should mask the crew’s REST view of its job: one incident, the list, and its own updates', async () => {
    expect(identifiers(IncidentSchema.parse(await get(`/api/v1/incidents/${incidentId}`, crew)))).toEqual(MASKED);
    const mine = IncidentSchema.array().parse(await get('/api/v1/incidents', crew)).filter((i) => i.id === incidentId);
    expect(mine.map(identifiers)).toEqual([MASKED]);

    // the crew chooses the destination: the answer to its own request is masked too
    const updated = IncidentSchema.parse(await expectJson(await api.post(`/api/v1/incidents/${incidentId}/destination`, crew, { hospitalId: HOSPITAL }), 200));
    expect(identifiers(updated)).toEqual(MASKED);
    const pushed = await waitFor(() => ofIncident(seen.crew.get('incident.updated')).find((i) => i.destinationHospitalId === HOSPITAL), 'incident.updated on the tablet', 10_000);
    expect(identifiers(pushed)).toEqual(MASKED);
  });

  it('should mask the ER board’s inbound list, incident updates and pre-notice', async () => {
    const pushed = await waitFor(() => ofIncident(seen.er.get('incident.updated')).find((i) => i.destinationHospitalId === HOSPITAL), 'incident.updated at the ER', 10_000);
    expect(identifiers(pushed)).toEqual(MASKED);
    const inbound = InboundPatientSchema.array().parse(await get('/api/v1/er/inbound', er)).filter((r) => r.incident.id === incidentId);
    expect(inbound.map((r) => identifiers(r.incident))).toEqual([MASKED]);

    await expectJson(await api.post(`/api/v1/incidents/${incidentId}/prenotice`, crew, { hospitalId: HOSPITAL }), 201);
    const notice = await waitFor(
      () => (seen.er.get('prenotice.sent') as PrenoticeSentEvent[]).find((e) => e.incident.id === incidentId),
      'prenotice.sent at the ER',
      10_000,
    );
    expect(identifiers(notice.incident)).toEqual(MASKED);
    const open = PrenoticeSentEventSchema.array().parse(await get(`/api/v1/hospitals/${HOSPITAL}/prenotices`, er)).filter((p) => p.incident.id === incidentId);
    expect(open.map((p) => identifiers(p.incident))).toEqual([MASKED]);
    // the dispatch centre's copy of the same pre-notice is whole
    const atDispatch = await waitFor(
      () => (seen.dispatcher.get('prenotice.sent') as PrenoticeSentEvent[]).find((e) => e.incident.id === incidentId),
      'prenotice.sent at dispatch',
      10_000,
    );
    expect(identifiers(atDispatch.incident)).toEqual(WHOLE);
  });

  it('should keep the whole record for the dispatch centre after the crew and ER worked on it', async () => {
    expect(identifiers(IncidentSchema.parse(await get(`/api/v1/incidents/${incidentId}`, dispatcher)))).toEqual(WHOLE);
  });

  // Last: it cancels the incident. The dispatcher types the reason into the cancel dialog; it is
  // the 事件取消 stamp's note, which reaches the crew's and the ER's timeline.
  it('should mask phone numbers and the caller’s name in a cancel reason for the crew and ER, over REST and the socket', async () => {
    const REASON = '来电人李小红 13800001111 回电取消';
    const MASKED_REASON = '来电人李** 138****1111 回电取消';
    await expectJson(await api.post(`/api/v1/incidents/${incidentId}/status`, dispatcher, { status: 'cancelled', reason: REASON }), 200);

    const cancelNote = (stamps: TimelineStamp[]) => stamps.filter((s) => s.incidentId === incidentId && s.node === 'incident_cancelled').map((s) => s.note);
    const timelineOf = async (token: string) => cancelNote(TimelineStampSchema.array().parse(await get(`/api/v1/incidents/${incidentId}/timeline`, token)));
    expect(await timelineOf(dispatcher)).toEqual([REASON]);
    expect(await timelineOf(crew)).toEqual([MASKED_REASON]);
    expect(await timelineOf(er)).toEqual([MASKED_REASON]);

    const pushed = (into: Map<string, unknown[]>, what: string) =>
      waitFor(() => {
        const notes = cancelNote(TimelineStampSchema.array().parse(into.get('timeline.stamped')));
        return notes.length > 0 ? notes : undefined;
      }, what, 10_000);
    expect(await pushed(seen.dispatcher, 'timeline.stamped at dispatch')).toEqual([REASON]);
    expect(await pushed(seen.crew, 'timeline.stamped on the tablet')).toEqual([MASKED_REASON]);
    expect(await pushed(seen.er, 'timeline.stamped at the ER')).toEqual([MASKED_REASON]);
  });
});
