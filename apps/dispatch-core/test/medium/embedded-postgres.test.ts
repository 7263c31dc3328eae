import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedPostgresHandle, startEmbeddedPostgres } from '../../src/platform/embedded/embedded-postgres';
import { freePort } from './support/core-harness';

// The embedded PostgreSQL of `npm start` keeps its password in the data dir. A data dir made
// before passwords were generated (fixed 'feijiu'), or one whose password change was cut off,
// must still start, and end with a generated password that works. A real server throughout.
describe('embedded PostgreSQL password across restarts', () => {
  const log = { info: () => undefined, warn: () => undefined };
  let root: string;
  let dataDir: string;
  let port: number;
  let server: EmbeddedPostgresHandle | null = null;
  const secret = (name = 'pg-password') => join(dataDir, 'secrets', name);
  const query = async (url: string, sql: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows as Array<Record<string, unknown>>;
    } finally {
      await client.end();
    }
  };
  const restart = async () => {
    await server?.stop();
    server = await startEmbeddedPostgres(dataDir, port, log);
    return server;
  };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'feijiu-embedded-pg-'));
    chmodSync(root, 0o755); // as root, postgres runs as `postgres` and must traverse it
    dataDir = join(root, 'data');
    port = await freePort();
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('should make a fresh cluster with a generated password kept in the data dir', async () => {
    const { url } = await restart();
    const password = readFileSync(secret(), 'utf8').trim();
    expect(password).toMatch(/^[\w-]{32}$/);
    expect(url).toContain(encodeURIComponent(password));
    expect(await query(url, 'select 1 as one')).toEqual([{ one: 1 }]);
    await expect(query(url.replace(encodeURIComponent(password), 'feijiu'), 'select 1')).rejects.toThrow(/password authentication failed/);
  });

  it('should replace the fixed password of an older data dir with a generated one', async () => {
    await query(server!.url, "ALTER ROLE feijiu PASSWORD 'feijiu'");
    unlinkSync(secret());
    const { url } = await restart();
    const password = readFileSync(secret(), 'utf8').trim();
    expect(password).not.toBe('feijiu');
    expect(await query(url, 'select 1 as one')).toEqual([{ one: 1 }]);
    expect(existsSync(secret('pg-password.next'))).toBe(false);
  });

  it('should start after a password change was cut off between ALTER ROLE and the file', async () => {
    const cutOff = 'cut-off-before-the-rename-0123456';
    writeFileSync(secret('pg-password.next'), `${cutOff}\n`);
    await query(server!.url, `ALTER ROLE feijiu PASSWORD '${cutOff}'`);
    const { url } = await restart();
    expect(readFileSync(secret(), 'utf8').trim()).toBe(cutOff);
    expect(existsSync(secret('pg-password.next'))).toBe(false);
    expect(await query(url, 'select 1 as one')).toEqual([{ one: 1 }]);
  });

  it('should say which file to restore when no known password works', async () => {
    await query(server!.url, "ALTER ROLE feijiu PASSWORD 'nobody-knows-this-one-0123456789'");
    await expect(restart()).rejects.toThrow(`refused the password in ${secret()}`);
    server = null; // it stopped the server it started
  });
});
