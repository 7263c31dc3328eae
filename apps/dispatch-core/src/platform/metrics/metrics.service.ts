import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** One Prometheus registry per core process; features record through the named instruments. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly mqttMessages = new Counter({
    name: 'feijiu_mqtt_messages_total',
    help: 'MQTT messages received from gateways, by topic kind and outcome',
    labelNames: ['kind', 'result'] as const,
    registers: [this.registry],
  });

  readonly gatewayAuth = new Counter({
    name: 'feijiu_gateway_auth_total',
    help: 'Gateway MQTT logins and publish checks on the embedded broker, by outcome',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  readonly mqttPublishLimited = new Counter({
    name: 'feijiu_mqtt_publish_limited_total',
    help: 'Gateway publishes the embedded broker held back (over the rate), dropped (QoS 0 over the rate; payload over the size limit, acknowledged) or closed the connection for',
    labelNames: ['reason', 'action'] as const,
    registers: [this.registry],
  });

  readonly liveClients = new Gauge({
    name: 'feijiu_live_clients',
    help: 'Connected socket.io clients on /live, by role',
    labelNames: ['role'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'feijiu_http_request_duration_seconds',
    help: 'REST request duration',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly telemetryMessages = new Counter({
    name: 'feijiu_telemetry_messages_total',
    help: 'Vitals, waveform and monitor-alarm messages by outcome: stored, duplicate (a resend, stored before), failed (never stored)',
    labelNames: ['kind', 'result'] as const,
    registers: [this.registry],
  });

  readonly telemetryRows = new Counter({
    name: 'feijiu_telemetry_rows_total',
    help: 'Rows stored: one per vital-sign observation, one per waveform chunk',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly telemetryLate = new Counter({
    name: 'feijiu_telemetry_late_total',
    help: 'Messages stored with the late flag (received more than FEIJIU_TELEMETRY_LATE_SEC after measurement)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly telemetryBatchMessages = new Histogram({
    name: 'feijiu_telemetry_batch_messages',
    help: 'Messages per telemetry write batch',
    buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500],
    registers: [this.registry],
  });

  readonly telemetryBatchDuration = new Histogram({
    name: 'feijiu_telemetry_batch_duration_seconds',
    help: 'Time to commit one telemetry write batch (one INSERT statement)',
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly telemetryBatchRetries = new Counter({
    name: 'feijiu_telemetry_batch_retries_total',
    help: 'Telemetry batches retried after a database error (messages stay unacknowledged meanwhile)',
    registers: [this.registry],
  });

  readonly telemetryPending = new Gauge({
    name: 'feijiu_telemetry_pending_messages',
    help: 'Telemetry messages received and not yet committed',
    registers: [this.registry],
  });

  readonly telemetryStaleVehicles = new Gauge({
    name: 'feijiu_telemetry_stale_vehicles',
    help: 'Vehicles whose vitals/waveform stream went silent',
    registers: [this.registry],
  });

  readonly gatewayOutboxDepth = new Gauge({
    name: 'feijiu_gateway_outbox_depth',
    help: "Messages waiting in a gateway's durable outbox, from its last state message",
    labelNames: ['vehicle'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'feijiu_' });
  }
}
