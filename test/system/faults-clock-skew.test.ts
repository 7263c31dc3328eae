import type { VitalRow } from '@feijiu/contracts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasSocat, type SocatPair, startSocatPair } from '../../firmware-bridge/test/support/socat';
import { type CoreEnv, type CoreProcess, freePort, login, makeDataDir, readDemoPassword, startCoreProcess } from './support/core-process';
import { type BridgeProcess, Hl7Monitor, hrHistory, LiveRecorder, pollUntil, spawnBridge, telemetryStatus, waitFor } from './support/fault-rig';

// Fault 6 (issue 6 "Trust"): clocks that are wrong. One ambulance carries two monitors, one set
// two hours ahead, one ten minutes slow, streaming live through the bridge. The core stores every
// sample as stamped, once, in the monitor's order, flags them clock_skew, and does not take the
// slow clock for a slow link: once it has watched the live stream it stops flagging it late (the
// ER board draws late ECG as history and would not play it live). Stale detection runs on the
// core's clock and still works; the history (what the ER chart back-fills) includes samples
// stamped in the future.

const socatPresent = hasSocat();
if (!socatPresent) console.warn('[system] clock skew faults skipped: socat is not installed (apt-get install -y socat)');

const VEHICLE = 'lh-08';
const AHEAD_MS = 2 * 3600_000;
const BEHIND_MS = -10 * 60_000;
const STREAM_MS = 16_000; // longer than the core needs to recognise a slow clock (10 s of live stream)

describe.skipIf(!socatPresent)('monitor clocks two hours ahead and ten minutes behind', () => {
  let env: CoreEnv;
  let core: CoreProcess;
  let token: string;
  let live: LiveRecorder;
  const cables: SocatPair[] = [];
  const monitors: Record<'ahead' | 'behind', Hl7Monitor> = {} as never;
  let bridge: BridgeProcess;

  beforeAll(async () => {
    env = { dataDir: makeDataDir(), httpPort: await freePort(), pgPort: await freePort(), mqttPort: await freePort(), extra: { FEIJIU_SIMULATOR: 'off', FEIJIU_TELEMETRY_STALE_SEC: '3' } };
    core = await startCoreProcess(env);
    const password = readDemoPassword(core.readyLine);
    token = await login(core.baseUrl, 'dispatcher', password);
    live = await LiveRecorder.connect(core.baseUrl, token);
    const dir = mkdtempSync(join(tmpdir(), 'feijiu-fault-skew-'));
    for (const id of ['ahead', 'behind'] as const) cables.push(await startSocatPair(dir, id));
    bridge = spawnBridge({
      vehicle: VEHICLE,
      mqttUrl: `mqtt://127.0.0.1:${env.mqttPort}`,
      password,
      monitors: [
        { id: 'ahead', path: cables[0]!.bridgePath },
        { id: 'behind', path: cables[1]!.bridgePath },
      ],
      outboxDir: join(dir, 'outbox'),
    });
    await waitFor('both monitor ports open and the broker', () => bridge.output().split('serial port open').length > 2 && bridge.output().includes('MQTT connected'), 30_000);
    monitors.ahead = await Hl7Monitor.open(cables[0]!.devicePath);
    monitors.behind = await Hl7Monitor.open(cables[1]!.devicePath);
  });

  afterAll(async () => {
    live?.close();
    await bridge?.stop();
    for (const m of Object.values(monitors)) await m.close();
    for (const c of cables) await c.stop();
    if (core && core.child.exitCode === null) await core.interrupt();
  });

  it('should store skewed samples once and in order, flag them clock_skew, and not flag a slow clock late once it has seen it live', async () => {
    const written = { ahead: [] as string[], behind: [] as string[] };
    const startedMs = Date.now();
    for (let i = 0; Date.now() - startedMs < STREAM_MS; i++) {
      for (const [id, offsetMs] of [['ahead', AHEAD_MS], ['behind', BEHIND_MS]] as const) {
        const at = new Date(Date.now() + offsetMs);
        await monitors[id].vitals(at, 60 + (i % 90));
        written[id].push(at.toISOString());
        // one second of ECG, sent as it ends
        if (i % 4 === 3) await monitors[id].ecgSecond(new Date(at.getTime() - 1000));
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const total = written.ahead.length + written.behind.length;
    // no `until`: the history reaches samples stamped two hours ahead
    const rows = await pollUntil('every sample stored', () => hrHistory(core.baseUrl, token, VEHICLE, new Date(startedMs + BEHIND_MS - 60_000)), (r) => r.length >= total);
    const of = (id: string) => rows.filter((r) => r.monitorId === id);
    expect(of('ahead').map((r) => r.measuredAt)).toEqual(written.ahead);
    expect(of('behind').map((r) => r.measuredAt)).toEqual(written.behind);

    // two hours ahead is impossible for a live sample: clock_skew from the first one, never late
    expect(of('ahead').every((r) => r.flags.includes('clock_skew') && !r.flags.includes('late'))).toBe(true);

    // ten minutes slow looks like a late link at first; once the core has watched the stream
    // live it is clock_skew and no longer late, and stays so
    const behind = of('behind');
    const learnt = behind.findIndex((r) => r.flags.includes('clock_skew'));
    expect(learnt).toBeGreaterThan(0);
    const flagsOf = (r: VitalRow) => r.flags.filter((f) => f === 'late' || f === 'clock_skew');
    expect(behind.slice(0, learnt).map(flagsOf)).toEqual(behind.slice(0, learnt).map(() => ['late']));
    expect(behind.slice(learnt).map(flagsOf)).toEqual(behind.slice(learnt).map(() => ['clock_skew']));
    expect(behind.length - learnt).toBeGreaterThanOrEqual(8); // learnt while the stream was still live

    // the ER board plays ECG live unless it is flagged late: the last chunks of both clocks are live
    const lastEcg = (id: string) => live.waveforms.filter((w) => w.vehicleId === VEHICLE && w.monitorId === id).at(-1);
    await waitFor('the last ECG chunks on the socket', () => lastEcg('ahead') !== undefined && lastEcg('behind') !== undefined);
    expect(lastEcg('ahead')!.flags).toEqual(['clock_skew']);
    expect(lastEcg('behind')!.flags).toEqual(['clock_skew']);
    // streamed in the order measured, each once
    const seqs = live.vitals.filter((v) => v.vehicleId === VEHICLE).map((v) => v.seq);
    expect(seqs).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  });

  it('should still say a skewed stream went silent, by the core clock, and that it is back', async () => {
    const silent = await pollUntil('the stream marked silent', () => telemetryStatus(core.baseUrl, token, VEHICLE), (st) => st.stale);
    expect(silent.online).toBe(true);
    await monitors.ahead.vitals(new Date(Date.now() + AHEAD_MS), 77);
    await pollUntil('the stream live again', () => telemetryStatus(core.baseUrl, token, VEHICLE), (st) => !st.stale);
  });
});
