import 'reflect-metadata';
import { ConfigError, loadConfig } from './platform/config/app-config';
import { formatReadyLine, type RunningCore, startCore } from './platform/boot/start-core';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }

  let core: RunningCore;
  try {
    core = await startCore(config);
  } catch (err) {
    process.stderr.write(`Feijiu failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
  process.stdout.write(`${formatReadyLine(core)}\n`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      // a second Ctrl-C: the person wants out now; a PostgreSQL left behind is stopped at the next start
      process.stderr.write(`Feijiu forced to stop (${signal} again)\n`);
      process.exit(130);
    }
    stopping = true;
    process.stdout.write(`Feijiu stopping (${signal})…\n`);
    core
      .stop()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        process.stderr.write(`unclean stop: ${String(err)}\n`);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

void main();
