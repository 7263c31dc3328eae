import { chownSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CoreProcess, freePort, isProcessAlive, login, makeDataDir, readDemoPassword, startCoreProcess } from './support/core-process';

// `npm start` as a normal user: embedded PostgreSQL must neither try to create an OS user (only
// root may) nor run as anyone else. The suite usually runs as root, so the core is started as
// `nobody`; run as a normal user, the whole suite already proves it and this test says so.
const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;
if (!isRoot) console.warn('[system] npm-start-user: not root, so every system test already runs the core as a normal user');

describe.skipIf(!isRoot)('npm start as a normal user', () => {
  let core: CoreProcess | undefined;
  afterAll(async () => {
    if (core && core.child.exitCode === null) await core.interrupt();
  });

  it('should start on a fresh data dir, serve the county, and stop cleanly on Ctrl-C', async () => {
    const dataDir = makeDataDir();
    chownSync(dirname(dataDir), NOBODY, NOBODY);
    core = await startCoreProcess({
      dataDir,
      httpPort: await freePort(),
      pgPort: await freePort(),
      mqttPort: await freePort(),
      extra: { FEIJIU_SIMULATOR: 'off' },
      terminal: true,
      user: { uid: NOBODY, gid: NOBODY },
    });
    expect((await fetch(`${core.baseUrl}/health/ready`)).status).toBe(200);
    const token = await login(core.baseUrl, 'dispatcher', readDemoPassword(core.readyLine));
    const vehicles = await fetch(`${core.baseUrl}/api/v1/vehicles`, { headers: { authorization: `Bearer ${token}` } });
    expect(vehicles.status).toBe(200);

    const pidFile = join(dataDir, 'pg', 'postmaster.pid');
    const pgPid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    expect(readFileSync(`/proc/${pgPid}/status`, 'utf8')).toMatch(new RegExp(`^Uid:\\s+${NOBODY}\\b`, 'm'));
    expect(await core.interrupt()).toBe(0);
    expect(existsSync(pidFile)).toBe(false);
    expect(isProcessAlive(pgPid)).toBe(false);
  });
});
