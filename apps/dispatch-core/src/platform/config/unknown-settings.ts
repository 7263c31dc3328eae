// A misspelled setting (FEIJIU_SIMULATER=off) used to be ignored without a word; the core now
// names every FEIJIU_* variable it does not know, with the nearest known one.

const PREFIX = 'FEIJIU_';

/**
 * FEIJIU_* variables that other Feijiu programs read, so the core must not call them unknown
 * (a shell often exports them for all): the simulator (apps/simulator/src/config.ts), the
 * gateway bridge (firmware-bridge/src/config.ts) and docker compose (docker-compose.yml,
 * deploy/env.example). unknown-settings.spec.ts reads those files and fails on a key missing here.
 */
export const OTHER_PROGRAMS_SETTINGS: Readonly<Record<string, string>> = {
  FEIJIU_SIM_STATE_DIR: 'simulator',
  FEIJIU_SIM_GPS_INTERVAL_MS: 'simulator',
  FEIJIU_SIM_VEHICLES: 'simulator',
  FEIJIU_SIM_MAX_MONITORS: 'simulator',
  FEIJIU_SIM_SCRIPT: 'simulator',
  FEIJIU_API_URL: 'simulator',
  FEIJIU_BRIDGE_PASSWORD: 'firmware-bridge',
  FEIJIU_DB_PASSWORD: 'docker compose',
  FEIJIU_CORE_MQTT_PASSWORD: 'docker compose',
  FEIJIU_MQTT_HEALTHCHECK_PASSWORD: 'docker compose',
  FEIJIU_EMQX_DASHBOARD_PASSWORD: 'docker compose',
  FEIJIU_HTTP_PORT: 'docker compose',
  FEIJIU_MQTT_PORT: 'docker compose',
};

/** One warning line per FEIJIU_* variable in `env` that neither the core nor another Feijiu program reads. */
export function findUnknownSettings(env: Readonly<Record<string, string | undefined>>, coreKeys: readonly string[]): string[] {
  const known = [...coreKeys, ...Object.keys(OTHER_PROGRAMS_SETTINGS)];
  const knownSet = new Set(known);
  return Object.keys(env)
    .filter((key) => key.startsWith(PREFIX) && !knownSet.has(key))
    .sort()
    .map((key) => {
      const nearest = nearestKey(key, known);
      const hint = nearest ? `; did you mean ${nearest}${OTHER_PROGRAMS_SETTINGS[nearest] ? ` (read by the ${OTHER_PROGRAMS_SETTINGS[nearest]})` : ''}?` : '';
      return `unknown setting ${key} is ignored${hint}`;
    });
}

/** The known key closest to `key` by edit distance, when it is close enough to be a typo. */
export function nearestKey(key: string, known: readonly string[]): string | null {
  // a third of the part after FEIJIU_, at least 2: FEIJIU_FOO suggests nothing, FEIJIU_LOGLEVEL does
  const allowed = Math.max(2, Math.floor((key.length - PREFIX.length) / 3));
  let best: { key: string; distance: number } | null = null;
  for (const candidate of known) {
    const distance = editDistance(key, candidate);
    if (distance <= allowed && (!best || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key ?? null;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours cost 1. */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}
