import { type Hl7Event, type Hl7Message, Hl7StreamParser } from '@feijiu/monitor-protocols';
import type { Logger } from 'pino';
import type { MonitorConfig } from '../config';
import { LogThrottle } from '../log-throttle';
import { normaliseVitals } from '../normalise/vitals';
import { normaliseWaveform } from '../normalise/waveform';
import { type OpenSerialPort, type SerialSession, SerialSource } from '../serial/serial-source';
import type { SampleSink } from './sample-sink';

// One patient monitor: serial port → HL7 stream parser (a fresh one per connection) →
// normalised vitals and waveforms → outbox. ACKs the parser builds go back down the same port.
// Nothing the device sends can stop the bridge: parse errors and noise are counted and logged.

export interface MonitorPipelineOptions {
  monitor: MonitorConfig;
  sink: SampleSink;
  logger: Logger;
  now: () => Date;
  onConnectionChange: () => void;
  openPort?: OpenSerialPort;
  retryInitialMs?: number;
  retryMaxMs?: number;
  /** A bare (non-MLLP) message ends only when the next starts; after this much silence it is flushed. */
  idleFlushMs?: number;
}

export interface MonitorStats {
  messages: number;
  vitalsPublished: number;
  waveformsPublished: number;
  /** alarms are logged and counted only: the contract has no alarm topic yet (issue 5) */
  alarms: number;
  acksWritten: number;
  parseErrors: Record<string, number>;
  discardedBytes: number;
  implausibleValues: number;
  droppedChannels: number;
  connections: number;
}

const THROTTLE_MS = 10_000;

export class MonitorPipeline {
  private parser: Hl7StreamParser | null = null;
  private session: SerialSession | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private readonly source: SerialSource;
  private readonly throttle: LogThrottle;
  private readonly log: Logger;
  private readonly counters: Omit<MonitorStats, 'connections' | 'discardedBytes'> = {
    messages: 0,
    vitalsPublished: 0,
    waveformsPublished: 0,
    alarms: 0,
    acksWritten: 0,
    parseErrors: {},
    implausibleValues: 0,
    droppedChannels: 0,
  };
  /** discarded bytes of parsers from earlier connections */
  private discardedBefore = 0;

  constructor(private readonly options: MonitorPipelineOptions) {
    const { monitor } = options;
    this.log = options.logger.child({ monitorId: monitor.id });
    this.throttle = new LogThrottle(THROTTLE_MS, () => options.now().getTime());
    this.source = new SerialSource(
      {
        name: `monitor ${monitor.id}`,
        path: monitor.path,
        baudRate: monitor.baudRate,
        logger: this.log,
        openPort: options.openPort,
        retryInitialMs: options.retryInitialMs,
        retryMaxMs: options.retryMaxMs,
      },
      {
        onConnected: (session) => {
          this.parser = new Hl7StreamParser({ now: options.now, assumeUtcOffsetMin: monitor.utcOffsetMin });
          this.session = session;
          options.onConnectionChange();
        },
        onData: (chunk) => this.receive(chunk),
        onDisconnected: () => {
          this.endParser();
          this.session = null;
          options.onConnectionChange();
        },
      },
    );
  }

  get id(): string {
    return this.options.monitor.id;
  }

  get connected(): boolean {
    return this.source.connected;
  }

  get stats(): MonitorStats {
    return {
      ...this.counters,
      parseErrors: { ...this.counters.parseErrors },
      discardedBytes: this.discardedBefore + (this.parser?.stats.discardedBytes ?? 0),
      connections: this.source.connectionCount,
    };
  }

  start(): void {
    this.source.start();
  }

  async stop(): Promise<void> {
    this.endParser();
    await this.source.stop();
  }

  private receive(chunk: Buffer): void {
    const parser = this.parser;
    if (!parser) return;
    this.handle(this.safely(() => parser.push(chunk)));
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.parser === parser) this.handle(this.safely(() => parser.flush()));
    }, this.options.idleFlushMs ?? 1500);
  }

  /** The connection ended: a message still buffered is emitted or reported, then the parser goes. */
  private endParser(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const parser = this.parser;
    this.parser = null;
    if (!parser) return;
    this.handle(this.safely(() => parser.flush()), { ackable: false });
    this.discardedBefore += parser.stats.discardedBytes;
  }

  /** The parser is documented never to throw; if it ever does, that is one more counted error. */
  private safely(run: () => Hl7Event[]): Hl7Event[] {
    try {
      return run();
    } catch (err) {
      this.countError('PARSER_EXCEPTION', (err as Error).message);
      return [];
    }
  }

  private handle(events: readonly Hl7Event[], options: { ackable: boolean } = { ackable: true }): void {
    for (const event of events) {
      if (event.ack && options.ackable && this.session?.write(event.ack)) this.counters.acksWritten++;
      if (event.type === 'error') this.countError(event.code, event.detail);
      else this.publish(event.message);
    }
  }

  private publish(message: Hl7Message): void {
    this.counters.messages++;
    const monitorId = this.options.monitor.id;
    const now = this.options.now();
    switch (message.kind) {
      case 'vitals':
        this.publishVitals(message.messageTime, message.demo, message.observations, now);
        break;
      case 'waveform': {
        // numerics that ride along with a waveform message are not lost
        if (message.observations.length > 0) {
          this.publishVitals(message.messageTime ?? message.t0, message.demo, message.observations, now);
        }
        const { messages, dropped } = normaliseWaveform(
          { monitorId, t0: message.t0 ?? message.messageTime, demo: message.demo, channels: message.channels },
          now,
        );
        for (const body of messages) if (this.options.sink.append('waveform', body) !== null) this.counters.waveformsPublished++;
        for (const channel of dropped) {
          this.counters.droppedChannels++;
          this.throttle.hit(`drop:${channel.lead}:${channel.reason}`, (suppressed) =>
            this.log.info(
              { lead: channel.lead, reason: channel.reason, droppedChannels: this.counters.droppedChannels, suppressed },
              'waveform channel dropped',
            ),
          );
        }
        break;
      }
      case 'alarm':
        // TODO(issue 5): publish alarms once the contract has an alarm topic; until then log + count
        this.counters.alarms++;
        this.log.warn(
          {
            code: 'MONITOR_ALARM',
            alarmCode: message.alarmCode,
            alarmName: message.alarmName,
            priority: message.priority,
            technical: message.technical,
            phase: message.phase,
            text: message.text,
            alarms: this.counters.alarms,
          },
          'monitor alarm (not forwarded: no alarm topic in the contract yet)',
        );
        break;
      default:
        break;
    }
  }

  private publishVitals(
    messageTime: string | null,
    demo: boolean,
    observations: Parameters<typeof normaliseVitals>[0]['observations'],
    now: Date,
  ): void {
    const { messages, implausible } = normaliseVitals({ monitorId: this.options.monitor.id, messageTime, demo, observations }, now);
    for (const body of messages) if (this.options.sink.append('vitals', body) !== null) this.counters.vitalsPublished++;
    if (implausible.length > 0) {
      this.counters.implausibleValues += implausible.length;
      this.throttle.hit('implausible', (suppressed) =>
        this.log.warn({ implausible, total: this.counters.implausibleValues, suppressed }, 'implausible values not forwarded'),
      );
    }
  }

  private countError(code: string, detail: string): void {
    this.counters.parseErrors[code] = (this.counters.parseErrors[code] ?? 0) + 1;
    this.throttle.hit(`error:${code}`, (suppressed) =>
      this.log.warn({ code, detail, count: this.counters.parseErrors[code], suppressed }, 'monitor data not understood'),
    );
  }
}
