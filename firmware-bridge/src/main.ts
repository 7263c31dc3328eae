// The in-vehicle gateway: serial ports → parser → normalised samples → durable outbox → MQTT.
// Exit codes: 0 clean stop (SIGINT/SIGTERM), 1 fatal error, 2 bad configuration.
import { pino } from 'pino';
import { type Bridge, startBridge } from './bridge';
import { USAGE } from './cli';
import { BridgeConfigError, loadBridgeConfigFromProcess } from './config';

function main(): void {
  let load: ReturnType<typeof loadBridgeConfigFromProcess>;
  try {
    load = loadBridgeConfigFromProcess(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof BridgeConfigError)) throw err;
    process.stderr.write(`${err.message}\n\nRun with --help for the settings.\n`);
    process.exitCode = 2;
    return;
  }
  if (load.kind === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const { config } = load;
  const logger = pino({ level: config.logLevel, base: { service: 'firmware-bridge', vehicleId: config.vehicleId } });

  let bridge: Bridge;
  try {
    bridge = startBridge(config, { logger });
  } catch (err) {
    logger.fatal({ err }, 'firmware-bridge could not start');
    process.exitCode = 1;
    return;
  }

  let signalled = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (signalled) {
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    signalled = true;
    logger.info({ signal }, 'stopping: closing ports, flushing the outbox');
    bridge.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'unclean stop');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  process.on('uncaughtException', (err) => {
    // systemd restarts the unit; the outbox on disk carries everything over
    logger.fatal({ err }, 'uncaught exception');
    process.exit(1);
  });
}

main();
