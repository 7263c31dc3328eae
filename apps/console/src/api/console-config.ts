import type { ConsoleConfig } from '@feijiu/contracts';
import { shallowRef } from 'vue';
import { fetchConsoleConfig } from './console-api';

/** Loaded once before login; every surface reads it. */
export const consoleConfig = shallowRef<ConsoleConfig | null>(null);

let pending: Promise<ConsoleConfig> | null = null;

export function loadConsoleConfig(): Promise<ConsoleConfig> {
  pending ??= fetchConsoleConfig().then(
    (config) => (consoleConfig.value = config),
    (error: unknown) => {
      pending = null; // let the next caller retry
      throw error;
    },
  );
  return pending;
}
