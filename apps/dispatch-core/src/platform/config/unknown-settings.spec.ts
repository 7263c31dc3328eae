import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvSchema } from './config.schema';
import { editDistance, findUnknownSettings, OTHER_PROGRAMS_SETTINGS } from './unknown-settings';

const CORE_KEYS = Object.keys(EnvSchema.shape);

describe(findUnknownSettings.name, () => {
  it('should name a misspelled setting and the key it was meant to be', () => {
    expect(findUnknownSettings({ FEIJIU_SIMULATER: 'off' }, CORE_KEYS)).toEqual([
      'unknown setting FEIJIU_SIMULATER is ignored; did you mean FEIJIU_SIMULATOR?',
    ]);
    expect(findUnknownSettings({ FEIJIU_LOGLEVEL: 'debug', FEIJIU_DMEO: 'off' }, CORE_KEYS)).toEqual([
      'unknown setting FEIJIU_DMEO is ignored; did you mean FEIJIU_DEMO?',
      'unknown setting FEIJIU_LOGLEVEL is ignored; did you mean FEIJIU_LOG_LEVEL?',
    ]);
  });

  it('should not guess when no known key is close', () => {
    expect(findUnknownSettings({ FEIJIU_FOO: '1' }, CORE_KEYS)).toEqual(['unknown setting FEIJIU_FOO is ignored']);
  });

  it('should say when the nearest key belongs to another program', () => {
    expect(findUnknownSettings({ FEIJIU_SIM_SCRIPTS: 'stroke' }, CORE_KEYS)).toEqual([
      'unknown setting FEIJIU_SIM_SCRIPTS is ignored; did you mean FEIJIU_SIM_SCRIPT (read by the simulator)?',
    ]);
  });

  it('should stay quiet about the core’s own keys, other programs’ keys and variables without the prefix', () => {
    const env = {
      FEIJIU_PORT: '3000',
      FEIJIU_DEMO_PASSWORD: 'secret-secret',
      FEIJIU_SIM_SCRIPT: 'chest_pain',
      FEIJIU_SIM_VEHICLES: 'lh-01',
      FEIJIU_BRIDGE_PASSWORD: 's3cret',
      FEIJIU_DB_PASSWORD: 'db',
      DATABASE_URL: 'postgres://x',
      PATH: '/usr/bin',
      feijiu_port: '1',
    };
    expect(findUnknownSettings(env, CORE_KEYS)).toEqual([]);
  });

  it.each([
    ['the simulator', '../../../../simulator/src/config.ts'],
    ['the firmware bridge', '../../../../../firmware-bridge/src/config.ts'],
    ['docker compose', '../../../../../docker-compose.yml'],
    ['the compose env example', '../../../../../deploy/env.example'],
  ])('should know every FEIJIU_ key %s reads', (_, file) => {
    const text = readFileSync(join(__dirname, file), 'utf8');
    const keys = [...new Set(text.match(/FEIJIU_[A-Z0-9_]*[A-Z0-9]/g) ?? [])];
    expect(keys.length).toBeGreaterThan(0);
    const unknown = keys.filter((k) => !CORE_KEYS.includes(k) && !(k in OTHER_PROGRAMS_SETTINGS));
    expect(unknown).toEqual([]);
  });
});

describe(editDistance.name, () => {
  it.each([
    ['FEIJIU_DEMO', 'FEIJIU_DEMO', 0],
    ['FEIJIU_DMEO', 'FEIJIU_DEMO', 1], // neighbours swapped
    ['FEIJIU_SIMULATER', 'FEIJIU_SIMULATOR', 1],
    ['FEIJIU_LOGLEVEL', 'FEIJIU_LOG_LEVEL', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
  ])('should put %s and %s %i apart', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
});
