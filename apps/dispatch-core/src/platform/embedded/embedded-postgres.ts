import { accessSync, constants, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadEmbeddedPostgres } from './load-embedded-postgres';

export interface EmbeddedPostgresHandle {
  readonly url: string;
  stop(): Promise<void>;
}

interface Logger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

const DB_NAME = 'feijiu';
const DB_USER = 'feijiu';
// Only reachable on 127.0.0.1 from this machine; the data dir itself is the secret.
const DB_PASSWORD = 'feijiu';

/**
 * Starts a real PostgreSQL from the npm-packaged binaries with data under `<dataDir>/pg`, kept
 * across restarts. As root, postgres runs as the OS user `postgres` (it refuses uid 0).
 */
export async function startEmbeddedPostgres(dataDir: string, port: number, log: Logger): Promise<EmbeddedPostgresHandle> {
  const databaseDir = join(dataDir, 'pg');
  mkdirSync(dataDir, { recursive: true });
  assertTraversableByPostgres(dataDir);
  await stopOrphan(databaseDir, log);

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: DB_USER,
    password: DB_PASSWORD,
    persistent: true,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: (message: unknown) => log.warn({ message: String(message) }, 'postgres'),
    initdbFlags: ['--locale=C', '--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=100'],
  });
  const fresh = !existsSync(join(databaseDir, 'PG_VERSION'));
  if (fresh) {
    log.info({ databaseDir }, 'initialising embedded PostgreSQL');
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (err) {
    // embedded-postgres rejects with `undefined` when the port is taken or the server cannot start
    throw new Error(`embedded PostgreSQL did not start on 127.0.0.1:${port} (${String(err)}); is the port in use? set EMBEDDED_PG_PORT`);
  }
  if (fresh) await pg.createDatabase(DB_NAME);
  return {
    url: embeddedPostgresUrl(port),
    stop: () => pg.stop(),
  };
}

export const embeddedPostgresUrl = (port: number): string => `postgres://${DB_USER}:${DB_PASSWORD}@127.0.0.1:${port}/${DB_NAME}`;

/** The port of the embedded PostgreSQL now running on `<dataDir>/pg` (a running core's), or null. */
export function runningEmbeddedPostgresPort(dataDir: string): number | null {
  const pidFile = join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  // postmaster.pid: pid, data dir, start time, port, …
  const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
  return Number(pid) && isAlive(Number(pid)) && Number(port) ? Number(port) : null;
}

/** Whether `<dataDir>/pg` holds an initialised embedded PostgreSQL. */
export const hasEmbeddedPostgres = (dataDir: string): boolean => existsSync(join(dataDir, 'pg', 'PG_VERSION'));

// A postgres left running by a killed (kill -9) run makes start() reject with `undefined`.
async function stopOrphan(databaseDir: string, log: Logger): Promise<void> {
  const pidFile = join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid || !isAlive(pid)) return;
  log.warn({ pid }, 'stopping a PostgreSQL left over from an earlier run');
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 150 && isAlive(pid); i++) await sleep(100);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// As root the server runs as `postgres`, which must be able to reach the data dir and binaries.
function assertTraversableByPostgres(dataDir: string): void {
  if (process.getuid?.() !== 0) return;
  for (let dir = dataDir; ; dir = dirname(dir)) {
    try {
      accessSync(dir, constants.F_OK);
    } catch {
      continue;
    }
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) {
      throw new Error(
        `embedded PostgreSQL runs as the OS user "postgres" when started as root, and it cannot enter ${dir} ` +
          `(mode ${(mode & 0o777).toString(8)}). Move the checkout to a world-traversable path or run: chmod o+x ${dir}`,
      );
    }
    if (dirname(dir) === dir) break;
  }
}

