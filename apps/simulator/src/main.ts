import { DEMO_COUNTY } from '@feijiu/geo';
import pino, { type Logger } from 'pino';
import { describeBrokerUrl, loadSimulatorConfigFromProcess, type SimulatorConfig, SimulatorConfigError } from './config';
import { startCountySimulation } from './county-simulation';
import { type IncidentSimulation, startIncidentSimulation } from './dispatch/incident-simulation';
import { MONITOR_USAGE, MonitorCliError, type MonitorCliOptions, parseMonitorArgs } from './monitors/monitor-cli';
import { startSerialMonitor } from './monitors/serial-monitor';

// The county simulator as a program: `node dist/apps/simulator/src/main.js`. Started by the
// core in demo mode, or by hand with `npm run simulator`. Speaks only the public contract: MQTT
// as the gateways, and (with FEIJIU_API_URL) REST and socket.io as the demo dispatcher and crews.
// `main.js monitor --path <pty> --scenario <kind>` instead runs one monitor on a serial line.

function readConfig(): SimulatorConfig {
  try {
    return loadSimulatorConfigFromProcess(DEMO_COUNTY.vehicles.map((v) => v.id));
  } catch (err) {
    if (!(err instanceof SimulatorConfigError)) throw err;
    process.stderr.write(`simulator: bad configuration\n${err.issues.map((i) => `  ${i}\n`).join('')}`);
    process.exit(2);
  }
}

function runCounty(): void {
  const config = readConfig();
  const logger = pino({ level: config.logLevel, base: { service: 'simulator', pid: process.pid } });
  const incidentsOn = config.apiUrl !== null;
  const simulation = startCountySimulation({
    mqttUrl: config.mqttUrl,
    password: config.demoPassword,
    stateDir: config.stateDir,
    gpsIntervalMs: config.gpsIntervalMs,
    speedup: config.speedup,
    vehicleIds: config.vehicleIds,
    maxMonitors: config.maxMonitors,
    // with the core's API, vehicles move only for the incidents its dispatcher assigns
    autonomousCalls: !incidentsOn,
    logger,
  });
  let incidents: IncidentSimulation | null = null;
  if (config.apiUrl !== null) {
    incidents = startIncidentSimulation({
      apiUrl: config.apiUrl,
      password: config.demoPassword,
      county: DEMO_COUNTY,
      fleet: simulation,
      callIntervalS: config.callIntervalS,
      speedup: config.speedup,
      scriptedCalls: config.scriptedCalls,
      logger,
    });
  }
  logger.info(
    {
      vehicles: simulation.vehicleIds.length,
      broker: describeBrokerUrl(config.mqttUrl),
      api: config.apiUrl,
      gpsIntervalMs: config.gpsIntervalMs,
      speedup: config.speedup,
      stateDir: config.stateDir,
    },
    `simulator started: ${simulation.vehicleIds.length} vehicles of ${DEMO_COUNTY.name}` +
      (incidentsOn ? `, incidents every ~${config.callIntervalS} s` : ''),
  );

  // crews stop first (no more REST calls), then the gateways say offline and disconnect
  onShutdown(logger, async () => {
    await incidents?.stop();
    await simulation.stop();
  });
}

function runMonitor(argv: readonly string[]): void {
  let options: MonitorCliOptions;
  try {
    options = parseMonitorArgs(argv);
  } catch (err) {
    if (!(err instanceof MonitorCliError)) throw err;
    process.stderr.write(`simulator monitor: ${err.message}\n${MONITOR_USAGE}\n`);
    process.exit(2);
  }
  const logger = pino({ level: options.logLevel, base: { service: 'simulator-monitor', pid: process.pid } });
  const monitor = startSerialMonitor({
    path: options.path,
    scenario: options.scenario,
    demo: options.demo,
    deviceId: options.deviceId,
    stemiTerritory: options.territory,
    timeScale: options.speedup,
    logger,
  });
  onShutdown(logger, () => monitor.stop());
}

function onShutdown(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) {
      // a second signal means "now"
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'simulator stopping');
    stop().then(
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

const [command, ...rest] = process.argv.slice(2);
if (command === 'monitor') runMonitor(rest);
else if (command === undefined) runCounty();
else {
  process.stderr.write(`simulator: unknown command ${command}\nusage: main.js            run the county\n       ${MONITOR_USAGE}\n`);
  process.exit(2);
}
