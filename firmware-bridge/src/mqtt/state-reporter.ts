import { type GatewayStateMessage, GatewayStateMessageSchema } from '@feijiu/contracts';
import type { Logger } from 'pino';
import type { MonitorProtocol } from '../config.schema';

// The retained `state` topic: who is connected and how much is waiting. Published on every
// (re)connect, on every change of a monitor's connection, and every `intervalMs` besides (the
// outbox depth moves all the time). The last will says the same with online:false.

export interface MonitorStatus {
  id: string;
  connected: boolean;
  protocol: MonitorProtocol;
}

export interface StatePublisher {
  readonly connected: boolean;
  publishRetained(kind: 'state', payload: Buffer): Promise<boolean>;
}

export interface StateReporterOptions {
  publisher: StatePublisher;
  monitors: () => readonly MonitorStatus[];
  outboxDepth: () => number;
  /** records kept in the outbox's dead-letter files (refused by the broker for good) */
  deadLetters?: () => number;
  now: () => Date;
  intervalMs: number;
  logger: Logger;
}

export class StateReporter {
  private timer: NodeJS.Timeout | null = null;
  private pending = false;
  private stopped = false;

  constructor(private readonly options: StateReporterOptions) {}

  start(): void {
    this.timer = setInterval(() => this.publishNow(), this.options.intervalMs);
    this.timer.unref();
  }

  /** After this only the goodbye is published: a late "online" must not overwrite it. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The current state; `online:false` for the will and the goodbye. */
  build(online: boolean): GatewayStateMessage {
    return GatewayStateMessageSchema.parse({
      ts: this.options.now().toISOString(),
      online,
      // offline, nothing is vouched for: every monitor shows as not connected
      monitors: this.options.monitors().map((m) => ({ id: m.id, connected: online && m.connected, protocol: m.protocol })),
      outboxDepth: this.options.outboxDepth(),
      deadLetters: this.options.deadLetters?.() ?? 0,
    });
  }

  encode(online: boolean): Buffer {
    return Buffer.from(JSON.stringify(this.build(online)));
  }

  /** Something changed (a port came or went, the broker link came up): publish soon, once. */
  notifyChange(): void {
    if (this.pending || this.stopped) return;
    this.pending = true;
    setImmediate(() => {
      this.pending = false;
      this.publishNow();
    });
  }

  publishNow(): void {
    if (this.stopped || !this.options.publisher.connected) return;
    this.options.publisher.publishRetained('state', this.encode(true)).catch((err: unknown) => {
      this.options.logger.warn({ err: (err as Error).message }, 'state not published');
    });
  }

  /** The goodbye on a clean stop (the will covers a crash). */
  async publishOffline(): Promise<void> {
    await this.options.publisher.publishRetained('state', this.encode(false));
  }
}
