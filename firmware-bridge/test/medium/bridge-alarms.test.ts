import { frameMllp, writeHl7Alarm, writeHl7Vitals } from '@feijiu/monitor-protocols';
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

// Monitor alarms (IHE PCD-04, ORU^R40) and HL7 acknowledgements on real parts: a socat pty as
// the monitor's serial cable, the real parser and outbox, mqtt.js and an aedes broker. The
// bytes written back to the monitor are checked literally.

const VEHICLE = 'amb-07';
const PASSWORD = 'bridge-secret';
const T0 = new Date('2026-11-22T08:00:00.000Z');
const socatPresent = hasSocat();
if (!socatPresent) console.warn('SKIPPED bridge-alarms medium tests: socat is not installed (apt-get install -y socat)');

const FAST: BridgeDeps = { serialRetryInitialMs: 50, serialRetryMaxMs: 200, mqttReconnectPeriodMs: 100 };
const hrHigh = (controlId: string, phase: 'start' | 'end', at: Date) =>
  writeHl7Alarm({ controlId, time: at, alarmMdc: 196648, alarmName: 'MDC_EVT_HI', priority: 'PH', technical: false, phase, vital: { code: 'HR', value: 152 } });
// HL7 original acknowledgement mode: MSH-15 and MSH-16 empty
const originalMode = (message: string) => message.replace('|AL|NE|', '|||');

describe.skipIf(!socatPresent)('firmware-bridge: monitor alarms and HL7 acknowledgements', () => {
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
  const logger = pino({ level: 'silent' });
  const bridgeFor = (config: BridgeConfig): Bridge => later(startBridge(config, { ...FAST, logger }), (b) => b.stop({ hard: true }));
  const cable = async (name: string) => later(await startSocatPair(dir, name), (s) => s.stop());
  const device = async (pair: SocatPair) => later(await DeviceEnd.open(pair.devicePath), (d) => d.close());
  const subscriber = async () => later(await ContractSubscriber.connect(broker.url, VEHICLE), (s) => s.close());
  const monitorConnected = (bridge: Bridge) => bridge.stats().monitors.m1?.connected === true;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'feijiu-bridge-alarms-'));
    broker = new TestBroker({ vehicleId: VEHICLE, password: PASSWORD });
    await broker.start();
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should publish an ORU^R40 written into the serial port as the alarm topic and ACK it in original mode', async () => {
    const monitor = await cable('monitor');
    const sub = await subscriber();
    const bridge = bridgeFor(configFor(monitor));
    await waitFor('monitor port open', () => monitorConnected(bridge));
    const dev = await device(monitor);

    await dev.write(frameMllp(originalMode(hrHigh('al-1', 'start', T0))));
    await waitFor('the alarm on the broker', () => sub.alarms.length >= 1);
    expect(sub.alarms[0]).toEqual({
      seq: 1,
      ts: '2026-11-22T08:00:00.000Z',
      monitorId: 'm1',
      code: 196648,
      name: 'MDC_EVT_HI',
      priority: 'high',
      technical: false,
      state: 'active',
      phase: 'start',
      vital: { code: 'HR', value: 152, unit: '/min' },
    });
    // the whole reply, byte for byte: an MLLP block with the original's control id; IHE PCD-04
    // answers an alarm with ORA^R41^ORA_R41
    await waitFor('the ACK on the serial line', () => dev.receivedText.includes('\x1c\r'));
    expect(dev.receivedText).toMatch(/^\x0bMSH\|\^~\\&\|\|\|FEIJIU_SIM\|\|\d{14}(\.\d{1,4})?[+-]\d{4}\|\|ORA\^R41\^ORA_R41\|al-1\|P\|2\.6\|\|\|NE\|NE\rMSA\|AA\|al-1\r\x1c\r$/);

    await dev.write(frameMllp(originalMode(hrHigh('al-2', 'end', new Date(T0.getTime() + 30_000)))));
    await waitFor('the alarm ending', () => sub.alarms.length >= 2);
    expect(sub.alarms[1]).toMatchObject({ seq: 2, ts: '2026-11-22T08:00:30.000Z', state: 'inactive', phase: 'end' });
    await waitFor('the second ACK', () => dev.receivedText.includes('MSA|AA|al-2\r'));
    expect(bridge.stats().monitors.m1).toMatchObject({ alarms: 2, alarmsPublished: 2, acksWritten: 2 });
  });

  it('should publish an alarm the monitor sends again (its ACK lost) once, and answer both copies', async () => {
    const monitor = await cable('monitor');
    const sub = await subscriber();
    const bridge = bridgeFor(configFor(monitor));
    await waitFor('monitor port open', () => monitorConnected(bridge));
    const dev = await device(monitor);

    const alarm = frameMllp(originalMode(hrHigh('rt-1', 'start', T0)));
    await dev.write(alarm);
    await waitFor('the first ACK', () => dev.receivedText.includes('MSA|AA|rt-1\r'));
    await dev.write(alarm);
    await waitFor('the second ACK', () => dev.receivedText.split('MSA|AA|rt-1\r').length === 3);
    await dev.write(frameMllp(originalMode(hrHigh('rt-2', 'end', new Date(T0.getTime() + 30_000)))));
    await waitFor('the alarm ending on the broker', () => sub.alarms.some((a) => a.phase === 'end'));
    expect(sub.alarms.map((a) => [a.seq, a.phase])).toEqual([
      [1, 'start'],
      [2, 'end'],
    ]);
    expect(bridge.stats().monitors.m1).toMatchObject({ alarms: 2, alarmsPublished: 2, retransmissions: 1, acksWritten: 3 });
  });

  it('should keep an alarm raised while the broker is down and deliver it once when it is back', async () => {
    const monitor = await cable('monitor');
    const bridge = bridgeFor(configFor(monitor));
    await waitFor('monitor port open and broker connected', () => monitorConnected(bridge) && bridge.stats().mqtt.connected);
    const dev = await device(monitor);

    await broker.stop();
    await dev.write(frameMllp(hrHigh('out-1', 'start', T0)));
    // the monitor hears AA once the alarm is in the outbox, broker or not
    await waitFor('the ACK during the outage', () => dev.receivedText.includes('MSA|AA|out-1\r'));
    expect(bridge.stats().outbox.appended.alarm).toBe(1);

    broker.admitBridge = false;
    await broker.start();
    const sub = await subscriber();
    broker.admitBridge = true;
    await waitFor('the alarm delivered after the outage', () => sub.alarms.length >= 1 && bridge.stats().outbox.depth === 0);
    expect(dedupeBySeq(sub.alarms).map((a) => [a.seq, a.name, a.state])).toEqual([[1, 'MDC_EVT_HI', 'active']]);
  });

  it('should not write to a monitor configured with --ack-mode never, even when it asks', async () => {
    const monitor = await cable('monitor');
    const sub = await subscriber();
    const bridge = bridgeFor(configFor(monitor, ['--ack-mode', 'never']));
    await waitFor('monitor port open', () => monitorConnected(bridge));
    const dev = await device(monitor);

    await dev.write(frameMllp(writeHl7Vitals({ controlId: 'n1', time: T0, observations: [{ code: 'HR', value: 80 }] })));
    await dev.write(frameMllp(hrHigh('n2', 'start', T0)));
    await waitFor('vitals and alarm on the broker', () => sub.vitals.length >= 1 && sub.alarms.length >= 1);
    expect(dev.receivedText).toBe('');
    expect(bridge.stats().monitors.m1?.acksWritten).toBe(0);
  });
});
