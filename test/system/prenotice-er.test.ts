/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, launchChromium } from './support/chromium';
import { type CoreProcess, freePort, login, makeDataDir, readDemoPassword, REPO_ROOT, startCoreProcess } from './support/core-process';

const chromiumPath = findChromium();
if (!chromiumPath) console.warn('[system] pre-notice browser test skipped: no chromium at /usr/bin/chromium or CHROMIUM_PATH');

// The stroke team's view: a crew pre-notifies the lead hospital; the ER board alerts; the ER
// acknowledges, activating the stroke team and CT bypass; the crew's side sees it acknowledged.
describe.skipIf(!chromiumPath)('pre-notice on the ER board', () => {
  let core: CoreProcess;
  let password: string;
  let browser: BrowserContext;

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

  beforeAll(async () => {
    core = await startCoreProcess({
      dataDir: makeDataDir(),
      httpPort: await freePort(),
      pgPort: await freePort(),
      mqttPort: await freePort(),
      extra: { FEIJIU_SIMULATOR: 'off' },
    });
    password = readDemoPassword(core.readyLine);
    browser = await launchChromium(chromiumPath!);
  });
  afterAll(async () => {
    await browser?.close();
    if (core && core.child.exitCode === null) await core.interrupt();
  });

  it('should alert the stroke team and record the acknowledgement with team activation', async () => {
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(`${core.baseUrl}/login`);
    await page.getByTestId('login-username').fill('er');
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/er/);
    await page.getByTestId('er-hospital').waitFor();

    // the call, the crew, the assessment (RACE 6, last seen well 50 min ago) and the pre-notice
    const dispatcher = await login(core.baseUrl, 'dispatcher', password);
    const incident = await api<{ id: string }>('/api/v1/incidents', dispatcher, {
      location: { lat: 30.06, lon: 118.54 },
      complaint: '左侧肢体无力',
      priority: 'critical',
    });
    const assignment = await api<{ id: string }>(`/api/v1/incidents/${incident.id}/assignments`, dispatcher, { vehicleId: 'tcm-01' });
    const crew = await login(core.baseUrl, 'crew-tcm-01', password);
    await api(`/api/v1/assignments/${assignment.id}/accept`, crew, {});
    const ago = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
    await api(`/api/v1/incidents/${incident.id}/assessments`, crew, {
      assessedAt: ago(2),
      chiefComplaint: 'stroke_symptoms',
      ageYears: 58,
      lastKnownWellAt: ago(50),
      stroke: { race: { facialPalsy: 1, armMotor: 2, legMotor: 1, headGazeDeviation: 1, agnosia: 1 } },
    });
    const prenotice = await api<{ id: string }>(`/api/v1/incidents/${incident.id}/prenotice`, crew, { hospitalId: 'lead' });

    const banner = page.locator(`[data-testid="prenotice-banner"][data-prenotice-id="${prenotice.id}"]`);
    await banner.waitFor({ timeout: 15_000 });
    expect(await banner.getAttribute('data-state')).toBe('pending');
    mkdirSync(join(REPO_ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(REPO_ROOT, 'test-results/er-prenotice.png') });

    const stroke = banner.getByTestId('prenotice-team-stroke');
    if (!(await stroke.isChecked())) await stroke.check();
    await banner.getByTestId('prenotice-bypass-ct').click();
    await banner.getByTestId('prenotice-ack').click();
    await expect.poll(() => banner.getAttribute('data-state'), { timeout: 15_000 }).toBe('acknowledged');

    const stamps = await api<{ node: string; sourceDetail: string }[]>(`/api/v1/incidents/${incident.id}/timeline`, dispatcher);
    expect(stamps.find((s) => s.node === 'prenotice_acknowledged')?.sourceDetail).toContain('user:er');
    const open = await api<{ prenotice: { teamsActivated: string[]; bypassEd: string | null } }[]>('/api/v1/hospitals/lead/prenotices', dispatcher);
    expect(open[0]!.prenotice).toMatchObject({ teamsActivated: expect.arrayContaining(['stroke']), bypassEd: 'ct' });
    await page.screenshot({ path: join(REPO_ROOT, 'test-results/er-prenotice-acknowledged.png') });
  });
});
