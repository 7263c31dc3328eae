/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, launchChromium } from './support/chromium';
import { type CoreProcess, freePort, makeDataDir, readDemoPassword, REPO_ROOT, startCoreProcess } from './support/core-process';

const chromiumPath = findChromium();
if (!chromiumPath) console.warn('[system] dispatch console test skipped: no chromium at /usr/bin/chromium or CHROMIUM_PATH');

// A dispatcher takes a call on the map and assigns the best ambulance; its crew's tablet rings,
// the crew accepts and reports en route; the dispatcher sees it. Real core, real Chromium.
describe.skipIf(!chromiumPath)('dispatch console with the crew tablet', () => {
  let core: CoreProcess;
  let password: string;
  let browser: BrowserContext;

  const login = async (page: Page, username: string) => {
    await page.goto(`${core.baseUrl}/login`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
  };

  beforeAll(async () => {
    core = await startCoreProcess(
      { dataDir: makeDataDir(), httpPort: await freePort(), pgPort: await freePort(), mqttPort: await freePort(), extra: { FEIJIU_SIMULATOR: 'off' } },
    );
    password = readDemoPassword(core.readyLine);
    browser = await launchChromium(chromiumPath!);
  });
  afterAll(async () => {
    await browser?.close();
    if (core && core.child.exitCode === null) await core.interrupt();
  });

  it('should take a call by clicking the map, assign the best ambulance, and see the crew accept and roll', async () => {
    const dispatcher = browser.pages()[0] ?? (await browser.newPage());
    await login(dispatcher, 'dispatcher');
    await dispatcher.waitForURL(/\/dispatch/);
    await dispatcher.getByTestId('dispatch-map').waitFor();
    await dispatcher.waitForSelector('[data-testid="live-status"][data-state="connected"]');

    // place the call on the map, a little south-east of the lead hospital
    await dispatcher.getByTestId('call-open').click();
    const lead = await dispatcher.locator('[data-facility-id="lead"]').boundingBox();
    expect(lead).not.toBeNull();
    await dispatcher.mouse.click(lead!.x + lead!.width / 2 + 70, lead!.y + lead!.height / 2 + 70);
    await dispatcher.getByTestId('call-complaint').fill('胸痛 crushing chest pain, man 62');
    await dispatcher.getByTestId('call-priority-critical').click();
    await dispatcher.getByTestId('call-phone').fill('13912345678');
    await dispatcher.getByTestId('call-patient-sex').selectOption('male');
    await dispatcher.getByTestId('call-patient-age').fill('62');
    await dispatcher.getByTestId('call-patient-name').fill('王建国');
    await dispatcher.getByTestId('call-submit').click();

    // ranked ambulances appear; the best one is assigned with one click
    const items = dispatcher.getByTestId('recommendation-item');
    await items.first().waitFor();
    expect(await items.count()).toBeGreaterThan(3);
    // the zh-CN console explains the ranking in Chinese, not in the server's English
    const why = (await items.first().locator('.recommend-reasons').textContent()) ?? '';
    expect(why).toMatch(/按道路预计 \d+ 分钟/);
    expect(why).not.toMatch(/by road|within/);
    const best = await items.first().getAttribute('data-vehicle-id');
    expect(best).toBeTruthy();

    const crewPage = await browser.newPage();
    await login(crewPage, `crew-${best}`);
    await crewPage.waitForURL(/\/crew/);
    await crewPage.waitForSelector('[data-testid="live-status"][data-state="connected"]');

    await dispatcher.getByTestId('assign-best').click();
    await dispatcher.waitForSelector('[data-testid="departure-clock"][data-state="running"]');

    // the crew tablet rings; the crew accepts and reports en route
    await crewPage.getByTestId('offer-card').waitFor({ timeout: 15_000 });
    await crewPage.getByTestId('offer-accept').click();
    await crewPage.getByTestId('crew-job').waitFor();
    // the tablet tells the crew who they are going to (sex, age), never the caller's number or the name
    expect(await crewPage.getByTestId('crew-job-patient').textContent()).toMatch(/62/);
    const tablet = (await crewPage.getByTestId('crew-job').textContent()) ?? '';
    expect(tablet).not.toContain('13912345678');
    expect(tablet).not.toContain('王建国');
    await crewPage.getByTestId('crew-status-en_route').click();

    // the dispatcher sees the ambulance rolling and the departure clock stop
    await dispatcher.waitForSelector(`.vehicle-marker.status-en_route[data-vehicle-id="${best}"]`, { timeout: 15_000 });
    await dispatcher.waitForSelector('[data-testid="departure-clock"][data-state="done"]', { timeout: 15_000 });

    mkdirSync(join(REPO_ROOT, 'test-results'), { recursive: true });
    await dispatcher.screenshot({ path: join(REPO_ROOT, 'test-results/dispatch-call.png') });
    await crewPage.screenshot({ path: join(REPO_ROOT, 'test-results/crew-tablet.png') });

    // signing out revokes the token on the server: a copy of it is refused from then on
    const stored = await crewPage.evaluate(() => sessionStorage.getItem('feijiu.session'));
    const token = (JSON.parse(stored!) as { accessToken: string }).accessToken;
    const me = (t: string) => fetch(`${core.baseUrl}/api/v1/auth/me`, { headers: { authorization: `Bearer ${t}` } });
    expect((await me(token)).status).toBe(200);
    await crewPage.getByTestId('logout').click();
    await crewPage.waitForURL(/\/login/);
    expect((await me(token)).status).toBe(401);
  });

  // Call taking with the keyboard alone: F2, the gazetteer by arrow keys, Tab through the form,
  // the priority by its digit, Enter to create, Enter again on the focused best ambulance.
  it('should take a call and assign the best ambulance with the keyboard alone', async () => {
    const page = await browser.newPage();
    await login(page, 'dispatcher');
    await page.waitForURL(/\/dispatch/);
    await page.getByTestId('dispatch-map').waitFor();
    await page.waitForSelector('[data-testid="live-status"][data-state="connected"]');
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);
    const api = async <T>(path: string): Promise<T> => {
      const stored = await page.evaluate(() => sessionStorage.getItem('feijiu.session'));
      const token = (JSON.parse(stored!) as { accessToken: string }).accessToken;
      const res = await fetch(`${core.baseUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      return (await res.json()) as T;
    };

    await page.keyboard.press('F2');
    await page.getByTestId('call-panel').waitFor();
    expect(await focused()).toBe('call-place-search');

    // the gazetteer answers with 杨村乡 highlighted first and its health centre below it
    await page.keyboard.type('杨村');
    await page.locator('[data-testid="call-place-option"].highlighted', { hasText: '杨村乡' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.locator('[data-testid="call-place-option"].highlighted', { hasText: '杨村乡卫生院' }).waitFor();
    await page.keyboard.press('ArrowUp');
    await page.locator('[data-testid="call-place-option"].highlighted .place-name', { hasText: /^杨村乡$/ }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('call-place-option').first().waitFor({ state: 'detached' });

    await page.keyboard.press('Tab');
    expect(await focused()).toBe('call-complaint');
    await page.keyboard.type('呼吸困难 short of breath, woman 71');
    await page.keyboard.press('Tab');
    expect(await focused()).toMatch(/^call-priority-/);
    await page.keyboard.press('1');
    await page.waitForSelector('[data-testid="call-priority-critical"][aria-checked="true"]');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('call-phone');
    await page.keyboard.type('13800001111');
    // caller name, patient sex, age and name are optional: Tab past them to the notes
    for (let i = 0; i < 8 && (await focused()) !== 'call-notes'; i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('call-notes');
    await page.keyboard.type('老人独居，门未锁');
    await page.keyboard.press('Enter');

    // the new incident is selected and the focus waits on its best ambulance: Enter sends it
    const panel = page.getByTestId('recommendation-panel');
    await panel.waitFor();
    const incidentId = await panel.getAttribute('data-incident-id');
    await page.waitForSelector('[data-testid="assign-best"]:focus');
    const best = await page.getByTestId('assign-best').getAttribute('data-vehicle-id');
    await page.keyboard.press('Enter');
    await page.waitForSelector(
      `[data-testid="recommendation-panel"][data-incident-id="${incidentId}"] [data-testid="departure-clock"][data-state="running"]`,
    );

    // the incident sits where the gazetteer puts 杨村乡, with the ambulance Enter chose
    const [place] = await api<{ name: string; lat: number; lon: number }[]>(`/places?q=${encodeURIComponent('杨村')}`);
    expect(place?.name).toBe('杨村乡');
    const incident = await api<{ location: { lat: number; lon: number }; priority: string; assignments: { vehicleId: string }[] }>(
      `/incidents/${incidentId}`,
    );
    expect(incident.location.lat).toBeCloseTo(place!.lat, 6);
    expect(incident.location.lon).toBeCloseTo(place!.lon, 6);
    expect(incident.priority).toBe('critical');
    expect(incident.assignments.map((a) => a.vehicleId)).toEqual([best]);

    // A fast typist: Enter before the gazetteer answers still picks its top match. Then the caller
    // reads out coordinates from the phone (outside the gazetteer): typed, they replace the village.
    await page.keyboard.press('F2');
    await page.getByTestId('call-panel').waitFor();
    await page.keyboard.type('罗田');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (document.activeElement as HTMLInputElement | null)?.value === '罗田村');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('30.1234，118.4321');
    await page.locator('[data-testid="call-place-option"][data-kind="coordinates"].highlighted', { hasText: '坐标' }).waitFor();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.type('跌倒 fall from a ladder');
    await page.keyboard.press('Tab');
    await page.keyboard.press('2');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('call-phone');
    await page.keyboard.press('Enter');
    await page.waitForSelector(`[data-testid="recommendation-panel"]:not([data-incident-id="${incidentId}"])`);
    const typedId = await panel.getAttribute('data-incident-id');
    const typed = await api<{ location: { lat: number; lon: number }; priority: string }>(`/incidents/${typedId}`);
    expect(typed.location).toEqual({ lat: 30.1234, lon: 118.4321 });
    expect(typed.priority).toBe('urgent');

    // The caller corrects the village after the form is filled in: the dispatcher goes back,
    // types it over and presses Enter before the gazetteer answers. The call waits for the new
    // village; it is never created at the old one's coordinates under the new name.
    await page.keyboard.press('F2');
    await page.getByTestId('call-panel').waitFor();
    await page.keyboard.type('杨村');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (document.activeElement as HTMLInputElement | null)?.value === '杨村乡');
    await page.keyboard.press('Tab');
    await page.keyboard.type('腹痛 abdominal pain');
    await page.keyboard.press('Tab');
    await page.keyboard.press('3');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('call-place-search');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('罗田');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (document.activeElement as HTMLInputElement | null)?.value === '罗田村');
    expect(await page.getByTestId('call-panel').isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`[data-testid="recommendation-panel"]:not([data-incident-id="${typedId}"])`);
    const retypedId = await panel.getAttribute('data-incident-id');
    const [village] = await api<{ name: string; lat: number; lon: number }[]>(`/places?q=${encodeURIComponent('罗田')}`);
    expect(village?.name).toBe('罗田村');
    const retyped = await api<{ location: { lat: number; lon: number }; address: string | null }>(`/incidents/${retypedId}`);
    expect(retyped.address).toBe('罗田村');
    expect(retyped.location.lat).toBeCloseTo(village!.lat, 6);
    expect(retyped.location.lon).toBeCloseTo(village!.lon, 6);
  });

  // A caller rings twice about the same patient: the dispatcher cancels the second call with a reason.
  it('should cancel a new call with a reason: it leaves the queue and the timeline shows 事件取消', async () => {
    const page = await browser.newPage();
    await login(page, 'dispatcher');
    await page.waitForURL(/\/dispatch/);
    await page.waitForSelector('[data-testid="live-status"][data-state="connected"]');
    const token = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('feijiu.session')!) as { accessToken: string }).accessToken);
    const api = (path: string, body?: unknown) =>
      fetch(`${core.baseUrl}/api/v1${path}`, {
        method: body ? 'POST' : 'GET',
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      }).then((r) => r.json() as Promise<Record<string, unknown>>);
    const call = await api('/incidents', { location: { lat: 30.0612, lon: 118.5801 }, complaint: '腹痛 abdominal pain (second call)', priority: 'non_urgent' });
    const row = page.locator(`[data-testid="incident-row"][data-incident-id="${String(call.id)}"]`);
    await row.click();

    await page.getByTestId('incident-cancel').click();
    const dialog = page.getByTestId('incident-end-dialog');
    await dialog.waitFor();
    // the keyboard alone: a digit picks the reason, Tab to the details, Enter confirms
    await page.keyboard.press('1');
    expect(await page.getByTestId('cancel-reason-duplicate_call').isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.type('同一患者第二次来电');
    await page.keyboard.press('Enter');

    await row.waitFor({ state: 'detached' });
    await page.waitForSelector(`[data-testid="incident-ended"][data-status="cancelled"][data-incident-id="${String(call.id)}"]`);
    const cancelled = page.locator('[data-testid="incident-timeline"] .timeline-item[data-node="incident_cancelled"]');
    await cancelled.waitFor();
    expect(await cancelled.textContent()).toContain('事件取消');
    expect(await page.getByTestId('incident-ended-reason').textContent()).toContain('重复来电：同一患者第二次来电');
    expect(await dialog.isVisible()).toBe(false);
    expect(await api(`/incidents/${String(call.id)}`)).toMatchObject({ status: 'cancelled' });
  });

  it('should switch the whole console between Chinese and English and keep the choice after a reload', async () => {
    const page = await browser.newPage();
    await login(page, 'dispatcher');
    await page.waitForURL(/\/dispatch/);
    const newCall = page.getByTestId('call-open');
    await newCall.waitFor();
    expect(await newCall.textContent()).toContain('新建事件');
    await page.getByTestId('locale-switch').click();
    await expect.poll(() => newCall.textContent()).toContain('New call');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.reload();
    await expect.poll(() => page.getByTestId('call-open').textContent()).toContain('New call');
    await page.getByTestId('locale-switch').click();
    await expect.poll(() => page.getByTestId('call-open').textContent()).toContain('新建事件');
  });
});
