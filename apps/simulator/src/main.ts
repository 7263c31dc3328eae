import { DEMO_COUNTY } from '@feijiu/geo';
import pino from 'pino';
import { describeBrokerUrl, loadSimulatorConfigFromProcess, type SimulatorConfig, SimulatorConfigError } from './config';
import { startCountySimulation } from './county-simulation';

// The county simulator as a program: `node dist/apps/simulator/src/main.js`. Started by the
// core in demo mode, or by hand with `npm run simulator`. Speaks only MQTT, as the gateways.

function readConfig(): SimulatorConfig {
  try {
    return loadSimulatorConfigFromProcess(DEMO_COUNTY.vehicles.map((v) => v.id));
  } catch (err) {
    if (!(err instanceof SimulatorConfigError)) throw err;
    process.stderr.write(`simulator: bad configuration\n${err.issues.map((i) => `  ${i}\n`).join('')}`);
    process.exit(2);
  }
}

function main(): void {
  const config = readConfig();
  const logger = pino({ level: config.logLevel, base: { service: 'simulator', pid: process.pid } });
  const simulation = startCountySimulation({
    mqttUrl: config.mqttUrl,
    password: config.demoPassword,
    stateDir: config.stateDir,
    gpsIntervalMs: config.gpsIntervalMs,
    speedup: config.speedup,
    vehicleIds: config.vehicleIds,
    logger,
  });
  logger.info(
    {
      vehicles: simulation.vehicleIds.length,
      broker: describeBrokerUrl(config.mqttUrl),
      gpsIntervalMs: config.gpsIntervalMs,
      speedup: config.speedup,
      stateDir: config.stateDir,
    },
    `simulator started: ${simulation.vehicleIds.length} vehicles of ${DEMO_COUNTY.name}`,
  );

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) {
      // a second signal means "now"
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'simulator stopping');
    simulation.stop().then(
      () => {
        logger.info('simulator stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'simulator did not stop cleanly');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  // forked by the core: if the core goes away without stopping us, do not live on as an orphan
  if (process.connected) process.once('disconnect', () => shutdown('SIGTERM'));
}

main();
