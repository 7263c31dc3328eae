import { resolve } from 'node:path';
import { ConfigError } from './app-config';
import { EnvSchema } from './config.schema';

/** Where the database is, for operator tools that need only that (e.g. `npm run audit:verify`). */
export type DatabaseLocation = { readonly mode: 'external'; readonly url: string } | { readonly mode: 'embedded'; readonly dataDir: string; readonly port: number };

const DatabaseEnvSchema = EnvSchema.pick({ DATABASE_URL: true, FEIJIU_DATA_DIR: true, EMBEDDED_PG_PORT: true });

/** The same settings and rules as the core: DATABASE_URL, else the embedded server in FEIJIU_DATA_DIR. */
export function loadDatabaseLocation(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): DatabaseLocation {
  // empty strings mean "unset", as in loadConfig
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = DatabaseEnvSchema.safeParse(cleaned);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const e = parsed.data;
  return Object.freeze(
    e.DATABASE_URL ? { mode: 'external' as const, url: e.DATABASE_URL } : { mode: 'embedded' as const, dataDir: resolve(cwd, e.FEIJIU_DATA_DIR), port: e.EMBEDDED_PG_PORT },
  );
}
