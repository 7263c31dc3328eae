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

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'feijiu_' });
  }
}
