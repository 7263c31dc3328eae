import { frameMllp, writeHl7Vitals } from '@feijiu/monitor-protocols';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeRecord } from '../../firmware-bridge/src/outbox/record';
import { TestBroker } from '../../firmware-bridge/test/support/broker';
import { DeviceEnd } from '../../firmware-bridge/test/support/device';
import { hasSocat, type SocatPair, startSocatPair } from '../../firmware-bridge/test/support/socat';
import { ContractSubscriber, dedupeBySeq } from '../../firmware-bridge/test/support/subscriber';
import { waitFor } from '../../firmware-bridge/test/support/wait';

// The bridge as systemd runs it: `node dist/firmware-bridge/src/main.js --config bridge.json`,
// password in the environment, a monitor on a socat pty. Killed with SIGKILL in the middle of a
// stream it loses nothing; stopped with SIGTERM it says goodbye and exits 0; a bad setting stops
// it with exit 2 and the key named.

const REPO_ROOT = resolve(__dirname, '../..');
const MAIN = join(REPO_ROOT, 'dist/firmware-bridge/src/main.js');
const VEHICLE = 'amb-07';
const PASSWORD = 'bridge-process-secret';
const T0 = new Date('2026-11-22T09:00:00.000Z');
const socatPresent = hasSocat();
if (!socatPresent) console.warn('SKIPPED bridge-process system tests: socat is not installed (apt-get install -y socat)');

interface BridgeProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

function spawnBridge(args: string[]): BridgeProcess {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build:server\` first`);
  const child = spawn(process.execPath, [MAIN, ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', FEIJIU_BRIDGE_PASSWORD: PASSWORD },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  return { child, output: () => out, exited };
}

/** Whole records in a topic's outbox segments, read without touching the files. */
function countOutboxRecords(outbox: string, topic: string): number {
  const dir = join(outbox, topic);
  if (!existsSync(dir)) return 0;
  let count = 0;
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.seg'))) {
    const bytes = readFileSync(join(dir, name));
    for (let pos = 0; ; ) {
      const decoded = decodeRecord(bytes, pos);
      if (decoded.kind !== 'record') break;
      count++;
      pos += decoded.bytes;
    }
  }
  return count;
}

const vitalsFrame = (n: number) =>
  frameMllp(writeHl7Vitals({ controlId: `p${n}`, time: new Date(T0.getTime() + n * 1000), observations: [{ code: 'HR', value: 60 + n }] }));

describe.skipIf(!socatPresent)('firmware-bridge process', () => {
  let dir: string;
  let broker: TestBroker;
  let monitor: SocatPair;
  const cleanups: Array<() => Promise<unknown>> = [];

  const writeConfig = (extra: Record<string, unknown> = {}) => {
    const file = join(dir, 'bridge.json');
    writeFileSync(
      file,
      JSON.stringify({ vehicle: VEHICLE, mqtt: broker.url, monitors: [{ id: 'front', path: monitor.bridgePath, baud: 115200, protocol: 'hl7' }], outbox: join(dir, 'outbox'), ...extra }),
    );
    return file;
  };
  const start = (args: string[]) => {
    const bridge = spawnBridge(args);
    cleanups.push(async () => {
      if (bridge.child.exitCode === null && bridge.child.signalCode === null) bridge.child.kill('SIGKILL');
      await bridge.exited;
    });
    return bridge;
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'feijiu-bridge-process-'));
    broker = new TestBroker({ vehicleId: VEHICLE, password: PASSWORD });
    await broker.start();
    monitor = await startSocatPair(dir, 'monitor');
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
    await monitor.stop();
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should lose no sample and reuse no seq when killed with SIGKILL mid-stream', async () => {
    broker.admitBridge = false; // the link is down for the whole first run
    const config = writeConfig({ logLevel: 'info' });
    const first = start(['--config', config]);
    await waitFor('the monitor port open', () => first.output().includes('serial port open'));
    const dev = await DeviceEnd.open(monitor.devicePath);
    cleanups.push(() => dev.close());
    for (let n = 1; n <= 10; n++) await dev.write(vitalsFrame(n));
    await waitFor('ten samples on disk', () => countOutboxRecords(join(dir, 'outbox'), 'vitals') === 10);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();

    const second = start(['--config', config]);
    await waitFor('the monitor port open again', () => second.output().includes('serial port open'));
    const sub = await ContractSubscriber.connect(broker.url, VEHICLE);
    cleanups.push(() => sub.close());
    broker.admitBridge = true;
    await dev.write(vitalsFrame(11));
    await waitFor('all eleven on the broker', () => new Set(sub.vitals.map((v) => v.seq)).size >= 11, 30_000);

    expect(dedupeBySeq(sub.vitals).map((v) => [v.seq, v.monitorId, v.obs[0]!.value])).toEqual(
      Array.from({ length: 11 }, (_, i) => [i + 1, 'front', 61 + i]),
    );
  });

  it('should publish offline state and exit 0 on SIGTERM', async () => {
    const sub = await ContractSubscriber.connect(broker.url, VEHICLE);
    cleanups.push(() => sub.close());
    const bridge = start(['--config', writeConfig()]);
    await waitFor('online state with the monitor', () => sub.lastState?.online === true && sub.lastState.monitors[0]?.connected === true);

    bridge.child.kill('SIGTERM');
    expect(await bridge.exited).toBe(0);
    await waitFor('offline state', () => sub.lastState?.online === false);
    expect(sub.lastState).toMatchObject({ online: false, monitors: [{ id: 'front', connected: false, protocol: 'hl7' }] });
  });

  it('should stop with exit 2 and name the bad key of a config file', async () => {
    const bridge = start(['--config', writeConfig({ outboxMaxMB: 64 })]);
    expect(await bridge.exited).toBe(2);
    expect(bridge.output()).toContain('outboxMaxMB: unknown setting');
  });
});
