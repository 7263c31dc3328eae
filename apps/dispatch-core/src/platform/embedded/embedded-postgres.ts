import { randomBytes } from 'node:crypto';
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { loadEmbeddedPostgres, runsAsPostgresUser } from './load-embedded-postgres';

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
// Data dirs made before the password was generated used this one; it is replaced at their next start.
const LEGACY_DB_PASSWORD = 'feijiu';
const PASSWORD_SECRET = 'pg-password';
const PENDING_SECRET = 'pg-password.next';
const STOP_GRACE_MS = 15_000;

/**
 * Starts a real PostgreSQL from the npm-packaged binaries with data under `<dataDir>/pg`, kept
 * across restarts, on 127.0.0.1 with a password generated into `<dataDir>/secrets`. As root,
 * postgres runs as the OS user `postgres` (it refuses uid 0).
 */
export async function startEmbeddedPostgres(dataDir: string, port: number, log: Logger): Promise<EmbeddedPostgresHandle> {
  const databaseDir = join(dataDir, 'pg');
  mkdirSync(dataDir, { recursive: true });
  assertTraversableByPostgres(dataDir);
  await stopOrphan(databaseDir, log);

  const fresh = !existsSync(join(databaseDir, 'PG_VERSION'));
  // a fresh cluster is made with the stored password (one is generated first when there is none)
  if (fresh && storedPassword(dataDir) === null) writeSecretDurably(dataDir, PASSWORD_SECRET, generatePassword());
  const password = storedPassword(dataDir) ?? LEGACY_DB_PASSWORD;
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: DB_USER,
    password,
    persistent: true,
    createPostgresUser: runsAsPostgresUser(),
    onLog: () => undefined,
    onError: (message: unknown) => log.warn({ message: String(message) }, 'postgres'),
    initdbFlags: ['--locale=C', '--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=100'],
  });
  if (fresh) {
    log.info({ databaseDir }, 'initialising embedded PostgreSQL');
    await server.initialise();
  }
  try {
    await server.start();
  } catch (err) {
    // embedded-postgres rejects with `undefined` when the port is taken or the server cannot start
    throw new Error(`embedded PostgreSQL did not start on 127.0.0.1:${port} (${String(err)}); is the port in use? set EMBEDDED_PG_PORT`);
  }
  const stop = () => stopServerOf(databaseDir);
  try {
    if (fresh) await server.createDatabase(DB_NAME);
    else await settlePassword(dataDir, port, log);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: embeddedPostgresUrl(dataDir, port), stop };
}

/** The URL of the embedded database of `dataDir` on `port`, with its stored password. */
export const embeddedPostgresUrl = (dataDir: string, port: number): string => urlWith(storedPassword(dataDir) ?? LEGACY_DB_PASSWORD, port);

const urlWith = (password: string, port: number) => `postgres://${DB_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DB_NAME}`;

function storedPassword(dataDir: string, name = PASSWORD_SECRET): string | null {
  const file = join(dataDir, 'secrets', name);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() || null : null;
}

const generatePassword = (): string => randomBytes(24).toString('base64url');

/**
 * Finds which password the server takes (the stored one, one a change was interrupted after
 * writing, or the fixed one of data dirs made before passwords were generated) and leaves the
 * data dir holding it. A fixed one is replaced: the new password is written (fsynced) as
 * `pg-password.next` before ALTER ROLE and only then moved into place, so a crash at any point
 * leaves a password that works.
 */
async function settlePassword(dataDir: string, port: number, log: Logger): Promise<void> {
  const stored = storedPassword(dataDir);
  const pending = storedPassword(dataDir, PENDING_SECRET);
  let works: string | null = null;
  for (const candidate of [stored, pending, LEGACY_DB_PASSWORD]) {
    if (candidate && (await authenticates(candidate, port))) {
      works = candidate;
      break;
    }
  }
  if (works === null) {
    throw new Error(
      `embedded PostgreSQL refused the password in ${join(dataDir, 'secrets', PASSWORD_SECRET)}: restore that file from the data dir's backup`,
    );
  }
  if (works === LEGACY_DB_PASSWORD && works !== stored) {
    const next = pending ?? generatePassword();
    writeSecretDurably(dataDir, PENDING_SECRET, next);
    await withClient(LEGACY_DB_PASSWORD, port, (client) => client.query(`ALTER ROLE ${DB_USER} PASSWORD '${next}'`)); // base64url: safe in a literal
    works = next;
    log.info({}, 'embedded PostgreSQL password generated into the data dir (it was the fixed default)');
  }
  if (works !== stored) writeSecretDurably(dataDir, PASSWORD_SECRET, works);
  rmSync(join(dataDir, 'secrets', PENDING_SECRET), { force: true });
}

async function authenticates(password: string, port: number): Promise<boolean> {
  try {
    await withClient(password, port, () => Promise.resolve());
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === '28P01') return false; // invalid_password
    throw err;
  }
}

async function withClient(password: string, port: number, use: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: urlWith(password, port) });
  await client.connect();
  try {
    await use(client);
  } finally {
    await client.end();
  }
}

/** Writes `<dataDir>/secrets/<name>` (0600) so that a crash leaves the old content or the new, never a torn or empty file. */
function writeSecretDurably(dataDir: string, name: string, value: string): void {
  const dir = join(dataDir, 'secrets');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, name);
  const temporary = `${file}.tmp`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, `${value}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
  const dirFd = openSync(dir, 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
}

/** The port of the embedded PostgreSQL now running on `<dataDir>/pg` (a running core's), or null. */
export function runningEmbeddedPostgresPort(dataDir: string): number | null {
  const server = runningServer(join(dataDir, 'pg'));
  return server?.port ?? null;
}

/** Whether `<dataDir>/pg` holds an initialised embedded PostgreSQL. */
export const hasEmbeddedPostgres = (dataDir: string): boolean => existsSync(join(dataDir, 'pg', 'PG_VERSION'));

/**
 * The postmaster of `databaseDir` from its `postmaster.pid` (pid, data dir, start time, port, …),
 * when that pid is alive and really is a postgres serving this data dir: after a reboot the pid
 * may belong to anything else, and as root a signal to it would always land.
 */
function runningServer(databaseDir: string): { pid: number; port: number } | null {
  const pidFile = join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const [pidText, dirText, , portText] = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return null;
  const cmdline = commandLineOf(pid);
  if (cmdline !== null && !(cmdline.includes('postgres') && cmdline.includes(dirText?.trim() || databaseDir))) return null;
  return { pid, port: Number(portText) || 0 };
}

function commandLineOf(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return null; // no /proc (not Linux), or the process just ended
  }
}

// Stops the server of `databaseDir` by its pid: SIGINT (fast shutdown), SIGKILL after a grace.
// Returns at once when it is already gone: a Ctrl-C in a terminal signals the whole process
// group, postgres included, and the library's stop() then waits for an exit that already happened.
async function stopServerOf(databaseDir: string): Promise<void> {
  const server = runningServer(databaseDir);
  if (!server) return;
  signal(server.pid, 'SIGINT');
  for (const until = Date.now() + STOP_GRACE_MS; isAlive(server.pid) && Date.now() < until; ) await sleep(50);
  if (isAlive(server.pid)) signal(server.pid, 'SIGKILL');
}

// A postgres left running by a killed (kill -9) run makes start() reject with `undefined`.
async function stopOrphan(databaseDir: string, log: Logger): Promise<void> {
  const server = runningServer(databaseDir);
  if (!server) return;
  log.warn({ pid: server.pid }, 'stopping a PostgreSQL left over from an earlier run');
  await stopServerOf(databaseDir);
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // ended meanwhile
  }
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

