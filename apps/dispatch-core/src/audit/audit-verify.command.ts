import 'reflect-metadata';
import type { AuditVerification } from '@feijiu/contracts';
import { DataSource } from 'typeorm';
import type { DatabaseLocation } from '../platform/config/database-location';
import {
  embeddedPostgresUrl,
  hasEmbeddedPostgres,
  runningEmbeddedPostgresPort,
  startEmbeddedPostgres,
} from '../platform/embedded/embedded-postgres';
import { describeVerification } from './audit-chain';
import { AuditRepository } from './audit.repository';

// `npm run audit:verify` (entry: verify-cli.ts): walks the audit hash chain and says OK with the
// count, or names the first broken entry (exit 1). Database: DATABASE_URL, else the embedded one
// in FEIJIU_DATA_DIR (.data): the running core's server when there is one, else started for the
// check and stopped after.

export const EXIT_OK = 0;
export const EXIT_BROKEN = 1;
export const EXIT_ERROR = 2;

export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

export async function runAuditVerify(args: readonly string[], where: DatabaseLocation, io: CliOutput): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out('usage: npm run audit:verify [-- --json]   (DATABASE_URL, or the embedded database in FEIJIU_DATA_DIR, default .data)');
    return EXIT_OK;
  }
  let stopEmbedded: (() => Promise<void>) | null = null;
  try {
    let url: string;
    if (where.mode === 'external') {
      url = where.url;
    } else {
      if (!hasEmbeddedPostgres(where.dataDir)) {
        io.err(`no embedded database in ${where.dataDir}/pg: start the core once (npm start), or set DATABASE_URL`);
        return EXIT_ERROR;
      }
      const running = runningEmbeddedPostgresPort(where.dataDir);
      if (running) {
        url = embeddedPostgresUrl(where.dataDir, running);
      } else {
        const log = { info: () => undefined, warn: (o: object, m: string) => io.err(`${m} ${JSON.stringify(o)}`) };
        const pg = await startEmbeddedPostgres(where.dataDir, where.port, log);
        stopEmbedded = () => pg.stop();
        url = pg.url;
      }
    }
    const result = await verifyAt(url);
    io.out(args.includes('--json') ? JSON.stringify(result) : describeVerification(result));
    return result.ok ? EXIT_OK : EXIT_BROKEN;
  } catch (err) {
    io.err(`audit verification could not run: ${err instanceof Error ? err.message : String(err)}`);
    return EXIT_ERROR;
  } finally {
    await stopEmbedded?.();
  }
}

async function verifyAt(url: string): Promise<AuditVerification> {
  const dataSource = new DataSource({ type: 'postgres', url, entities: [], logging: false, extra: { max: 2, application_name: 'feijiu-audit-verify' } });
  await dataSource.initialize();
  try {
    return await new AuditRepository(dataSource).verifyChain();
  } finally {
    await dataSource.destroy();
  }
}
