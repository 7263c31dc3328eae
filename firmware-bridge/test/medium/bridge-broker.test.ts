import { frameMllp, writeHl7Vitals, writeHl7Waveform, writeNmeaGga, writeNmeaRmc, writeNmeaVtg } from '@feijiu/monitor-protocols';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Bridge, type BridgeDeps, startBridge } from '../../src/bridge';
import { type BridgeConfig, loadBridgeConfig } from '../../src/config';
import { TestBroker } from '../support/broker';
import { DeviceEnd } from '../support/device';
import { hasSocat, type SocatPair, startSocatPair } from '../support/socat';
import { ContractSubscriber, dedupeBySeq } from '../support/subscriber';
import { waitFor } from '../support/wait';

// The bridge end to end on real parts: socat ptys as serial cables, serialport, the real
// parsers, the durable outbox on disk, mqtt.js, and an aedes broker that goes away and comes
// back. What is asserted is what the core would see on the wire.

const VEHICLE = 'amb-01';
const PASSWORD = 'bridge-secret';
const T0 = new Date('2026-11-22T08:00:00.000Z');
const socatPresent = hasSocat();
if (!socatPresent) console.warn('SKIPPED bridge-broker medium tests: socat is not installed (apt-get install -y socat)');

const FAST: BridgeDeps = { serialRetryInitialMs: 50, serialRetryMaxMs: 200, mqttReconnectPeriodMs: 100 };

const vitalsFrame = (n: number, hr: number) =>
  frameMllp(
    writeHl7Vitals({
      controlId: `v${n}`,
      time: new Date(T0.getTime() + n * 1000),
      observations: [
        { code: 'HR', value: hr },
        { code: 'SPO2', value: 97 },
      ],
    }),
  );

describe.skipIf(!socatPresent)('firmware-bridge with a broker and serial ports', () => {
  let dir: string;
  let broker: TestBroker;
  const cleanups: Array<() => Promise<unknown>> = [];
  const later = <T>(value: T, cleanup: (v: T) => Promise<unknown>): T => {
    cleanups.push(() => cleanup(value));
    return value;
  };

  const configFor = (monitor: SocatPair, extra: string[] = []): BridgeConfig => {
    const load = loadBridgeConfig({
      argv: ['--vehicle', VEHICLE, '--mqtt', broker.url, '--monitor', monitor.bridgePath, '--outbox', join(dir, 'outbox'), ...extra],
      env: { FEIJIU_BRIDGE_PASSWORD: PASSWORD },
    });
    if (load.kind !== 'config') throw new Error('expected a config');
    return load.config;
  };
  // raise to 'debug' to see the bridge's log while debugging a failure
  const logger = pino({ level: 'silent' });
  const bridgeFor = (config: BridgeConfig): Bridge => later(startBridge(config, { ...FAST, logger }), (b) => b.stop({ hard: true }));
  const cable = async (name: string) => later(await startSocatPair(dir, name), (s) => s.stop());
  const device = async (pair: SocatPair) => later(await DeviceEnd.open(pair.devicePath), (d) => d.close());
  const subscriber = async () => later(await ContractSubscriber.connect(broker.url, VEHICLE), (s) => s.close());
  const monitorConnected = (bridge: Bridge) => bridge.stats().monitors.m1?.connected === true;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'feijiu-bridge-'));
    broker = new TestBroker({ vehicleId: VEHICLE, password: PASSWORD });
    await broker.start();
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should publish exact vitals, waveforms and GPS read from the serial ports, and ACK the monitor', async () => {
    const monitor = await cable('monitor');
    const gpsCable = await cable('gps');
    const sub = await subscriber();
    const bridge = bridgeFor(configFor(monitor, ['--gps', gpsCable.bridgePath]));
    await waitFor('monitor and GPS ports open', () => monitorConnected(bridge) && bridge.stats().gps?.connected === true);
    const monitorDevice = await device(monitor);
    const gpsDevice = await device(gpsCable);

    // line noise first: counted, skipped, and the message after it still arrives
    await monitorDevice.write(Buffer.from('\x00\xff garbage \x13'));
    await monitorDevice.write(
      frameMllp(
        writeHl7Vitals({
          controlId: 'c-1',
          time: T0,
          nibpFamily: 'cuff',
          observations: [
            { code: 'HR', value: 78 },
            { code: 'SPO2', value: 97 },
            { code: 'NIBP_SYS', value: 128, time: new Date(T0.getTime() - 120_000) },
            { code: 'TEMP', value: 36.8 },
          ],
        }),
      ),
    );
    const ecg = Array.from({ length: 500 }, (_, i) => Math.round(200 * Math.sin(i / 20)));
    ecg[100] = 32767; // one invalid sample inside valid data
    const inverted = ecg.map((v) => (v === 32767 ? v : 0 - v));
    await monitorDevice.write(
      frameMllp(
        writeHl7Waveform({
          controlId: 'w-1',
          t0: T0,
          hz: 500,
          channels: [
            { lead: 'I', resolution: 0.001221, samples: ecg },
            { lead: 'II', resolution: 0.001221, samples: inverted },
          ],
        }),
      ),
    );
    const second = (s: number) => new Date(T0.getTime() + s * 1000);
    const fix = { lat: 29.868336, lon: 121.54399, speedMps: 12.5, headingDeg: 84.5 };
    await gpsDevice.write(
      writeNmeaRmc({ time: second(1), ...fix }) +
        writeNmeaVtg({ speedMps: 12.5, headingDeg: 84.5 }) +
        writeNmeaGga({ time: second(1), lat: fix.lat, lon: fix.lon, fixQuality: 1, satellites: 9, hdop: 0.9, altitudeM: 12 }) +
        writeNmeaRmc({ time: second(2), ...fix, valid: false }) +
        writeNmeaRmc({ time: second(3), ...fix }),
    );

    await waitFor('vitals, waveform and a GPS fix on the broker', () => sub.vitals.length >= 1 && sub.waveforms.length >= 1 && sub.gps.length >= 1);
    expect(sub.vitals[0]).toEqual({
      seq: 1,
      ts: '2026-11-22T08:00:00.000Z',
      monitorId: 'm1',
      obs: [
        // channel: the writer's OBX-4 (1.<row>.1.<MDC>)
        { code: 'HR', value: 78, unit: '/min', ts: '2026-11-22T08:00:00.000Z', channel: '1.1.1.147842' },
        { code: 'SPO2', value: 97, unit: '%', ts: '2026-11-22T08:00:00.000Z', channel: '1.2.1.150456' },
        { code: 'NIBP_SYS', value: 128, unit: 'mm[Hg]', ts: '2026-11-22T07:58:00.000Z', channel: '1.3.1.150301' },
        { code: 'TEMP', value: 36.8, unit: 'Cel', ts: '2026-11-22T08:00:00.000Z', channel: '1.4.1.150344' },
      ],
    });
    const wave = sub.waveforms[0]!;
    expect({ ...wave, data: '' }).toEqual({ seq: 1, t0: '2026-11-22T08:00:00.000Z', monitorId: 'm1', hz: 500, leads: ['I', 'II'], lsbUv: 1.221, data: '' });
    const bytes = Buffer.from(wave.data, 'base64');
    const samples = Array.from({ length: bytes.length / 2 }, (_, i) => bytes.readInt16LE(i * 2));
    expect(samples).toEqual([...ecg, ...inverted]);

    const gps = sub.gps[0]!;
    expect(gps).toMatchObject({ seq: 1, ts: '2026-11-22T08:00:01.000Z', fix: 'gps', hdop: 0.9 });
    expect(gps.lat).toBeCloseTo(fix.lat, 5);
    expect(gps.lon).toBeCloseTo(fix.lon, 5);
    expect(gps.speedMps).toBeCloseTo(12.5, 2);
    expect(gps.headingDeg).toBeCloseTo(84.5, 2);
    // second 2 was an invalid fix: not published; second 3 follows when the receiver goes quiet
    await waitFor('the last GPS second', () => sub.gps.length >= 2);
    expect(sub.gps.map((g) => [g.seq, g.ts])).toEqual([
      [1, '2026-11-22T08:00:01.000Z'],
      [2, '2026-11-22T08:00:03.000Z'],
    ]);
    expect(bridge.stats().gps?.invalidFixes).toBe(1);

    await waitFor('the HL7 ACKs back on the serial port', () => monitorDevice.receivedText.includes('MSA|AA|w-1'));
    expect(monitorDevice.receivedText).toContain('MSA|AA|c-1');
    expect(bridge.stats().monitors.m1?.parseErrors).toEqual({ HL7_NOT_HL7: 1 });
    await waitFor('a retained state naming the monitor', () => sub.lastState?.monitors[0]?.connected === true);
    expect(sub.lastState).toMatchObject({ online: true, monitors: [{ id: 'm1', connected: true, protocol: 'hl7' }] });
  });

  it('should read several monitors of one vehicle, one vitals seq for all, each sample under its monitorId', async () => {
    const front = await cable('front');
    const rear = await cable('rear');
    const sub = await subscriber();
    const bridge = bridgeFor(configFor(front, ['--monitor', `rear=${rear.bridgePath}`]));
    await waitFor('both monitor ports open', () => bridge.stats().monitors.m1?.connected === true && bridge.stats().monitors.rear?.connected === true);
    const frontDevice = await device(front);
    const rearDevice = await device(rear);

    await frontDevice.write(vitalsFrame(1, 71));
    await waitFor('the front sample', () => sub.vitals.length === 1);
    await rearDevice.write(vitalsFrame(2, 92));
    await waitFor('the rear sample', () => sub.vitals.length === 2);

    expect(sub.vitals.map((v) => [v.seq, v.monitorId, v.obs[0]!.value])).toEqual([
      [1, 'm1', 71],
      [2, 'rear', 92],
    ]);
    await waitFor('state with both monitors', () => sub.lastState?.monitors.length === 2 && sub.lastState.monitors.every((m) => m.connected));
    expect(sub.lastState?.monitors.map((m) => m.id)).toEqual(['m1', 'rear']);
  });

  it('should deliver every sample written during a broker outage exactly once and in order', async () => {
    const monitor = await cable('monitor');
    const before = await subscriber();
    const bridge = bridgeFor(configFor(monitor));
    await waitFor('monitor port open', () => monitorConnected(bridge));
    const dev = await device(monitor);
    for (let n = 1; n <= 5; n++) await dev.write(vitalsFrame(n, 60 + n));
    await waitFor('the first five on the broker', () => before.vitals.length === 5 && bridge.stats().outbox.depth === 0);

    await broker.stop();
    await before.close();
    const N = 20;
    for (let n = 6; n < 6 + N; n++) await dev.write(vitalsFrame(n, 60 + n));
    await waitFor('the outage samples in the outbox', () => bridge.stats().outbox.appended.vitals === 5 + N);
    expect(bridge.stats().mqtt.connected).toBe(false);

    // the broker comes back on the same port; the bridge is held off until the observer listens
    broker.admitBridge = false;
    await broker.start();
    const after = await subscriber();
    broker.admitBridge = true;
    await waitFor('the backlog delivered', () => new Set(after.vitals.map((v) => v.seq)).size >= N);
    for (let n = 6 + N; n < 6 + N + 3; n++) await dev.write(vitalsFrame(n, 60 + n));
    await waitFor('live samples after the backlog', () => new Set(after.vitals.map((v) => v.seq)).size >= N + 3);

    const delivered = dedupeBySeq([...before.vitals, ...after.vitals]);
    const seqs = delivered.map((v) => v.seq);
    expect(seqs).toEqual(Array.from({ length: 5 + N + 3 }, (_, i) => i + 1));
    expect(delivered.map((v) => v.obs[0]!.value)).toEqual(Array.from({ length: 5 + N + 3 }, (_, i) => 61 + i));
    expect(bridge.stats().outbox.depth).toBe(0);
  });

  it('should lose nothing and reuse no seq when the bridge dies without flushing', async () => {
    const monitor = await cable('monitor');
    broker.admitBridge = false; // the broker is unreachable for the whole first run
    const config = configFor(monitor);
    const first = startBridge(config, { ...FAST, logger });
    await waitFor('monitor port open', () => monitorConnected(first));
    const dev = await device(monitor);
    for (let n = 1; n <= 10; n++) await dev.write(vitalsFrame(n, 60 + n));
    await waitFor('ten samples in the outbox', () => first.stats().outbox.appended.vitals === 10);
    await first.stop({ hard: true }); // as kill -9: no fsync, no cursor save, no goodbye
    await dev.close();

    const second = bridgeFor(config);
    await waitFor('monitor port open again', () => monitorConnected(second));
    const sub = await subscriber();
    broker.admitBridge = true;
    const dev2 = await device(monitor);
    await dev2.write(vitalsFrame(11, 71));
    await waitFor('all eleven delivered', () => new Set(sub.vitals.map((v) => v.seq)).size >= 11);

    const delivered = dedupeBySeq(sub.vitals);
    expect(delivered.map((v) => [v.seq, v.obs[0]!.value])).toEqual(Array.from({ length: 11 }, (_, i) => [i + 1, 61 + i]));
  });

  it('should reconnect and keep reading when the monitor cable is pulled and plugged back', async () => {
    let monitor = await startSocatPair(dir, 'monitor');
    const sub = await subscriber();
    const bridge = bridgeFor(configFor(monitor));
    await waitFor('monitor port open', () => monitorConnected(bridge));
    let dev = await DeviceEnd.open(monitor.devicePath);
    await dev.write(vitalsFrame(1, 61));
    await waitFor('the first sample', () => sub.vitals.length === 1);

    await dev.close();
    await monitor.stop();
    await waitFor('state says the monitor is gone', () => sub.lastState?.monitors[0]?.connected === false);
    expect(sub.lastState?.online).toBe(true);

    monitor = await cable('monitor'); // same path, new pty behind it
    await waitFor('monitor port open again', () => monitorConnected(bridge) && bridge.stats().monitors.m1?.connections === 2);
    await waitFor('state says the monitor is back', () => sub.lastState?.monitors[0]?.connected === true);
    dev = await device(monitor);
    await dev.write(vitalsFrame(2, 62));
    await waitFor('the sample after the replug', () => sub.vitals.length === 2);
    expect(sub.vitals.map((v) => [v.seq, v.obs[0]!.value])).toEqual([
      [1, 61],
      [2, 62],
    ]);
  });

  it('should say goodbye on state and keep nothing pending after a clean stop', async () => {
    const monitor = await cable('monitor');
    const sub = await subscriber();
    const bridge = startBridge(configFor(monitor), { ...FAST, logger });
    await waitFor('online state', () => sub.lastState?.online === true && sub.lastState.monitors[0]?.connected === true);
    const dev = await device(monitor);
    await dev.write(vitalsFrame(1, 61));
    await waitFor('the sample', () => sub.vitals.length === 1);

    await bridge.stop();
    await waitFor('offline state', () => sub.lastState?.online === false);
    expect(sub.lastState).toMatchObject({ online: false, monitors: [{ id: 'm1', connected: false, protocol: 'hl7' }], outboxDepth: 0 });
  });
});
