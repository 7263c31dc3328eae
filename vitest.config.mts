import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const lib = (name: string) => fileURLToPath(new URL(`./libs/${name}/src/index.ts`, import.meta.url));
const alias = {
  '@feijiu/contracts': lib('contracts'),
  '@feijiu/clinical': lib('clinical'),
  '@feijiu/geo': lib('geo'),
  '@feijiu/monitor-protocols': lib('monitor-protocols'),
};

// Three tiers (CONVENTIONS.md): small specs beside the code, medium tests against a real
// embedded PostgreSQL + MQTT broker, system tests that start the app the way `npm start` does.
export default defineConfig({
  resolve: { alias },
  test: {
    reporters: ['default', './test/support/count-reporter.mts'],
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'small',
          environment: 'node',
          include: ['apps/**/src/**/*.spec.ts', 'libs/**/src/**/*.spec.ts', 'firmware-bridge/src/**/*.spec.ts'],
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'medium',
          environment: 'node',
          include: ['apps/*/test/medium/**/*.test.ts', 'firmware-bridge/test/medium/**/*.test.ts'],
          globalSetup: ['test/support/global-postgres.ts'],
          testTimeout: 30_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'system',
          environment: 'node',
          include: ['test/system/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
