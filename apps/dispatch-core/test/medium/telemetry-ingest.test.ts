import {
  ApiErrorSchema,
  buildVehicleTopic,
  TelemetryStatusSchema,
  VitalRowListSchema,
  type VitalsMessage,
  type VitalsSampledEvent,
  VitalsSampledEventSchema,
  type WaveformMessage,
  type WaveformSampledEvent,
  WaveformSampledEventSchema,
} from '@feijiu/contracts';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VehicleIncidentBound } from '../../src/dispatch/dispatch.events';
import { TelemetryRepository } from '../../src/telemetry/telemetry.repository';
import { type Harness, startHarness, waitForConnection } from './support/core-harness';
import { createFleetDriver, type FleetDriver } from './support/fleet-driver';

// A gateway publishes vitals and ECG through the real broker; the real core stores them in the
// real PostgreSQL and streams them to real socket.io clients.
describe('telemetry: from the gateway to the consoles and the history', () => {
  let sut: Harness;
  let dispatcherToken: string;
  let dispatcher: Socket;
  let fleet: FleetDriver;
  const vitalsSeen: VitalsSampledEvent[] = [];
  const wavesSeen: WaveformSampledEvent[] = [];
  let dispatchMap: Socket;
  const mapVitals: VitalsSampledEvent[] = [];
  const mapWaves: WaveformSampledEvent[] = [];
  let seq = Date.now(); // unique on the database the medium files share

  const waitFor = async <T>(probe: () => T | undefined | null | false | Promise<T | null>, what: string): Promise<T> => {
    for (let i = 0; i < 200; i++) {
      const v = await probe();
      if (v) return v;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const publish = async (vehicleId: string, kind: 'vitals' | 'waveform' | 'state', body: unknown, retain = false) =>
    (await fleet.gateway(vehicleId)).publishAsync(buildVehicleTopic(vehicleId, kind), typeof body === 'string' ? body : JSON.stringify(body), {
      qos: 1,
      retain,
    });
  const vitals = (over: Partial<VitalsMessage> = {}): VitalsMessage => ({
    seq: ++seq,
    ts: new Date().toISOString(),
    monitorId: 'mon-a',
    obs: [
      { code: 'HR', value: 112, unit: '/min' },
      { code: 'SPO2', value: 91, unit: '%' },
    ],
    ...over,
  });
  const getJson = async (path: string, token = dispatcherToken) => {
    const res = await sut.api(path, { token });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const vitalsOf = (vehicleId: string, query: string) =>
    getJson(`/api/v1/vehicles/${vehicleId}/vitals?${query}`).then((r) => VitalRowListSchema.parse(r.body));

  beforeAll(async () => {
    sut = await startHarness();
    fleet = createFleetDriver(sut);
    dispatcherToken = await sut.login('dispatcher');
    // a dispatch-centre screen that asked for the ECG stream, and the dispatch map, which did not
    dispatcher = sut.live(dispatcherToken, { streams: ['waveform'] });
    dispatcher.on('vitals.sampled', (e: unknown) => vitalsSeen.push(VitalsSampledEventSchema.parse(e)));
    dispatcher.on('waveform.sampled', (e: unknown) => wavesSeen.push(WaveformSampledEventSchema.parse(e)));
    dispatchMap = sut.live(dispatcherToken);
    dispatchMap.on('vitals.sampled', (e: unknown) => mapVitals.push(VitalsSampledEventSchema.parse(e)));
    dispatchMap.on('waveform.sampled', (e: unknown) => mapWaves.push(WaveformSampledEventSchema.parse(e)));
    await waitForConnection(dispatcher);
    await waitForConnection(dispatchMap);
  });
  afterAll(async () => {
    await fleet?.stop();
    await sut?.stop();
  });

  it('should stream a vitals message to the dispatcher and keep it in the history with both clocks', async () => {
    const msg = vitals({ obs: [{ code: 'HR', value: 117, unit: '/min' }, { code: 'NIBP_SYS', value: 148, unit: 'mm[Hg]' }] });
    const sentAt = Date.now();
    await publish('lh-01', 'vitals', msg);
    const event = await waitFor(() => vitalsSeen.find((e) => e.seq === msg.seq), 'vitals.sampled');
    expect(event).toMatchObject({ vehicleId: 'lh-01', incidentId: null, monitorId: 'mon-a', flags: [] });
    expect(event.obs).toEqual([
      { code: 'HR', value: 117, unit: '/min', measuredAt: msg.ts },
      { code: 'NIBP_SYS', value: 148, unit: 'mm[Hg]', measuredAt: msg.ts },
    ]);

    const rows = await vitalsOf('lh-01', `since=${encodeURIComponent(msg.ts)}&until=${encodeURIComponent(msg.ts)}`);
    expect(rows.map((r) => [r.code, r.value, r.unit, r.monitorId, r.measuredAt, r.flags])).toEqual([
      ['HR', 117, '/min', 'mon-a', msg.ts, []],
      ['NIBP_SYS', 148, 'mm[Hg]', 'mon-a', msg.ts, []],
    ]);
    // receivedAt is the core's clock at arrival
    expect(Date.parse(rows[0]!.receivedAt)).toBeGreaterThanOrEqual(sentAt - 1000);
  });

  it('should store and stream a resent message once when the gateway sends the same seq twice', async () => {
    const msg = vitals({ obs: [{ code: 'RR', value: 22, unit: '/min' }] });
    await publish('lh-01', 'vitals', msg);
    await publish('lh-01', 'vitals', msg);
    // a later message proves both copies went through the pipeline
    const after = vitals({ obs: [{ code: 'RR', value: 23, unit: '/min' }] });
    await publish('lh-01', 'vitals', after);
    await waitFor(() => vitalsSeen.some((e) => e.seq === after.seq), 'the later message');
    expect(vitalsSeen.filter((e) => e.seq === msg.seq)).toHaveLength(1);
    const rows = await vitalsOf('lh-01', `since=${encodeURIComponent(msg.ts)}&code=RR`);
    expect(rows.map((r) => r.value)).toEqual([22, 23]);
    const metrics = await (await sut.api('/metrics')).text();
    expect(metrics).toMatch(/feijiu_telemetry_messages_total\{kind="vitals",result="duplicate"\} [1-9]/);
  });

  it('should flag a sample measured long before it arrived as late, stream it and keep it in order', async () => {
    const measured = new Date(Date.now() - 5 * 60_000).toISOString();
    const msg = vitals({ ts: measured, obs: [{ code: 'TEMP', value: 38.4, unit: 'Cel' }] });
    await publish('lh-01', 'vitals', msg);
    const event = await waitFor(() => vitalsSeen.find((e) => e.seq === msg.seq), 'late vitals.sampled');
    expect(event.flags).toEqual(['late']);
    const rows = await vitalsOf('lh-01', `since=${encodeURIComponent(measured)}&code=TEMP`);
    expect(rows[0]).toMatchObject({ value: 38.4, measuredAt: measured, flags: ['late'] });
    expect(Date.parse(rows[0]!.receivedAt) - Date.parse(measured)).toBeGreaterThan(30_000);
  });

  it('should keep the demo flag a simulated monitor puts on its readings', async () => {
    const msg = vitals({ obs: [{ code: 'ETCO2', value: 35, unit: 'mm[Hg]', flags: ['demo'] }] });
    await publish('lh-01', 'vitals', msg);
    const event = await waitFor(() => vitalsSeen.find((e) => e.seq === msg.seq), 'demo vitals.sampled');
    expect(event.flags).toEqual(['demo']);
    const rows = await vitalsOf('lh-01', `since=${encodeURIComponent(msg.ts)}&code=ETCO2`);
    expect(rows[0]!.flags).toEqual(['demo']);
  });

  it('should carry a 12-lead ECG chunk to the socket and back from the history sample for sample', async () => {
    const samples = new Int16Array(12 * 100).map((_, i) => ((i * 37) % 4000) - 2000);
    samples[0] = -32768;
    samples[1] = 32767;
    const data = Buffer.from(samples.buffer).toString('base64');
    const t0 = new Date().toISOString();
    const msg: WaveformMessage = {
      seq: ++seq,
      t0,
      monitorId: 'mon-a',
      hz: 500,
      leads: ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'],
      lsbUv: 4.88,
      data,
      flags: ['demo'],
    };
    await publish('lh-02', 'waveform', msg);
    const live = await waitFor(() => wavesSeen.find((e) => e.seq === msg.seq), 'waveform.sampled');
    expect(live).toMatchObject({ vehicleId: 'lh-02', t0, hz: 500, lsbUv: 4.88, data, flags: ['demo'], leads: msg.leads });
    // the dispatch map, which did not ask for ECG, gets the vitals but not the ECG
    const after = vitals({ seq: ++seq });
    await publish('lh-02', 'vitals', after);
    await waitFor(() => mapVitals.find((e) => e.seq === after.seq), 'vitals on the dispatch map');
    expect(mapWaves).toEqual([]);

    const res = await getJson(`/api/v1/vehicles/lh-02/waveform?since=${encodeURIComponent(t0)}&until=${encodeURIComponent(t0)}`);
    expect(res.status).toBe(200);
    const [chunk] = WaveformSampledEventSchema.array().parse(res.body);
    expect(chunk).toEqual(live);
    const back = new Int16Array(new Uint8Array(Buffer.from(chunk!.data, 'base64')).buffer);
    expect(Array.from(back)).toEqual(Array.from(samples));
  });

  it('should keep a sample with a wild timestamp and move it into its partition once that exists', async () => {
    const db = sut.core.app.get(DataSource);
    const where = async (ts: string) =>
      ((await db.query(`SELECT tableoid::regclass::text AS part FROM vitals_samples WHERE vehicle_id = 'lh-06' AND measured_at = $1`, [ts])) as {
        part: string;
      }[]).map((r) => r.part);
    const current = vitals();
    await publish('lh-06', 'vitals', current);
    await waitFor(() => vitalsSeen.some((e) => e.seq === current.seq), 'current vitals');
    expect((await where(current.ts))[0]).toMatch(/^vitals_samples_p\d{6}$/);

    // a gateway clock years ahead: no partition for it, so DEFAULT keeps it
    const wild = vitals({ ts: '2031-05-04T03:02:01.000Z' });
    await publish('lh-06', 'vitals', wild);
    await waitFor(() => vitalsSeen.some((e) => e.seq === wild.seq), 'wild vitals');
    expect(await where(wild.ts)).toEqual(['vitals_samples_default', 'vitals_samples_default']);

    const created = await sut.core.app.get(TelemetryRepository).ensurePartition({
      parent: 'vitals_samples',
      name: 'vitals_samples_p203105',
      from: new Date('2031-05-01T00:00:00Z'),
      to: new Date('2031-06-01T00:00:00Z'),
    });
    expect(created).toBe(true);
    expect(await where(wild.ts)).toEqual(['vitals_samples_p203105', 'vitals_samples_p203105']);
    const rows = await vitalsOf('lh-06', `since=2031-05-01T00:00:00Z&until=2031-05-31T00:00:00Z`);
    expect(rows.map((r) => r.code)).toEqual(['HR', 'SPO2']);
  });

  it('should refuse the crew of lh-01 the history of lh-02 and give it its own', async () => {
    const crew = await sut.login('crew');
    const other = await getJson('/api/v1/vehicles/lh-02/vitals', crew);
    expect(other.status).toBe(403);
    expect(ApiErrorSchema.parse(other.body).code).toBe('FORBIDDEN');
    expect((await getJson('/api/v1/vehicles/lh-02/waveform', crew)).status).toBe(403);
    expect((await getJson('/api/v1/vehicles/lh-02/telemetry-status', crew)).status).toBe(403);
    expect((await getJson('/api/v1/vehicles/lh-01/vitals', crew)).status).toBe(200);
  });

  it('should answer an unknown vehicle with VEHICLE_NOT_FOUND and a reversed window with VALIDATION_FAILED', async () => {
    const unknown = await getJson('/api/v1/vehicles/no-such-car/vitals');
    expect([unknown.status, ApiErrorSchema.parse(unknown.body).code]).toEqual([404, 'VEHICLE_NOT_FOUND']);
    const reversed = await getJson('/api/v1/vehicles/lh-01/vitals?since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z');
    expect([reversed.status, ApiErrorSchema.parse(reversed.body).code]).toEqual([400, 'VALIDATION_FAILED']);
    const tooLong = await getJson('/api/v1/vehicles/lh-01/waveform?since=2026-01-01T00:00:00Z&until=2026-01-01T01:00:00Z');
    expect(tooLong.status).toBe(400);
  });

  it('should let the ER of the destination hospital see and read an ambulance bound for it, and only then', async () => {
    const er = await sut.login('er'); // clinician of the lead hospital
    const erSocket = sut.live(er);
    const erSeen: VitalsSampledEvent[] = [];
    erSocket.on('vitals.sampled', (e: VitalsSampledEvent) => erSeen.push(e));
    await waitForConnection(erSocket);
    expect((await getJson('/api/v1/vehicles/lh-03/vitals', er)).status).toBe(403);

    // what the dispatch feature announces when lh-03's crew takes a patient to the lead hospital
    const incidentId = '3b0f3c3e-8d6f-4a47-9c1c-6f1b2f6f0a11';
    const events = sut.core.app.get(EventEmitter2);
    events.emit(VehicleIncidentBound.eventName, new VehicleIncidentBound('lh-03', incidentId, 'lead'));
    const bound = vitals({ obs: [{ code: 'HR', value: 131, unit: '/min' }] });
    await publish('lh-03', 'vitals', bound);
    const seenByEr = await waitFor(() => erSeen.find((e) => e.seq === bound.seq), 'vitals.sampled in the ER room');
    expect(seenByEr).toMatchObject({ vehicleId: 'lh-03', incidentId });
    const history = await getJson(`/api/v1/vehicles/lh-03/vitals?since=${encodeURIComponent(bound.ts)}`, er);
    expect(history.status).toBe(200);
    expect(VitalRowListSchema.parse(history.body).map((r) => r.value)).toEqual([131]);

    events.emit(VehicleIncidentBound.eventName, new VehicleIncidentBound('lh-03', null, null));
    const released = vitals({ obs: [{ code: 'HR', value: 99, unit: '/min' }] });
    await publish('lh-03', 'vitals', released);
    await waitFor(() => vitalsSeen.some((e) => e.seq === released.seq), 'vitals after release');
    expect(erSeen.some((e) => e.seq === released.seq)).toBe(false);
    expect((await getJson('/api/v1/vehicles/lh-03/vitals', er)).status).toBe(403);
  });

  it("should report the gateway's monitors and outbox from its retained state", async () => {
    await publish(
      'lh-04',
      'state',
      { ts: new Date().toISOString(), online: true, monitors: [{ id: 'mon-x', connected: true, protocol: 'hl7' }], outboxDepth: 42 },
      true,
    );
    const status = await waitFor(async () => {
      const s = TelemetryStatusSchema.parse((await getJson('/api/v1/vehicles/lh-04/telemetry-status')).body);
      return s.outboxDepth === 42 ? s : null;
    }, 'telemetry-status with the state');
    expect(status).toMatchObject({ vehicleId: 'lh-04', online: true, monitors: [{ id: 'mon-x', connected: true, protocol: 'hl7' }], stale: false });
  });

  it('should survive malformed vitals and keep ingesting', async () => {
    await publish('lh-05', 'vitals', 'not json');
    await publish('lh-05', 'vitals', { seq: -1, ts: 'yesterday', monitorId: '', obs: [] });
    await publish('lh-05', 'vitals', vitals({ obs: [{ code: 'HR', value: 'fast', unit: '/min' }] } as unknown as Partial<VitalsMessage>));
    const good = vitals();
    await publish('lh-05', 'vitals', good);
    await waitFor(() => vitalsSeen.some((e) => e.seq === good.seq && e.vehicleId === 'lh-05'), 'vitals after bad input');
    const metrics = await (await sut.api('/metrics')).text();
    expect(metrics).toMatch(/feijiu_mqtt_messages_total\{kind="vitals",result="invalid"\} [3-9]/);
  });
});
