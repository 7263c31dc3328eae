import { buildVehicleTopic, type GpsMessage, VehicleMovedEventSchema, VehicleSchema } from '@feijiu/contracts';
import mqtt, { type MqttClient } from 'mqtt';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, type Harness, startHarness, waitFor, waitForConnection } from './support/core-harness';

// Real broker (embedded aedes), real core, real PostgreSQL, real socket.io clients.
describe('GPS from a gateway to the dispatch map', () => {
  let sut: Harness;
  let gateway: MqttClient;
  let dispatcher: Socket;
  let crew: Socket;
  const seen: { dispatcher: unknown[]; crew: unknown[] } = { dispatcher: [], crew: [] };
  let seq = Math.floor(Date.now() / 1000); // unique across runs on the shared test database

  const fix = (over: Partial<GpsMessage> = {}): GpsMessage => ({
    seq: ++seq,
    ts: new Date().toISOString(),
    lat: 30.06,
    lon: 118.56,
    speedMps: 12.5,
    headingDeg: 90,
    fix: 'gps',
    ...over,
  });

  beforeAll(async () => {
    sut = await startHarness();
    dispatcher = sut.live(await sut.login('dispatcher'));
    crew = sut.live(await sut.login('crew'));
    dispatcher.on('vehicle.moved', (e: unknown) => seen.dispatcher.push(e));
    crew.on('vehicle.moved', (e: unknown) => seen.crew.push(e));
    await Promise.all([waitForConnection(dispatcher), waitForConnection(crew)]);
    gateway = await mqtt.connectAsync(sut.mqttUrl, { username: 'lh-01', password: DEMO_PASSWORD, clientId: 'gw-lh-01', protocolVersion: 4 });
  });
  afterAll(async () => {
    await gateway?.endAsync();
    await sut?.stop();
  });

  it('should move the ambulance on the dispatch map when its gateway publishes a fix', async () => {
    const before = seen.dispatcher.length;
    const msg = fix({ lat: 30.0612, lon: 118.5634 });
    await gateway.publishAsync(buildVehicleTopic('lh-01', 'gps'), JSON.stringify(msg), { qos: 1 });
    await waitFor(() => seen.dispatcher.length > before, 'vehicle.moved', 5_000);
    const event = VehicleMovedEventSchema.parse(seen.dispatcher.at(-1));
    expect(event).toMatchObject({ vehicleId: 'lh-01', lat: 30.0612, lon: 118.5634, speedMps: 12.5, status: 'available' });

    const token = await sut.login('dispatcher');
    const vehicle = VehicleSchema.parse(await (await sut.api('/api/v1/vehicles/lh-01', { token })).json());
    expect(vehicle.position).toMatchObject({ lat: 30.0612, lon: 118.5634 });
  });

  it('should show the crew its own ambulance moving', async () => {
    await waitFor(() => seen.crew.some((e) => (e as { vehicleId: string }).vehicleId === 'lh-01'), 'crew vehicle.moved', 5_000);
  });

  it('should store a resent fix once and not move the marker twice', async () => {
    const msg = fix({ lat: 30.07, lon: 118.57 });
    const before = seen.dispatcher.length;
    await gateway.publishAsync(buildVehicleTopic('lh-01', 'gps'), JSON.stringify(msg), { qos: 1 });
    await gateway.publishAsync(buildVehicleTopic('lh-01', 'gps'), JSON.stringify(msg), { qos: 1 });
    await waitFor(() => seen.dispatcher.length > before, 'first vehicle.moved', 5_000);
    // a later, distinct fix proves the pipeline drained past the duplicate
    await gateway.publishAsync(buildVehicleTopic('lh-01', 'gps'), JSON.stringify(fix({ lat: 30.08 })), { qos: 1 });
    await waitFor(() => seen.dispatcher.length >= before + 2, 'second vehicle.moved', 5_000);
    const moves = seen.dispatcher.slice(before).map((e) => (e as { lat: number }).lat);
    expect(moves).toEqual([30.07, 30.08]);
  });

  it('should not move the marker for an older fix that arrives late', async () => {
    const before = seen.dispatcher.length;
    const old = fix({ ts: new Date(Date.now() - 600_000).toISOString(), lat: 29.9 });
    await gateway.publishAsync(buildVehicleTopic('lh-01', 'gps'), JSON.stringify(old), { qos: 1 });
    await gateway.publishAsync(buildVehicleTopic('lh-01', 'gps'), JSON.stringify(fix({ lat: 30.09 })), { qos: 1 });
    await waitFor(() => seen.dispatcher.length > before, 'vehicle.moved', 5_000);
    expect(seen.dispatcher.slice(before).map((e) => (e as { lat: number }).lat)).toEqual([30.09]);
  });

  it('should not let a gateway publish as another vehicle', async () => {
    const before = seen.dispatcher.length;
    const intruder = await mqtt.connectAsync(sut.mqttUrl, { username: 'lh-01', password: DEMO_PASSWORD, protocolVersion: 4, reconnectPeriod: 0 });
    const closed = new Promise<void>((r) => intruder.once('close', () => r()));
    // the broker drops a client whose publish is not authorised; the PUBACK never comes
    intruder.publish(buildVehicleTopic('lh-02', 'gps'), JSON.stringify(fix({ lat: 29.95 })), { qos: 1 });
    await closed;
    intruder.end(true);
    const token = await sut.login('dispatcher');
    const lh02 = VehicleSchema.parse(await (await sut.api('/api/v1/vehicles/lh-02', { token })).json());
    expect(lh02.position?.lat).not.toBe(29.95);
    expect(seen.dispatcher.slice(before).some((e) => (e as { vehicleId: string }).vehicleId === 'lh-02')).toBe(false);
  });

  it('should refuse a gateway login with the wrong password', async () => {
    await expect(
      mqtt.connectAsync(sut.mqttUrl, { username: 'lh-02', password: 'not-the-password', protocolVersion: 4, reconnectPeriod: 0 }),
    ).rejects.toThrow();
  });

  it('should survive malformed and off-contract payloads and keep ingesting', async () => {
    const other = await mqtt.connectAsync(sut.mqttUrl, { username: 'lh-03', password: DEMO_PASSWORD, protocolVersion: 4 });
    const topic = buildVehicleTopic('lh-03', 'gps');
    await other.publishAsync(topic, 'not json at all', { qos: 1 });
    await other.publishAsync(topic, JSON.stringify({ seq: 'x', lat: 500 }), { qos: 1 });
    const before = seen.dispatcher.length;
    await other.publishAsync(topic, JSON.stringify(fix({ lat: 30.1 })), { qos: 1 });
    await waitFor(() => seen.dispatcher.length > before, 'vehicle.moved after bad input', 5_000);
    expect(seen.dispatcher.at(-1)).toMatchObject({ vehicleId: 'lh-03', lat: 30.1 });
    const metrics = await (await sut.api('/metrics')).text();
    expect(metrics).toMatch(/feijiu_mqtt_messages_total\{kind="gps",result="invalid"\} [2-9]/);
    await other.endAsync();
  });

  it('should refuse a socket connection without a valid token', async () => {
    const anonymous = sut.live(undefined);
    await expect(waitForConnection(anonymous)).rejects.toThrow('AUTH_REQUIRED');
    const forged = sut.live('not-a-token');
    await expect(waitForConnection(forged)).rejects.toThrow('AUTH_TOKEN_INVALID');
  });

  it('should not show the crew of lh-01 another ambulance moving', () => {
    expect(seen.crew.every((e) => (e as { vehicleId: string }).vehicleId === 'lh-01')).toBe(true);
    expect(seen.dispatcher.some((e) => (e as { vehicleId: string }).vehicleId === 'lh-03')).toBe(true);
  });
});
