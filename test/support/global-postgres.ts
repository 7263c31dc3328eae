import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEmbeddedPostgres, runsAsPostgresUser } from '../../apps/dispatch-core/src/platform/embedded/load-embedded-postgres';

// One real embedded PostgreSQL per medium-test run. As root, postgres runs as the OS user
// `postgres`, which must be able to traverse the temp dir (stack-notes.md #3).
export default async function setup(): Promise<() => Promise<void>> {
  const port = 55000 + Math.floor(Math.random() * 1000);
  const root = mkdtempSync(join(tmpdir(), 'feijiu-pg-'));
  chmodSync(root, 0o755);
  // without the library's exit hooks: they would turn a failing run's exit code into 0
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: join(root, 'data'),
    port,
    user: 'test',
    password: 'test',
    persistent: false,
    createPostgresUser: runsAsPostgresUser(),
    onLog: () => undefined,
    onError: () => undefined,
    initdbFlags: ['--locale=C', '--encoding=UTF8'],
    postgresFlags: ['-c', 'fsync=off', '-c', 'listen_addresses=127.0.0.1'],
  });
  await pg.initialise();
  await pg.start();
  await pg.createDatabase('feijiu_test');
  const url = `postgres://test:test@127.0.0.1:${port}/feijiu_test`;
  // inherited by the test workers
  process.env.TEST_DATABASE_URL = url;
  return async () => {
    await pg.stop();
    rmSync(root, { recursive: true, force: true });
  };
}

