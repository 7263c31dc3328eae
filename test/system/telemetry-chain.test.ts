import { VitalRowListSchema, VitalsSampledEventSchema } from '@feijiu/contracts';
import { frameMllp, writeHl7Vitals } from '@feijiu/monitor-protocols';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceEnd } from '../../firmware-bridge/test/support/device';
import { hasSocat, type SocatPair, startSocatPair } from '../../firmware-bridge/test/support/socat';
import { waitFor } from '../../firmware-bridge/test/support/wait';
import { hasMosquitto, type MosquittoHandle, startMosquitto } from '../support/mosquitto';
import { type CoreEnv, type CoreProcess, freePort, login, makeDataDir, readDemoPassword, REPO_ROOT, startCoreProcess } from './support/core-process';

const socatPresent = hasSocat();
if (!socatPresent) console.warn('[system] telemetry chain skipped: socat is not installed (apt-get install -y socat)');
const mosquittoPresent = hasMosquitto();
if (!mosquittoPresent) console.warn('[system] telemetry chain over Mosquitto skipped: mosquitto is not installed (.ci/run installs it)');

// The whole telemetry path as it runs in a county: a monitor writes HL7 into a serial port
// (socat pty), the gateway program reads it with serialport and publishes over MQTT, the core
// stores and streams it; then the core and its broker go down while the monitor keeps writing,
// and after the restart every sample is there exactly once, in order.
function describeChain(broker: 'embedded' | 'mosquitto', skip: boolean): void {
describe.skipIf(skip)(`monitor serial port → bridge → ${broker} broker → core → ER socket and history`, () => {
  const VEHICLE = 'lh-02';
  let env: CoreEnv;
  let core: CoreProcess;
  let password: string;
  let cable: SocatPair;
  let monitor: DeviceEnd;
  let bridge: ChildProcess;
  let bridgeOut = '';
  const seen: { hr: number; measuredAt: string }[] = [];
  let socket: Socket | null = null;
  let mosquitto: MosquittoHandle | null = null;

  const writeVitals = async (hr: number) => {
    const text = writeHl7Vitals({
      controlId: `hr${hr}`,
      time: new Date(),
      observations: [
        { code: 'HR', value: hr },
        { code: 'SPO2', value: 96 },
        { code: 'NIBP_SYS', value: 150 },
        { code: 'NIBP_DIA', value: 92 },
      ],
    });
    await monitor.write(frameMllp(text));
  };
  const connectSocket = async () => {
    const token = await login(core.baseUrl, 'dispatcher', password);
    socket = io(`${core.baseUrl}/live`, { auth: { token }, transports: ['websocket'] });
    socket.on('vitals.sampled', (e: unknown) => {
      const v = VitalsSampledEventSchema.parse(e);
      if (v.vehicleId !== VEHICLE) return;
      for (const o of v.obs) if (o.code === 'HR') seen.push({ hr: o.value, measuredAt: o.measuredAt });
    });
  };
  const history = async () => {
    const token = await login(core.baseUrl, 'dispatcher', password);
    const since = new Date(Date.now() - 3600_000).toISOString();
    const res = await fetch(`${core.baseUrl}/api/v1/vehicles/${VEHICLE}/vitals?since=${since}&code=HR`, { headers: { authorization: `Bearer ${token}` } });
    return VitalRowListSchema.parse(await res.json());
  };

  beforeAll(async () => {
    env = { dataDir: makeDataDir(), httpPort: await freePort(), pgPort: await freePort(), mqttPort: await freePort(), extra: { FEIJIU_SIMULATOR: 'off' } };
    if (broker === 'mosquitto') {
      // production shape: Mosquitto 2 with the deploy ACL, MQTT 5, the core on a shared subscription
      mosquitto = startMosquitto(env.mqttPort, { core: 'core-secret-chain', [VEHICLE]: 'lh-02-secret-chain' });
      env.extra = { ...env.extra, MQTT_URL: mosquitto.url, MQTT_USERNAME: 'core', MQTT_PASSWORD: 'core-secret-chain', MQTT_SHARED_GROUP: 'core' };
    }
    core = await startCoreProcess(env);
    password = readDemoPassword(core.readyLine);
    const gatewayPassword = broker === 'mosquitto' ? 'lh-02-secret-chain' : password;
    const dir = mkdtempSync(join(tmpdir(), 'feijiu-chain-'));
    cable = await startSocatPair(dir, 'monitor');
    monitor = await DeviceEnd.open(cable.devicePath);
    bridge = spawn(
      process.execPath,
      [join(REPO_ROOT, 'dist/firmware-bridge/src/main.js'), '--vehicle', VEHICLE, '--mqtt', `mqtt://127.0.0.1:${env.mqttPort}`, '--monitor', cable.bridgePath, '--protocol', 'hl7', '--outbox', join(dir, 'outbox'), '--mqtt-version', broker === 'mosquitto' ? '5' : '4'],
      { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', FEIJIU_BRIDGE_PASSWORD: gatewayPassword }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    bridge.stdout!.on('data', (d: Buffer) => (bridgeOut += d.toString()));
    bridge.stderr!.on('data', (d: Buffer) => (bridgeOut += d.toString()));
    await connectSocket();
    // a serial line keeps nothing for a port nobody has opened yet: start the monitor after the gateway
    await waitFor('the bridge to open the port and reach the broker', () => bridgeOut.includes('serial port open') && bridgeOut.includes('MQTT connected'), 30_000);
  });
  afterAll(async () => {
    socket?.close();
    bridge?.kill('SIGTERM');
    await monitor?.close();
    await cable?.stop();
    if (core && core.child.exitCode === null) await core.interrupt();
    await mosquitto?.stop();
  });

  it('should show the monitor values live on the socket and in the history', async () => {
    for (let hr = 70; hr < 75; hr++) {
      await writeVitals(hr);
      await new Promise((r) => setTimeout(r, 100));
    }
    await waitFor(`five HR samples on the socket (bridge said: ${bridgeOut.slice(-500)})`, () => seen.length >= 5, 30_000);
    expect(seen.map((s) => s.hr)).toEqual([70, 71, 72, 73, 74]);
    const rows = await history();
    expect(rows.map((r) => r.value)).toEqual([70, 71, 72, 73, 74]);
    expect(rows.every((r) => r.unit === '/min' && r.monitorId === 'm1')).toBe(true);
    // the monitor asked for an ACK (MSH-15 AL): the bridge answered on the serial line
    await waitFor('HL7 ACKs back on the serial line', () => monitor.receivedText.includes('MSA|AA|hr74'));
  });

  it('should deliver every sample written while the core was down, once and in order', async () => {
    socket?.close();
    expect(await core.interrupt()).toBe(0);
    for (let hr = 80; hr < 90; hr++) {
      await writeVitals(hr);
      await new Promise((r) => setTimeout(r, 150));
    }
    core = await startCoreProcess(env);
    let rows = await history();
    for (let i = 0; i < 100 && rows.length < 15; i++) {
      await new Promise((r) => setTimeout(r, 300));
      rows = await history();
    }
    const values = rows.map((r) => r.value);
    expect(values).toEqual([70, 71, 72, 73, 74, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89]);
    const times = rows.map((r) => Date.parse(r.measuredAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});
}

describeChain('embedded', !socatPresent);
describeChain('mosquitto', !socatPresent || !mosquittoPresent);
