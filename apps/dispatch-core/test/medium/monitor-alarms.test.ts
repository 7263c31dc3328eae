import { type AlarmMessage, ApiErrorSchema, buildVehicleTopic, type MonitorAlarmEvent, MonitorAlarmEventSchema } from '@feijiu/contracts';
import { EventEmitter2 } from '@nestjs/event-emitter';
import mqtt, { type MqttClient } from 'mqtt';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VehicleIncidentBound } from '../../src/dispatch/dispatch.events';
import { DEMO_PASSWORD, type Harness, startHarness, waitFor, waitForConnection } from './support/core-harness';

// A monitor on an ambulance raises an alarm; its gateway publishes it on the `alarm` topic of the
// real embedded broker; the core stores it once and the ER of the hospital the patient is going
// to sees it live and in the history, as the dispatch centre does.
describe('monitor alarms: from the gateway to the ER board', () => {
  const VEHICLE = 'lh-05';
  const INCIDENT = '5a1e7d2c-4b6f-4c1d-9e8a-2f3b4c5d6e7f';
  let sut: Harness;
  let db: DataSource;
  let erToken: string;
  let dispatcherToken: string;
  const erSeen: MonitorAlarmEvent[] = [];
  const dispatchSeen: MonitorAlarmEvent[] = [];
  const gateways: MqttClient[] = [];
  let seq = Date.now(); // unique on the database the medium files share

  const gateway = async (vehicleId: string) => {
    const gw = await mqtt.connectAsync(sut.mqttUrl, { username: vehicleId, password: DEMO_PASSWORD, protocolVersion: 4, reconnectPeriod: 0 });
    gateways.push(gw);
    return gw;
  };
  const alarm = (over: Partial<AlarmMessage> = {}): AlarmMessage => ({
    seq: ++seq,
    ts: new Date().toISOString(),
    monitorId: 'mon-front',
    code: 196648,
    name: 'MDC_EVT_HI',
    text: 'HR 152 > 120',
    priority: 'high',
    technical: false,
    state: 'active',
    phase: 'start',
    vital: { code: 'HR', value: 152, unit: '/min' },
    ...over,
  });
  const publish = async (gw: MqttClient, vehicleId: string, body: unknown) =>
    gw.publishAsync(buildVehicleTopic(vehicleId, 'alarm'), typeof body === 'string' ? body : JSON.stringify(body), { qos: 1 });
  const history = async (token: string, vehicleId = VEHICLE, query = '') => {
    const res = await sut.api(`/api/v1/vehicles/${vehicleId}/alarms${query}`, { token });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const storedRows = async (s: number) =>
    ((await db.query(`SELECT count(*)::int AS n FROM monitor_alarms WHERE vehicle_id = $1 AND seq = $2`, [VEHICLE, s])) as { n: number }[])[0]!.n;
  const metric = async (name: string, labels: string) => {
    const text = await (await sut.api('/metrics')).text();
    return Number(new RegExp(`^${name}\\{${labels}\\} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  };

  beforeAll(async () => {
    sut = await startHarness();
    db = sut.core.app.get(DataSource);
    erToken = await sut.login('er'); // clinician of the lead hospital
    dispatcherToken = await sut.login('dispatcher');
    const er = sut.live(erToken);
    er.on('monitor.alarm', (e: unknown) => erSeen.push(MonitorAlarmEventSchema.parse(e)));
    const dispatch = sut.live(dispatcherToken);
    dispatch.on('monitor.alarm', (e: unknown) => dispatchSeen.push(MonitorAlarmEventSchema.parse(e)));
    await Promise.all([waitForConnection(er), waitForConnection(dispatch)]);
    // what the dispatch feature announces when lh-05's crew takes its patient to the lead hospital
    sut.core.app.get(EventEmitter2).emit(VehicleIncidentBound.eventName, new VehicleIncidentBound(VEHICLE, INCIDENT, 'lead'));
  });
  afterAll(async () => {
    for (const gw of gateways) await gw.endAsync(true).catch(() => undefined);
    await sut?.stop();
  });

  it('should show an alarm of an inbound patient on the ER socket, bound to the incident, and in the history', async () => {
    const gw = await gateway(VEHICLE);
    const raised = alarm();
    await publish(gw, VEHICLE, raised);

    const live = await waitFor(() => erSeen.find((e) => e.seq === raised.seq), 'monitor.alarm on the ER socket', 10_000);
    expect(live).toEqual({
      vehicleId: VEHICLE,
      incidentId: INCIDENT,
      monitorId: 'mon-front',
      seq: raised.seq,
      measuredAt: raised.ts,
      receivedAt: expect.any(String) as string,
      code: 196648,
      name: 'MDC_EVT_HI',
      text: 'HR 152 > 120',
      priority: 'high',
      technical: false,
      state: 'active',
      phase: 'start',
      vital: { code: 'HR', value: 152, unit: '/min' },
      flags: [],
    });
    await waitFor(() => dispatchSeen.some((e) => e.seq === raised.seq), 'monitor.alarm at the dispatch centre', 10_000);

    const ended = alarm({ ts: new Date(Date.parse(raised.ts) + 20_000).toISOString(), state: 'inactive', phase: 'end', flags: ['demo'] });
    await publish(gw, VEHICLE, ended);
    await waitFor(() => erSeen.find((e) => e.seq === ended.seq), 'the alarm ending on the ER socket', 10_000);

    const res = await history(erToken, VEHICLE, `?since=${encodeURIComponent(raised.ts)}`);
    expect(res.status).toBe(200);
    const rows = MonitorAlarmEventSchema.array().parse(res.body);
    expect(rows.map((r) => [r.seq, r.state, r.incidentId, r.flags])).toEqual([
      [raised.seq, 'active', INCIDENT, []],
      [ended.seq, 'inactive', INCIDENT, ['demo']],
    ]);
    expect(rows[0]).toEqual(live);
  });

  it('should store and announce an alarm once when the gateway publishes it twice', async () => {
    const gw = await gateway(VEHICLE);
    const duplicatesBefore = await metric('feijiu_telemetry_messages_total', 'kind="alarm",result="duplicate"');
    const twice = alarm({ name: 'MDC_EVT_LO', code: 196670, text: undefined, vital: { code: 'SPO2', value: 84, unit: '%' }, priority: 'medium' });
    await publish(gw, VEHICLE, twice);
    await publish(gw, VEHICLE, twice);
    // a later alarm proves both copies went through the pipeline
    const after = alarm({ state: 'inactive', phase: 'end' });
    await publish(gw, VEHICLE, after);
    await waitFor(() => erSeen.some((e) => e.seq === after.seq), 'the later alarm', 10_000);

    expect(erSeen.filter((e) => e.seq === twice.seq)).toHaveLength(1);
    expect(dispatchSeen.filter((e) => e.seq === twice.seq)).toHaveLength(1);
    expect(await storedRows(twice.seq)).toBe(1);
    const rows = MonitorAlarmEventSchema.array().parse((await history(dispatcherToken, VEHICLE, `?since=${encodeURIComponent(twice.ts)}`)).body);
    expect(rows.filter((r) => r.seq === twice.seq).map((r) => [r.name, r.priority, r.text, r.vital])).toEqual([
      ['MDC_EVT_LO', 'medium', null, { code: 'SPO2', value: 84, unit: '%' }],
    ]);
    expect(await metric('feijiu_telemetry_messages_total', 'kind="alarm",result="duplicate"')).toBe(duplicatesBefore + 1);
  });

  it("should refuse an alarm another vehicle's gateway publishes under this vehicle", async () => {
    const intruder = await gateway('lh-01');
    const closed = new Promise<void>((r) => intruder.once('close', () => r()));
    const spoofed = alarm({ name: 'SPOOFED', text: 'not from lh-05' });
    // the broker drops a client whose publish is not authorised; the PUBACK never comes
    intruder.publish(buildVehicleTopic(VEHICLE, 'alarm'), JSON.stringify(spoofed), { qos: 1 });
    await closed;

    // the vehicle's own gateway is still heard afterwards
    const own = await gateway(VEHICLE);
    const real = alarm();
    await publish(own, VEHICLE, real);
    await waitFor(() => erSeen.some((e) => e.seq === real.seq), 'the real alarm', 10_000);
    expect(erSeen.some((e) => e.name === 'SPOOFED')).toBe(false);
    expect(await storedRows(spoofed.seq)).toBe(0);
  });

  it('should keep the alarms of a vehicle not bound for its hospital from the ER, live and in the history', async () => {
    // The medium files share one database, and a core binds at start every vehicle that has an
    // accepted assignment there (green-channel.test.ts leaves one for lh-06): release it in this
    // core, as dispatch does when a patient is handed over, so it carries no patient whatever ran before.
    sut.core.app.get(EventEmitter2).emit(VehicleIncidentBound.eventName, new VehicleIncidentBound('lh-06', null, null));
    const gw = await gateway('lh-06');
    const elsewhere = alarm();
    await publish(gw, 'lh-06', elsewhere);
    await waitFor(() => dispatchSeen.some((e) => e.seq === elsewhere.seq && e.vehicleId === 'lh-06'), 'the alarm at the dispatch centre', 10_000);
    expect(dispatchSeen.find((e) => e.seq === elsewhere.seq)?.incidentId).toBeNull();
    expect(erSeen.some((e) => e.seq === elsewhere.seq)).toBe(false);

    const forbidden = await history(erToken, 'lh-06');
    expect([forbidden.status, ApiErrorSchema.parse(forbidden.body).code]).toEqual([403, 'FORBIDDEN']);
    const crew = await sut.login('crew'); // lh-01's crew
    expect((await history(crew, VEHICLE)).status).toBe(403);
    expect((await history(crew, 'lh-01')).status).toBe(200);
    const unknown = await history(dispatcherToken, 'no-such-car');
    expect([unknown.status, ApiErrorSchema.parse(unknown.body).code]).toEqual([404, 'VEHICLE_NOT_FOUND']);
    const reversed = await history(dispatcherToken, VEHICLE, '?since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z');
    expect(reversed.status).toBe(400);
  });

  it('should return the newest alarms of a window when capped, oldest first, say so and link to the older ones', async () => {
    const gw = await gateway(VEHICLE);
    // a monitor that kept reporting: six reports a minute apart, in a window of our own hours back
    const base = Date.now() - 3 * 3600_000 - Math.floor(Math.random() * 3600_000);
    const reports = Array.from({ length: 6 }, (_, i) => alarm({ ts: new Date(base + i * 60_000).toISOString(), text: `report ${i}` }));
    for (const r of reports) await publish(gw, VEHICLE, r);
    const window = `since=${encodeURIComponent(new Date(base).toISOString())}&until=${encodeURIComponent(new Date(base + 3600_000).toISOString())}`;

    const res = await sut.api(`/api/v1/vehicles/${VEHICLE}/alarms?${window}&limit=4`, { token: dispatcherToken });

    expect(res.status).toBe(200);
    expect(MonitorAlarmEventSchema.array().parse(await res.json()).map((r) => r.text)).toEqual(['report 2', 'report 3', 'report 4', 'report 5']);
    expect(res.headers.get('x-truncated')).toBe('true');
    const next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
    expect(next).toBeDefined();
    const older = await sut.api(next!, { token: dispatcherToken });
    expect(MonitorAlarmEventSchema.array().parse(await older.json()).map((r) => r.text)).toEqual(['report 0', 'report 1']);
    expect([older.headers.get('x-truncated'), older.headers.get('link')]).toEqual(['false', null]);
  });

  it('should count an off-contract alarm as invalid, store nothing for it, and keep ingesting', async () => {
    const gw = await gateway(VEHICLE);
    const invalidBefore = await metric('feijiu_mqtt_messages_total', 'kind="alarm",result="invalid"');
    await publish(gw, VEHICLE, 'not json');
    await publish(gw, VEHICLE, { ...alarm(), state: 'ringing' });
    await publish(gw, VEHICLE, { ...alarm(), priority: 'PH' });
    // schema-valid extremes are stored cleanly: NUL in text, the largest MDC code
    const odd = alarm({ monitorId: 'mon\u0000x', name: 'A\u0000B', text: '𠜎'.repeat(64), code: 4_294_967_295, vital: undefined, priority: undefined, phase: undefined });
    await publish(gw, VEHICLE, odd);
    const seen = await waitFor(() => erSeen.find((e) => e.seq === odd.seq), 'the odd but valid alarm', 10_000);
    expect(seen).toMatchObject({ monitorId: 'monx', name: 'AB', code: 4_294_967_295, vital: null, priority: null, phase: null });
    expect(await metric('feijiu_mqtt_messages_total', 'kind="alarm",result="invalid"')).toBe(invalidBefore + 3);
  });

  it('should stop showing the vehicle to the ER once its patient is no longer bound there', async () => {
    sut.core.app.get(EventEmitter2).emit(VehicleIncidentBound.eventName, new VehicleIncidentBound(VEHICLE, null, null));
    const gw = await gateway(VEHICLE);
    const released = alarm();
    await publish(gw, VEHICLE, released);
    await waitFor(() => dispatchSeen.some((e) => e.seq === released.seq), 'the alarm at the dispatch centre', 10_000);
    expect(dispatchSeen.find((e) => e.seq === released.seq)?.incidentId).toBeNull();
    expect(erSeen.some((e) => e.seq === released.seq)).toBe(false);
    expect((await history(erToken)).status).toBe(403);
  });
});
