import { type NmeaEvent, NmeaStreamParser } from '@feijiu/monitor-protocols';
import type { Logger } from 'pino';
import type { GpsConfig } from '../config';
import { LogThrottle } from '../log-throttle';
import { GpsMerger } from '../normalise/gps';
import { type OpenSerialPort, SerialSource } from '../serial/serial-source';
import type { SampleSink } from './sample-sink';

// The GPS receiver: serial port → NMEA parser (fresh per connection) → one merged position per
// second → outbox. Invalid fixes are counted, not published.

export interface GpsPipelineOptions {
  gps: GpsConfig;
  sink: SampleSink;
  logger: Logger;
  now: () => Date;
  openPort?: OpenSerialPort;
  retryInitialMs?: number;
  retryMaxMs?: number;
  /** the pending second is published after this much silence (the receiver stopped talking) */
  quietFlushMs?: number;
}

export interface GpsStats {
  fixesPublished: number;
  invalidFixes: number;
  /** sentences the bridge does not use (GSV, GSA, TXT…) */
  ignoredSentences: number;
  parseErrors: Record<string, number>;
  connections: number;
  connected: boolean;
}

const THROTTLE_MS = 30_000;

export class GpsPipeline {
  private parser: NmeaStreamParser | null = null;
  private quietTimer: NodeJS.Timeout | null = null;
  private readonly source: SerialSource;
  private readonly merger: GpsMerger;
  private readonly throttle: LogThrottle;
  private readonly log: Logger;
  private readonly counters = { fixesPublished: 0, invalidFixes: 0, ignoredSentences: 0, parseErrors: {} as Record<string, number> };

  constructor(private readonly options: GpsPipelineOptions) {
    this.log = options.logger.child({ source: 'gps' });
    this.throttle = new LogThrottle(THROTTLE_MS, () => options.now().getTime());
    this.merger = new GpsMerger({
      now: options.now,
      emit: (body) => {
        if (options.sink.append('gps', body) !== null) this.counters.fixesPublished++;
      },
      onInvalid: (reason) => {
        this.counters.invalidFixes++;
        this.throttle.hit(`invalid:${reason}`, (suppressed) =>
          this.log.info({ reason, invalidFixes: this.counters.invalidFixes, suppressed }, 'GPS fix not published'),
        );
      },
    });
    this.source = new SerialSource(
      {
        name: 'gps',
        path: options.gps.path,
        baudRate: options.gps.baudRate,
        logger: this.log,
        openPort: options.openPort,
        retryInitialMs: options.retryInitialMs,
        retryMaxMs: options.retryMaxMs,
      },
      {
        onConnected: () => {
          this.parser = new NmeaStreamParser();
        },
        onData: (chunk) => this.receive(chunk),
        onDisconnected: () => this.endParser(),
      },
    );
  }

  get stats(): GpsStats {
    return {
      ...this.counters,
      parseErrors: { ...this.counters.parseErrors },
      connections: this.source.connectionCount,
      connected: this.source.connected,
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
    let events: NmeaEvent[] = [];
    try {
      events = parser.push(chunk);
    } catch (err) {
      // documented never to throw; counted like any other bad input if it does
      this.countError('PARSER_EXCEPTION', (err as Error).message);
    }
    for (const event of events) this.handle(event);
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => {
      this.quietTimer = null;
      this.merger.flush();
    }, this.options.quietFlushMs ?? 1500);
  }

  private handle(event: NmeaEvent): void {
    switch (event.type) {
      case 'fix':
        this.merger.pushFix(event);
        break;
      case 'course':
        this.merger.pushCourse(event);
        break;
      case 'error':
        // GSV, GSA, TXT… are not faults, just sentences we do not use
        if (event.code === 'NMEA_UNSUPPORTED') this.counters.ignoredSentences++;
        else this.countError(event.code, event.detail);
        break;
      default:
        break;
    }
  }

  private countError(code: string, detail: string): void {
    this.counters.parseErrors[code] = (this.counters.parseErrors[code] ?? 0) + 1;
    this.throttle.hit(`error:${code}`, (suppressed) =>
      this.log.warn({ code, detail, count: this.counters.parseErrors[code], suppressed }, 'GPS data not understood'),
    );
  }

  private endParser(): void {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = null;
    this.parser = null;
    this.merger.flush();
  }
}
