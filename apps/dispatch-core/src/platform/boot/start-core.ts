import { Logger as NestLogger, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { AppModule } from '../../app.module';
import { AdminBootstrapService } from '../../auth/admin-bootstrap.service';
import { DEMO_USERS } from '../../demo/demo-users';
import { DemoSeedService } from '../../demo/demo-seed.service';
import { DemoSwitchService } from '../../demo/demo-switch.service';
import { SimulatorProcess } from '../../demo/simulator-process';
import { EmbeddedBrokerService } from '../../gateways/embedded-broker.service';
import { RedisIoAdapter } from '../http/redis-io.adapter';
import type { AppConfig } from '../config/app-config';
import type { RuntimeSettings } from '../config/config.module';
import { lockDataDir } from '../embedded/data-dir-lock';
import { type EmbeddedPostgresHandle, startEmbeddedPostgres } from '../embedded/embedded-postgres';
import { generateDemoPassword, generateJwtSecret, readOrCreateSecret } from '../embedded/runtime-secrets';
import { serveConsole } from '../http/console-static';
import { answerClientErrorsAsJson, requireJsonBody } from '../http/transport-guards';
import { mountOpenApi } from '../http/openapi';
import { MqttIngressService } from '../mqtt/mqtt-ingress.service';

export interface RunningCore {
  readonly app: INestApplication;
  readonly baseUrl: string;
  readonly mqttUrl: string;
  readonly demoPassword: string | null;
  /** Stops everything in order: simulator, HTTP + sockets + MQTT client, broker, PostgreSQL. */
  stop(): Promise<void>;
}

/**
 * Starts the whole core as `npm start` does: embedded PostgreSQL and broker unless external URLs
 * are set, migrations, the demo county, HTTP + socket.io + console, and the simulator.
 */
export async function startCore(config: AppConfig): Promise<RunningCore> {
  const log = pino({ level: config.logLevel, base: { component: 'boot' } });
  for (const warning of config.warnings) log.warn(warning); // a misspelled FEIJIU_* setting
  mkdirSync(config.dataDir, { recursive: true });
  // the embedded PostgreSQL lives in the data dir; with an external database several replicas may share it
  const unlock = config.database.mode === 'embedded' ? lockDataDir(config.dataDir) : () => undefined;

  let pg: EmbeddedPostgresHandle | null = null;
  let app: NestExpressApplication | null = null;
  let broker: EmbeddedBrokerService | null = null;
  let simulator: SimulatorProcess | null = null;
  const stop = async () => {
    broker?.quiesce();
    await simulator?.stop();
    await app?.close();
    await broker?.stop();
    await pg?.stop();
    unlock();
  };

  try {
    if (config.database.mode === 'embedded') {
      pg = await startEmbeddedPostgres(config.dataDir, config.database.port, {
        info: (o, m) => log.info(o, m),
        warn: (o, m) => log.warn(o, m),
      });
    }
    const runtime: RuntimeSettings = {
      databaseUrl: config.database.mode === 'external' ? config.database.url : pg!.url,
      mqttUrl: config.mqtt.mode === 'external' ? config.mqtt.url : `mqtt://${config.mqtt.host}:${config.mqtt.port}`,
      jwtSecret: readOrCreateSecret(config.dataDir, 'jwt-secret', config.jwt.secret, generateJwtSecret),
      demoPassword: config.demo.enabled
        ? readOrCreateSecret(config.dataDir, 'demo-password', config.demo.password, generateDemoPassword)
        : null,
    };

    app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, runtime), { bufferLogs: true, bodyParser: false });
    app.useLogger(app.get(PinoNestLogger));
    app.use(requireJsonBody); // before the parser: a form or text body gets 415, not "(body) invalid"
    app.useBodyParser('json', { limit: '256kb' });
    answerClientErrorsAsJson(app.getHttpServer());
    // behind a load balancer the source address (login limit, audit) comes from X-Forwarded-For
    if (config.trustProxy !== false) app.set('trust proxy', config.trustProxy);
    if (config.redisUrl) {
      const adapter = new RedisIoAdapter(app, config.redisUrl);
      await adapter.connect();
      app.useWebSocketAdapter(adapter);
    }
    mountOpenApi(app);
    const consoleDir = serveConsole(app);
    if (!consoleDir) log.warn('console not built (apps/console/dist missing): run `npm run build:console`');
    await app.init(); // runs pending migrations

    // demo off on a database the demo was seeded into: its logins (printed password) stop working
    if (runtime.demoPassword) {
      await app.get(DemoSwitchService).switchBackOn();
      await app.get(DemoSeedService).seed(runtime.demoPassword, config.demo.extraVehicles);
    } else {
      await app.get(DemoSwitchService).switchOff();
    }
    await app.get(AdminBootstrapService).ensureAdmin(config.bootstrapAdmin.username, config.bootstrapAdmin.password);
    const embeddedBroker = app.get(EmbeddedBrokerService);
    broker = embeddedBroker;
    await embeddedBroker.start().catch((err: unknown) => {
      throw new Error(`embedded MQTT broker could not listen (${String(err)}); is the port in use? set EMBEDDED_MQTT_PORT`);
    });
    await app.get(MqttIngressService).start();
    await app.listen(config.http.port, config.http.host);

    if (config.demo.simulator && runtime.demoPassword) {
      const simLog = new NestLogger('simulator');
      simulator = new SimulatorProcess(
        {
          mqttUrl: runtime.mqttUrl,
          apiUrl: `http://${config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host}:${config.http.port}`,
          demoPassword: runtime.demoPassword,
          stateDir: join(config.dataDir, 'simulator'),
          logLevel: config.logLevel,
          callIntervalSec: config.demo.callIntervalSec,
          speedup: config.demo.speedup,
        },
        { log: (o, m) => simLog.log(o, m), warn: (o, m) => simLog.warn(o, m) },
      );
      simulator.start();
    }

    const baseUrl = `http://${config.http.host}:${config.http.port}`;
    return { app, baseUrl, mqttUrl: runtime.mqttUrl, demoPassword: runtime.demoPassword, stop };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}

/** The one line a person reads at start: where everything is and how to log in. */
export function formatReadyLine(core: RunningCore): string {
  const logins = core.demoPassword
    ? ` | demo logins: ${DEMO_USERS.map((u) => u.username).join(', ')} / password: ${core.demoPassword}`
    : '';
  return `Feijiu ready: console ${core.baseUrl}/ | API docs ${core.baseUrl}/api/docs | MQTT ${core.mqttUrl}${logins}`;
}
