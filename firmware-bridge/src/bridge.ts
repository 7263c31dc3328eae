import { pino, type Logger } from 'pino';
import type { BridgeConfig } from './config';
import { MqttPublisher, type PublisherStats } from './mqtt/publisher';
import { StateReporter } from './mqtt/state-reporter';
import { Outbox, type OutboxStats } from './outbox/outbox';
import { GpsPipeline, type GpsStats } from './pipeline/gps-pipeline';
import { MonitorPipeline, type MonitorStats } from './pipeline/monitor-pipeline';
import { OutboxSampleSink, type OutboxSinkStats } from './pipeline/sample-sink';
import type { OpenSerialPort } from './serial/serial-source';

// The gateway assembled: outbox first (it must be readable before anything is sent or
// written), then the MQTT side, then the serial ports. A clean stop goes the other way round:
// stop reading, fsync the outbox, say goodbye on `state`, disconnect.

export interface BridgeDeps {
  logger?: Logger;
  now?: () => Date;
  /** tests: a mock serial binding instead of real ports */
  openPort?: OpenSerialPort;
  serialRetryInitialMs?: number;
  serialRetryMaxMs?: number;
  mqttReconnectPeriodMs?: number;
  statsLogIntervalMs?: number;
  /** outbox segment size (tests use small ones to exercise rotation) */
  outboxSegmentMaxBytes?: number;
}

export interface BridgeStats {
  outbox: OutboxStats & { depth: number; bytes: number };
  mqtt: PublisherStats & { connected: boolean };
  monitors: Record<string, MonitorStats & { connected: boolean }>;
  gps: GpsStats | null;
  samples: OutboxSinkStats;
}

export interface Bridge {
  /** Clean stop by default; `hard` leaves everything as a kill -9 would (no fsync, no goodbye). */
  stop(options?: { hard?: boolean }): Promise<void>;
  stats(): BridgeStats;
}

export function startBridge(config: BridgeConfig, deps: BridgeDeps = {}): Bridge {
  const logger = deps.logger ?? pino({ level: config.logLevel, base: { service: 'firmware-bridge', vehicleId: config.vehicleId } });
  const now = deps.now ?? (() => new Date());

  const outbox = new Outbox({
    dir: config.outbox.dir,
    maxBytes: config.outbox.maxBytes,
    fsyncIntervalMs: config.outbox.fsyncIntervalMs,
    segmentMaxBytes: deps.outboxSegmentMaxBytes,
    logger: logger.child({ component: 'outbox' }),
    now,
  });
  const recovery = outbox.start();
  logger.info({ outboxDir: config.outbox.dir, ...recovery }, 'outbox open');
  if (recovery.tornBytes > 0) {
    logger.warn({ tornBytes: recovery.tornBytes }, 'outbox: a torn record from an unclean stop was cut');
  }

  const sink = new OutboxSampleSink(outbox, logger.child({ component: 'samples' }));
  let reporter: StateReporter | null = null;
  const monitors = config.monitors.map(
    (monitor) =>
      new MonitorPipeline({
        monitor,
        sink,
        logger,
        now,
        onConnectionChange: () => reporter?.notifyChange(),
        openPort: deps.openPort,
        retryInitialMs: deps.serialRetryInitialMs,
        retryMaxMs: deps.serialRetryMaxMs,
        gatewayClock: config.gatewayClock,
      }),
  );
  const monitorStatus = () => config.monitors.map((m, i) => ({ id: m.id, connected: monitors[i]!.connected, protocol: m.protocol }));

  const publisher: MqttPublisher = new MqttPublisher({
    url: config.mqtt.url,
    protocolVersion: config.mqtt.protocolVersion,
    clientId: config.mqtt.clientId,
    username: config.mqtt.username,
    password: config.mqtt.password,
    tls: config.mqtt.tls,
    vehicleId: config.vehicleId,
    outbox,
    logger: logger.child({ component: 'mqtt' }),
    buildWill: () => reporter!.encode(false),
    onConnectionChange: (connected) => {
      if (connected) reporter?.notifyChange();
    },
    onDeadLetter: () => reporter?.notifyChange(),
    reconnectPeriodMs: deps.mqttReconnectPeriodMs,
  });
  reporter = new StateReporter({
    publisher,
    monitors: monitorStatus,
    outboxDepth: () => outbox.depth(),
    deadLetters: () => outbox.stats.deadLetters,
    now,
    intervalMs: config.stateIntervalMs,
    logger,
  });
  if (config.mqtt.password === null) logger.warn('FEIJIU_BRIDGE_PASSWORD is not set: connecting without a password');
  noteFixedOffsetClock(config, logger);
  publisher.start();
  reporter.start();

  const gps = config.gps
    ? new GpsPipeline({
        gps: config.gps,
        sink,
        logger,
        now,
        openPort: deps.openPort,
        retryInitialMs: deps.serialRetryInitialMs,
        retryMaxMs: deps.serialRetryMaxMs,
      })
    : null;
  for (const monitor of monitors) monitor.start();
  gps?.start();

  const stats = (): BridgeStats => ({
    outbox: { ...outbox.stats, depth: outbox.depth(), bytes: outbox.bytes },
    mqtt: { ...publisher.stats, connected: publisher.connected },
    monitors: Object.fromEntries(monitors.map((m) => [m.id, { ...m.stats, connected: m.connected }])),
    gps: gps?.stats ?? null,
    samples: { ...sink.stats },
  });
  const statsTimer = setInterval(() => logger.info({ stats: stats() }, 'bridge stats'), deps.statsLogIntervalMs ?? 60_000);
  statsTimer.unref();

  logger.info(
    {
      vehicleId: config.vehicleId,
      monitors: config.monitors.map((m) => ({ id: m.id, path: m.path, baudRate: m.baudRate, protocol: m.protocol, utcOffsetMin: m.utcOffsetMin })),
      gatewayClock: config.gatewayClock,
      gps: config.gps,
      mqttVersion: config.mqtt.protocolVersion,
    },
    'firmware-bridge started',
  );

  let stopping: Promise<void> | null = null;
  const stop = async (options: { hard?: boolean } = {}): Promise<void> => {
    clearInterval(statsTimer);
    reporter.stop();
    await Promise.all([...monitors.map((m) => m.stop()), gps?.stop()]);
    if (options.hard) {
      await publisher.stop({ hard: true });
      outbox.stop({ hard: true });
      return;
    }
    outbox.flush();
    await publisher.stop({ beforeEnd: () => reporter.publishOffline() });
    outbox.stop();
    logger.info({ stats: stats() }, 'firmware-bridge stopped');
  };

  return {
    stop: (options) => (stopping ??= stop(options)),
    stats,
  };
}

/** A gateway whose zone Node.js cannot name reads offset-less device times at a fixed offset: said once, loudly. */
function noteFixedOffsetClock(config: BridgeConfig, logger: Logger): void {
  const clock = config.gatewayClock;
  const affected = config.monitors.filter((m) => m.utcOffsetMin === null).map((m) => m.id);
  if (clock.kind !== 'fixed' || affected.length === 0) return;
  const abs = Math.abs(clock.utcOffsetMin);
  const offset = `UTC${clock.utcOffsetMin < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  logger.warn(
    { code: 'GATEWAY_TIME_ZONE_FIXED_OFFSET', gatewayUtcOffsetMin: clock.utcOffsetMin, reason: clock.reason, monitors: affected },
    `the gateway's time zone has no name Node.js knows (${clock.reason}): device times without an offset are read at a fixed ${offset}, without daylight saving; set TZ to an IANA name (Asia/Shanghai) or utcOffsetMin per monitor`,
  );
}
