import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';

interface Logger {
  log(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface SimulatorOptions {
  mqttUrl: string;
  apiUrl: string;
  demoPassword: string;
  stateDir: string;
  logLevel: string;
  callIntervalSec: number;
  speedup: number;
}

// Built next to the core: dist/apps/simulator/src/main.js
const SIMULATOR_MAIN = join(__dirname, '../../../simulator/src/main.js');

/**
 * Runs the county simulator as a child process that speaks only the public contract (MQTT as
 * the demo gateways), restarting it if it dies.
 */
export class SimulatorProcess {
  private child: ChildProcess | null = null;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly options: SimulatorOptions,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.stopping = false;
    const child = fork(SIMULATOR_MAIN, [], {
      env: {
        MQTT_URL: this.options.mqttUrl,
        FEIJIU_API_URL: this.options.apiUrl,
        FEIJIU_DEMO_PASSWORD: this.options.demoPassword,
        FEIJIU_SIM_STATE_DIR: this.options.stateDir,
        FEIJIU_LOG_LEVEL: this.options.logLevel,
        FEIJIU_SIM_CALL_INTERVAL_S: String(this.options.callIntervalSec),
        FEIJIU_SIM_SPEEDUP: String(this.options.speedup),
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      // its own process group: a terminal's Ctrl-C reaches the core, which stops it in order with
      // one SIGTERM (a second signal would make it exit at once, its state unsaved); it still ends
      // itself when the core's IPC channel closes
      detached: true,
    });
    this.child = child;
    child.on('exit', (code, signal) => {
      this.child = null;
      if (this.stopping) return;
      this.logger.warn({ code, signal }, 'simulator exited; restarting in 5 s');
      this.restartTimer = setTimeout(() => this.start(), 5000);
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
}
