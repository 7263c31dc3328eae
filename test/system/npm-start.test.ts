/// <reference lib="dom" />
import { VehicleListSchema, VehicleMovedEventSchema } from '@feijiu/contracts';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, launchChromium } from './support/chromium';
import {
  type CoreProcess,
  type CoreEnv,
  freePort,
  isProcessAlive,
  login,
  makeDataDir,
  readDemoPassword,
  REPO_ROOT,
  startCoreProcess,
} from './support/core-process';

// The system as a newcomer runs it: `npm start` (built core, embedded PostgreSQL, embedded broker,
// demo county, simulator, console), driven through HTTP, socket.io and a real Chromium.
describe('npm start', () => {
  let env: CoreEnv;
  let core: CoreProcess;
  let password: string;

  beforeAll(async () => {
    // Defaults except the demo's pace: calls every ~20 s and the county sped up 20×, so the minutes
    // a crew takes to roll, work a scene and hand over pass in seconds and an ambulance is nearly
    // always on the move somewhere (the core's own timers stay real).
    env = {
      dataDir: makeDataDir(),
      httpPort: await freePort(),
      pgPort: await freePort(),
      mqttPort: await freePort(),
      extra: { FEIJIU_SIM_SPEEDUP: '20', FEIJIU_SIM_CALL_INTERVAL_S: '20' },
      terminal: true, // Ctrl-C reaches the whole process group, PostgreSQL and the simulator too
    };
    core = await startCoreProcess(env);
    password = readDemoPassword(core.readyLine);
  });
  afterAll(async () => {
    if (core && core.child.exitCode === null) await core.interrupt();
  });

  it('should print one ready line with the console, API docs, broker and demo logins', () => {
    expect(core.readyLine).toContain(`${core.baseUrl}/`);
    expect(core.readyLine).toContain('/api/docs');
    expect(core.readyLine).toContain(`mqtt://127.0.0.1:${env.mqttPort}`);
    expect(core.readyLine).toMatch(/demo logins: dispatcher, crew, er, admin/);
    expect(core.output().split('\n').filter((l) => l.startsWith('Feijiu ready'))).toHaveLength(1);
  });

  it('should let the demo dispatcher log in with the generated password and see 39 ambulances', async () => {
    const token = await login(core.baseUrl, 'dispatcher', password);
    const res = await fetch(`${core.baseUrl}/api/v1/vehicles`, { headers: { authorization: `Bearer ${token}` } });
    expect(VehicleListSchema.parse(await res.json())).toHaveLength(39);
  });

  // the simulator's first call comes at once; its crew answers in 5–20 s (real time) and rolls
  // 30–150 simulated seconds later
  it('should stream simulated ambulances moving over socket.io', { timeout: 200_000 }, async () => {
    const token = await login(core.baseUrl, 'dispatcher', password);
    const socket = io(`${core.baseUrl}/live`, { auth: { token }, transports: ['websocket'] });
    try {
      const moving = await new Promise<unknown>((resolve, reject) => {
        let seen = 0;
        const timer = setTimeout(() => reject(new Error(`no ambulance moving among ${seen} vehicle.moved events in 180 s`)), 180_000);
        socket.on('vehicle.moved', (e: unknown) => {
          seen++;
          const parsed = VehicleMovedEventSchema.parse(e);
          if ((parsed.speedMps ?? 0) > 1) {
            clearTimeout(timer);
            resolve(parsed);
          }
        });
      });
      expect(VehicleMovedEventSchema.parse(moving).status).not.toBe('out_of_service');
    } finally {
      socket.close();
    }
  });

  const chromiumPath = findChromium();
  if (!chromiumPath) console.warn('[system] browser test skipped: no chromium at /usr/bin/chromium or CHROMIUM_PATH');

  it.skipIf(!chromiumPath)('should show the county map with all ambulances, moving, after a dispatcher logs in', { timeout: 180_000 }, async () => {
    const browser = await launchChromium(chromiumPath!);
    try {
      const page = browser.pages()[0] ?? (await browser.newPage());
      await page.goto(`${core.baseUrl}/dispatch`);
      await page.waitForURL(/\/login/);
      await page.getByTestId('login-username').fill('dispatcher');
      await page.getByTestId('login-password').fill(password);
      await page.getByTestId('login-submit').click();
      await page.waitForURL(/\/dispatch/);
      await page.getByTestId('dispatch-map').waitFor();
      await page.waitForFunction(() => document.querySelectorAll('.vehicle-marker').length === 39, undefined, { timeout: 20_000 });
      await expect.poll(() => page.getByTestId('vehicle-count').textContent()).toContain('39');
      await page.waitForSelector('[data-testid="live-status"][data-state="connected"]', { timeout: 20_000 });

      const positions = () =>
        page.$$eval('.vehicle-marker', (els) =>
          els.map((el) => `${el.getAttribute('data-vehicle-id')}@${(el.closest('.leaflet-marker-icon') as HTMLElement | null)?.style.transform}`),
        );
      const before = await positions();
      // a crew may stand still a while (on scene, or at the door while the geofence dwells)
      await expect.poll(async () => (await positions()).filter((p, i) => p !== before[i]).length, { timeout: 120_000 }).toBeGreaterThan(0);

      mkdirSync(join(REPO_ROOT, 'test-results'), { recursive: true });
      await page.screenshot({ path: join(REPO_ROOT, 'test-results/dispatch-map.png') });
    } finally {
      await browser.close();
    }
  });

  it('should stop everything, PostgreSQL included, on Ctrl-C and start warm with the same county', async () => {
    const pidFile = join(env.dataDir, 'pg', 'postmaster.pid');
    const pgPid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    expect(await core.interrupt()).toBe(0);
    expect(existsSync(pidFile)).toBe(false);
    expect(isProcessAlive(pgPid)).toBe(false);

    core = await startCoreProcess(env);
    expect(readDemoPassword(core.readyLine)).toBe(password); // kept in the data dir
    const token = await login(core.baseUrl, 'dispatcher', password);
    const res = await fetch(`${core.baseUrl}/api/v1/vehicles`, { headers: { authorization: `Bearer ${token}` } });
    expect(VehicleListSchema.parse(await res.json())).toHaveLength(39); // seeded once, not twice
  });

  it('should refuse a second core on the same data dir, leaving the first one running', async () => {
    const second = startCoreProcess({ ...env, httpPort: await freePort(), pgPort: await freePort(), mqttPort: await freePort() }, 30_000);
    await expect(second).rejects.toThrow(/another Feijiu core \(pid \d+\) is running/);
    const res = await fetch(`${core.baseUrl}/health/ready`);
    expect(res.status).toBe(200);
  });

  it('should recover from a kill -9 by stopping the orphaned PostgreSQL first', async () => {
    core.child.kill('SIGKILL');
    await new Promise((r) => core.child.once('exit', r));
    core = await startCoreProcess(env);
    const res = await fetch(`${core.baseUrl}/health/ready`);
    expect(res.status).toBe(200);
  });
});
