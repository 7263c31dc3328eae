import { buildVehicleTopic, type VehicleTopicKind } from '@feijiu/contracts';
import fc from 'fast-check';
import mqtt, { type MqttClient } from 'mqtt';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, type Harness, startHarness } from './support/core-harness';

// Gateways that misbehave — flooding, oversized messages, garbage on every telemetry topic — are
// limited and counted by the embedded broker and the ingress; the core stays up and a gateway
// streaming normally next to them loses nothing.

const FLOODER = 'shangxi-01';
const NORMAL = 'tongling-01';
const FUZZER = 'jintang-01';
const RATE_PER_SEC = 20;
const BURST = 10;
const MAX_PAYLOAD_BYTES = 65_536;

describe('MQTT ingress: a flooding, oversized and garbage-sending gateway next to a normal one', () => {
  let sut: Harness;
  let db: DataSource;
  const clients = new Map<string, MqttClient>();
  let seq = Date.now() * 10; // unique on the database the medium files share

  const gateway = async (vehicleId: string) => {
    let c = clients.get(vehicleId);
    if (!c) {
      c = await mqtt.connectAsync(sut.mqttUrl, { username: vehicleId, password: DEMO_PASSWORD, protocolVersion: 4, reconnectPeriod: 0 });
      clients.set(vehicleId, c);
    }
    return c;
  };
  const vitals = (s: number) => JSON.stringify({ seq: s, ts: new Date().toISOString(), monitorId: 'mon-1', obs: [{ code: 'HR', value: 80, unit: '/min' }] });
  const storedSeqs = async (vehicleId: string, kind: 'vitals' | 'waveform', from: number, to: number): Promise<number> => {
    const [row] = (await db.query(
      `SELECT count(DISTINCT seq)::int AS n FROM telemetry_receipts WHERE vehicle_id = $1 AND kind = $2 AND seq BETWEEN $3 AND $4`,
      [vehicleId, kind, from, to],
    )) as { n: number }[];
    return row!.n;
  };
  const metric = async (name: string, labels: Record<string, string>): Promise<number> => {
    const text = await (await sut.api('/metrics')).text();
    const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
    const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.includes(w)));
    return line ? Number(line.split(' ').at(-1)) : 0;
  };
  const waitFor = async (probe: () => Promise<boolean>, what: string) => {
    for (let i = 0; i < 600; i++) {
      if (await probe()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  beforeAll(async () => {
    sut = await startHarness({
      FEIJIU_MQTT_PUBLISH_RATE: String(RATE_PER_SEC),
      FEIJIU_MQTT_PUBLISH_BURST: String(BURST),
      FEIJIU_MQTT_MAX_PAYLOAD_BYTES: String(MAX_PAYLOAD_BYTES),
    });
    db = sut.core.app.get(DataSource);
  });
  afterAll(async () => {
    for (const c of clients.values()) await c.endAsync(true);
    await sut?.stop();
  });

  it('should store every sample of a normal gateway while another floods at QoS 1, and lose none of the flood', async () => {
    const flooder = await gateway(FLOODER);
    const normal = await gateway(NORMAL);
    const floodFrom = ++seq;
    const FLOOD = 120;
    seq += FLOOD;
    const heldBefore = await metric('feijiu_mqtt_publish_limited_total', { reason: 'rate', action: 'held' });

    const flood = Promise.all(Array.from({ length: FLOOD }, (_, i) => flooder.publishAsync(buildVehicleTopic(FLOODER, 'vitals'), vitals(floodFrom + i), { qos: 1 })));
    // the normal gateway streams one message after the other, each acknowledged once stored
    const normalFrom = ++seq;
    for (let i = 0; i < 20; i++) await normal.publishAsync(buildVehicleTopic(NORMAL, 'vitals'), vitals(normalFrom + i), { qos: 1 });
    seq += 20;

    expect(await storedSeqs(NORMAL, 'vitals', normalFrom, normalFrom + 19)).toBe(20);
    // the flood is paced at RATE_PER_SEC: it cannot be through yet, the normal gateway did not wait for it
    expect(await storedSeqs(FLOODER, 'vitals', floodFrom, floodFrom + FLOOD - 1)).toBeLessThan(FLOOD);

    await flood; // every flood publish acknowledged in the end: held back, never refused
    expect(await storedSeqs(FLOODER, 'vitals', floodFrom, floodFrom + FLOOD - 1)).toBe(FLOOD);
    expect(flooder.connected).toBe(true);
    expect(await metric('feijiu_mqtt_publish_limited_total', { reason: 'rate', action: 'held' })).toBeGreaterThan(heldBefore);
  });

  it('should drop QoS 0 publishes over the rate for the flooding gateway only', async () => {
    const flooder = await gateway(FLOODER);
    const normal = await gateway(NORMAL);
    await new Promise((r) => setTimeout(r, (BURST / RATE_PER_SEC) * 1000)); // a full bucket again
    const floodFrom = ++seq;
    const FLOOD = 100;
    seq += FLOOD;
    for (let i = 0; i < FLOOD; i++) flooder.publish(buildVehicleTopic(FLOODER, 'vitals'), vitals(floodFrom + i), { qos: 0 });
    const normalFrom = ++seq;
    seq += 10;
    for (let i = 0; i < 10; i++) await normal.publishAsync(buildVehicleTopic(NORMAL, 'vitals'), vitals(normalFrom + i), { qos: 1 });
    // a QoS 1 marker after the flood: once it is stored, every flood message that got through is too
    const marker = ++seq;
    await flooder.publishAsync(buildVehicleTopic(FLOODER, 'vitals'), vitals(marker), { qos: 1 });

    expect(await storedSeqs(NORMAL, 'vitals', normalFrom, normalFrom + 9)).toBe(10);
    const floodStored = await storedSeqs(FLOODER, 'vitals', floodFrom, floodFrom + FLOOD - 1);
    expect(floodStored).toBeGreaterThan(0);
    expect(floodStored).toBeLessThan(FLOOD);
    expect(await metric('feijiu_mqtt_publish_limited_total', { reason: 'rate', action: 'dropped' })).toBeGreaterThanOrEqual(FLOOD - floodStored);
  });

  it("should acknowledge and drop a message over the size limit without closing the gateway's connection", async () => {
    const flooder = await gateway(FLOODER);
    let closed = false;
    flooder.once('close', () => (closed = true));
    const big = ++seq;
    const samples = Buffer.alloc(12 * 5000 * 2).toString('base64'); // 12 leads × 10 s at 500 Hz: ~160 kB
    const chunk = (s: number, data: string) =>
      JSON.stringify({ seq: s, t0: new Date().toISOString(), monitorId: 'mon-1', hz: 500, leads: ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'], lsbUv: 1.22, data });
    const droppedBefore = await metric('feijiu_mqtt_publish_limited_total', { reason: 'oversize', action: 'dropped' });

    await flooder.publishAsync(buildVehicleTopic(FLOODER, 'waveform'), chunk(big, samples), { qos: 1 });
    // one second of 12-lead ECG (the normal chunk) still passes
    const normalChunk = ++seq;
    await flooder.publishAsync(buildVehicleTopic(FLOODER, 'waveform'), chunk(normalChunk, Buffer.alloc(12 * 500 * 2).toString('base64')), { qos: 1 });

    expect(await storedSeqs(FLOODER, 'waveform', big, big)).toBe(0);
    expect(await storedSeqs(FLOODER, 'waveform', normalChunk, normalChunk)).toBe(1);
    expect(closed).toBe(false);
    expect(await metric('feijiu_mqtt_publish_limited_total', { reason: 'oversize', action: 'dropped' })).toBe(droppedBefore + 1);
  });

  it('should count garbage on every telemetry topic as invalid, never fail on it, and keep ingesting', async () => {
    const fuzzer = await gateway(FUZZER);
    const normal = await gateway(NORMAL);
    const [position] = (await db.query(`SELECT last_lat AS lat, last_lon AS lon FROM vehicles WHERE id = $1`, [FUZZER])) as { lat: number | null; lon: number | null }[];
    // valid fixes stay where the ambulance is: the other files recommend ambulances by position
    const here = { lat: position?.lat ?? 28.1, lon: position?.lon ?? 120.6 };
    const kinds: VehicleTopicKind[] = ['gps', 'vitals', 'waveform', 'alarm', 'state'];
    const invalidBefore = await Promise.all(kinds.map((kind) => metric('feijiu_mqtt_messages_total', { kind, result: 'invalid' })));
    const failedBefore = await Promise.all(kinds.map((kind) => metric('feijiu_mqtt_messages_total', { kind, result: 'failed' })));
    const nextSeq = () => ++seq;

    const extremeNumber = fc.constantFrom(0, 5e-324, -5e-324, 1e-300, 99.99999999999, 1e308, 2 ** 53 - 1);
    const extremeTs = fc.constantFrom('0000-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '1970-01-01T00:00:00Z', new Date().toISOString());
    const oddText = fc.constantFrom('a\u0000b', 'x\ud800', '𠜎'.repeat(16), ' ', 'DROP TABLE vitals_samples;');
    // schema-valid extremes: these must be stored or refused cleanly, never crash a handler
    const extremes: Record<VehicleTopicKind, fc.Arbitrary<unknown>> = {
      gps: fc.record({ seq: fc.constant(0).map(nextSeq), ts: extremeTs, lat: fc.constant(here.lat), lon: fc.constant(here.lon), speedMps: fc.constantFrom(0, 5e-324, 1e-40, 99.999999), headingDeg: fc.constantFrom(0, 5e-324, 359.99999999), hdop: fc.constantFrom(0, 5e-324, 99.9), fix: fc.constantFrom('none', 'gps', 'dgps', 'estimated') }),
      vitals: fc.record({ seq: fc.constant(0).map(nextSeq), ts: extremeTs, monitorId: oddText, obs: fc.array(fc.record({ code: fc.constantFrom('HR', 'SPO2', 'TEMP', 'NIBP_SYS'), value: extremeNumber, unit: oddText }), { minLength: 1, maxLength: 64 }) }),
      waveform: fc.record({ seq: fc.constant(0).map(nextSeq), t0: extremeTs, monitorId: oddText, hz: fc.constantFrom(5e-324, 0.001, 2000), leads: fc.constantFrom(['II'], ['I', 'II', 'III'], Array(16).fill('V1')), lsbUv: fc.constantFrom(5e-324, 1e308, 1.22), data: fc.constantFrom('', 'AA==', 'AAA=', 'AAAA'.repeat(1000)) }),
      alarm: fc.record({ seq: fc.constant(0).map(nextSeq), ts: extremeTs, monitorId: oddText, code: fc.constantFrom(0, 196648, 4_294_967_295), name: oddText, text: oddText, priority: fc.constantFrom('high', 'none'), technical: fc.boolean(), state: fc.constantFrom('active', 'latched', 'inactive'), phase: oddText, vital: fc.record({ code: fc.constantFrom('HR', 'SPO2'), value: extremeNumber, unit: oddText }) }),
      state: fc.record({ ts: extremeTs, online: fc.boolean(), monitors: fc.array(fc.record({ id: oddText, connected: fc.boolean(), protocol: fc.constantFrom('hl7', 'sim') }), { maxLength: 3 }), outboxDepth: fc.constantFrom(0, 2 ** 53 - 1) }),
      cmd: fc.constant(null),
    };
    const garbage = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
      fc.jsonValue({ maxDepth: 3 }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
      fc.constantFrom('', '{', '{"seq":', 'null', '[]', '{"seq":-1}', `${'['.repeat(10_000)}${']'.repeat(10_000)}`).map((s) => Buffer.from(s)),
    );

    for (const kind of kinds) {
      const payloads = [...fc.sample(garbage, 40), ...fc.sample(extremes[kind], 20).map((v) => Buffer.from(JSON.stringify(v)))];
      for (const p of payloads) await fuzzer.publishAsync(buildVehicleTopic(FUZZER, kind), p, { qos: 1, retain: kind === 'state' && p.length < 100 });
    }
    const after = ++seq;
    await normal.publishAsync(buildVehicleTopic(NORMAL, 'vitals'), vitals(after), { qos: 1 });
    expect(await storedSeqs(NORMAL, 'vitals', after, after)).toBe(1);

    for (const [i, kind] of kinds.entries()) {
      expect(await metric('feijiu_mqtt_messages_total', { kind, result: 'invalid' }), kind).toBeGreaterThan(invalidBefore[i]!);
      expect(await metric('feijiu_mqtt_messages_total', { kind, result: 'failed' }), `${kind} handler failures`).toBe(failedBefore[i]);
    }
    expect(fuzzer.connected).toBe(true);
    await waitFor(async () => (await sut.api('/health/ready')).status === 200, 'the core ready');
  });
});
