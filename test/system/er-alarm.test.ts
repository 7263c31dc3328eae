/// <reference lib="dom" />
import { type AlarmMessage, buildVehicleTopic } from '@feijiu/contracts';
import { DEMO_COUNTY } from '@feijiu/geo';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, launchChromium } from './support/chromium';
import { type CoreProcess, freePort, login, makeDataDir, readDemoPassword, REPO_ROOT, startCoreProcess } from './support/core-process';

const chromiumPath = findChromium();
if (!chromiumPath) console.warn('[system] ER alarm browser test skipped: no chromium at /usr/bin/chromium or CHROMIUM_PATH');

const VEHICLE = 'lh-04';

// The ER clinician's view of a monitor alarm: a crew takes its patient to the lead hospital; the
// monitor in the ambulance raises SpO2 low, which its gateway publishes on the `alarm` topic;
// the ER card shows the red banner with the alarm in words and the value, until the monitor
// reports the alarm over.
describe.skipIf(!chromiumPath)('monitor alarm on the ER board', () => {
  let core: CoreProcess;
  let mqttPort: number;
  let password: string;
  let browser: BrowserContext;
  let gateway: MqttClient | null = null;

  const api = async <T>(path: string, token: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${core.baseUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as T;
    if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };

  const loginAsEr = async (): Promise<Page> => {
    const page = browser.pages()[0] ?? (await browser.newPage());
    // the high-priority banner flashes; without motion it stays on its red
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(`${core.baseUrl}/login`);
    await page.getByTestId('login-username').fill('er');
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/er/);
    await page.getByTestId('er-hospital').waitFor();
    return page;
  };

  /** The call, the crew on its way with the patient to the lead hospital, all through the public API. */
  const transportToLead = async (): Promise<string> => {
    const lead = DEMO_COUNTY.facilities.find((f) => f.id === 'lead')!;
    const dispatcher = await login(core.baseUrl, 'dispatcher', password);
    const incident = await api<{ id: string }>('/api/v1/incidents', dispatcher, {
      location: { lat: lead.lat + 0.02, lon: lead.lon + 0.01 },
      complaint: '车祸外伤，出血',
      priority: 'critical',
    });
    const assignment = await api<{ id: string }>(`/api/v1/incidents/${incident.id}/assignments`, dispatcher, { vehicleId: VEHICLE });
    const crew = await login(core.baseUrl, `crew-${VEHICLE}`, password);
    await api(`/api/v1/assignments/${assignment.id}/accept`, crew, {});
    for (const status of ['en_route', 'on_scene', 'transporting']) await api(`/api/v1/vehicles/${VEHICLE}/status`, crew, { status });
    await api(`/api/v1/incidents/${incident.id}/destination`, crew, { hospitalId: 'lead' });
    return incident.id;
  };

  beforeAll(async () => {
    mqttPort = await freePort();
    core = await startCoreProcess({
      dataDir: makeDataDir(),
      httpPort: await freePort(),
      pgPort: await freePort(),
      mqttPort,
      extra: { FEIJIU_SIMULATOR: 'off' },
    });
    password = readDemoPassword(core.readyLine);
    browser = await launchChromium(chromiumPath!);
  });
  afterAll(async () => {
    await gateway?.endAsync(true).catch(() => undefined);
    await browser?.close();
    if (core && core.child.exitCode === null) await core.interrupt();
  });

  it('should show the red banner with the alarm and its value on the inbound card, and take it away when the alarm ends', async () => {
    const page = await loginAsEr();
    const incidentId = await transportToLead();
    const card = page.locator(`[data-testid="er-card"][data-vehicle-id="${VEHICLE}"]`);
    await card.waitFor({ timeout: 15_000 });
    expect(await card.getAttribute('data-incident-id')).toBe(incidentId);

    // the ambulance's gateway: logs in as its vehicle with the demo password
    gateway = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, {
      username: VEHICLE,
      password,
      protocolVersion: 4,
      reconnectPeriod: 0,
    });
    const startedAt = new Date();
    const raised: AlarmMessage = {
      seq: 1,
      ts: startedAt.toISOString(),
      monitorId: `${VEHICLE}-mon`,
      code: 196670,
      name: 'MDC_EVT_LO',
      text: 'SpO2 < 90',
      priority: 'high',
      technical: false,
      state: 'active',
      phase: 'start',
      vital: { code: 'SPO2', value: 86, unit: '%' },
      flags: ['demo'],
    };
    await gateway.publishAsync(buildVehicleTopic(VEHICLE, 'alarm'), JSON.stringify(raised), { qos: 1 });

    const alarm = card.getByTestId('er-alarm');
    await alarm.waitFor({ timeout: 15_000 });
    expect(await alarm.count()).toBe(1);
    expect(await alarm.getAttribute('data-tone')).toBe('high');
    expect(await alarm.getAttribute('data-demo')).toBe('true');
    const text = await alarm.innerText();
    expect(text).toContain('高级报警');
    expect(text).toContain('血氧饱和度过低');
    expect(text).toContain('86 %');
    expect(await card.getByTestId('er-alarm-demo').count()).toBe(1);
    expect(await alarm.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(220, 38, 38)');
    mkdirSync(join(REPO_ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(REPO_ROOT, 'test-results/er-alarm.png') });

    const ended: AlarmMessage = {
      ...raised,
      seq: 2,
      ts: new Date(Math.max(Date.now(), startedAt.getTime() + 1)).toISOString(),
      state: 'inactive',
      phase: 'end',
      vital: { code: 'SPO2', value: 93, unit: '%' },
    };
    await gateway.publishAsync(buildVehicleTopic(VEHICLE, 'alarm'), JSON.stringify(ended), { qos: 1 });
    await card.getByTestId('er-alarms').waitFor({ state: 'detached', timeout: 15_000 });
    expect(await card.getByTestId('er-alarm').count()).toBe(0);
  });
});
