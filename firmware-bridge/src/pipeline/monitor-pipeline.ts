import {
  ACK_CODE_FOR_ERROR,
  type AckCode,
  buildAckReply,
  type Hl7AckRequest,
  type Hl7Event,
  type Hl7Message,
  Hl7StreamParser,
  shouldAck,
} from '@feijiu/monitor-protocols';
import type { Logger } from 'pino';
import type { GatewayClock, MonitorConfig } from '../config';
import { LogThrottle } from '../log-throttle';
import { normaliseAlarm } from '../normalise/alarm';
import { normaliseVitals } from '../normalise/vitals';
import { normaliseWaveform } from '../normalise/waveform';
import { type OpenSerialPort, type SerialSession, SerialSource } from '../serial/serial-source';
import { RecentMessages } from './recent-messages';
import type { SampleSink } from './sample-sink';

// One patient monitor: serial port → HL7 stream parser (a fresh one per connection) →
// normalised vitals, waveforms and alarms → outbox. The HL7 ACK goes back down the same port as
// the monitor's ackMode says (auto: as MSH-15/16 ask, every message in original mode), and only
// once the message is in the outbox: AA when every sample of it was appended, AE when one could
// not be. A message sent again with the same MSH-10 and content (its ACK was lost) is answered
// again and not stored twice. Nothing the device sends can stop the bridge: parse errors and
// noise are counted and logged.

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
  /** The gateway's clock zone: device times without an offset are read in it unless the monitor has utcOffsetMin; default UTC. */
  gatewayClock?: GatewayClock;
}

export interface MonitorStats {
  messages: number;
  vitalsPublished: number;
  waveformsPublished: number;
  /** messages the monitor sent again (same MSH-10 and content) after they were stored: answered AA, not stored twice */
  retransmissions: number;
  /** ORU^R40 messages read, and those appended to the outbox as the `alarm` topic */
  alarms: number;
  alarmsPublished: number;
  acksWritten: number;
  parseErrors: Record<string, number>;
  discardedBytes: number;
  implausibleValues: number;
  droppedChannels: number;
  /** messages with a time that carried no UTC offset (read in the assumed one; logged once) */
  timesWithoutOffset: number;
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
    retransmissions: 0,
    vitalsPublished: 0,
    waveformsPublished: 0,
    alarms: 0,
    alarmsPublished: 0,
    acksWritten: 0,
    parseErrors: {},
    implausibleValues: 0,
    droppedChannels: 0,
    timesWithoutOffset: 0,
  };
  /** discarded bytes of parsers from earlier connections */
  private discardedBefore = 0;
  /** kept across reconnects: a monitor resends after a replug too */
  private readonly recent = new RecentMessages();

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
          this.parser = new Hl7StreamParser({ now: options.now, ...this.offsetOptions() });
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

  /** A device clock with no offset: the monitor's utcOffsetMin, else the gateway's own zone (or its fixed offset). */
  private offsetOptions(): { assumeUtcOffsetMin: number } | { assumeTimeZone: string } {
    const { monitor, gatewayClock } = this.options;
    if (monitor.utcOffsetMin !== null) return { assumeUtcOffsetMin: monitor.utcOffsetMin };
    if (gatewayClock?.kind === 'fixed') return { assumeUtcOffsetMin: gatewayClock.utcOffsetMin };
    return { assumeTimeZone: gatewayClock?.timeZone ?? 'UTC' };
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
      if (event.type === 'error') {
        this.countError(event.code, event.detail);
        if (options.ackable) this.reply(event.request ?? null, false, ACK_CODE_FOR_ERROR[event.code], event.detail);
        continue;
      }
      if (this.recent.isRepeat(event.message)) {
        this.noteRetransmission(event.message.controlId);
        if (options.ackable) this.reply(event.request ?? null, true, 'AA', undefined);
        continue;
      }
      // the ACK follows the append: a monitor that hears AA may forget the message
      const stored = this.publish(event.message);
      if (stored) this.recent.remember(event.message);
      if (options.ackable) this.reply(event.request ?? null, stored, stored ? 'AA' : 'AE', stored ? undefined : 'not stored on the gateway');
    }
  }

  private reply(request: Hl7AckRequest | null, success: boolean, code: AckCode, text: string | undefined): void {
    if (!request || !shouldAck(this.options.monitor.ackMode, request.msh, success)) return;
    if (this.session?.write(buildAckReply(request, code, text, { time: this.options.now() }))) this.counters.acksWritten++;
  }

  /** True when everything the message carried went into the outbox. */
  private publish(message: Hl7Message): boolean {
    this.counters.messages++;
    this.noteAssumedOffset(message.assumedUtcOffsetMin);
    const monitorId = this.options.monitor.id;
    const now = this.options.now();
    switch (message.kind) {
      case 'vitals':
        return this.publishVitals(message.messageTime, message.demo, message.observations, now);
      case 'waveform': {
        // numerics that ride along with a waveform message are not lost
        const vitalsStored =
          message.observations.length === 0 || this.publishVitals(message.messageTime ?? message.t0, message.demo, message.observations, now);
        const { messages, dropped } = normaliseWaveform(
          { monitorId, t0: message.t0 ?? message.messageTime, demo: message.demo, channels: message.channels },
          now,
        );
        let stored = vitalsStored;
        for (const body of messages) {
          if (this.options.sink.append('waveform', body) !== null) this.counters.waveformsPublished++;
          else stored = false;
        }
        for (const channel of dropped) {
          this.counters.droppedChannels++;
          this.throttle.hit(`drop:${channel.lead}:${channel.reason}`, (suppressed) =>
            this.log.info(
              { lead: channel.lead, reason: channel.reason, droppedChannels: this.counters.droppedChannels, suppressed },
              'waveform channel dropped',
            ),
          );
        }
        return stored;
      }
      case 'alarm': {
        this.counters.alarms++;
        const body = normaliseAlarm({ ...message, monitorId }, now);
        const stored = this.options.sink.append('alarm', body) !== null;
        if (stored) this.counters.alarmsPublished++;
        this.log.info(
          { code: 'MONITOR_ALARM', name: body.name, priority: body.priority, state: body.state, vital: body.vital?.code, queued: stored },
          'monitor alarm',
        );
        return stored;
      }
      default:
        return true;
    }
  }

  private publishVitals(
    messageTime: string | null,
    demo: boolean,
    observations: Parameters<typeof normaliseVitals>[0]['observations'],
    now: Date,
  ): boolean {
    const { messages, implausible } = normaliseVitals({ monitorId: this.options.monitor.id, messageTime, demo, observations }, now);
    let stored = true;
    for (const body of messages) {
      if (this.options.sink.append('vitals', body) !== null) this.counters.vitalsPublished++;
      else stored = false;
    }
    if (implausible.length > 0) {
      this.counters.implausibleValues += implausible.length;
      this.throttle.hit('implausible', (suppressed) =>
        this.log.warn({ implausible, total: this.counters.implausibleValues, suppressed }, 'implausible values not forwarded'),
      );
    }
    return stored;
  }

  private noteRetransmission(controlId: string): void {
    this.counters.retransmissions++;
    this.throttle.hit('retransmission', (suppressed) =>
      this.log.info(
        { code: 'MONITOR_RETRANSMISSION', controlId, retransmissions: this.counters.retransmissions, suppressed },
        'monitor sent a stored message again (its ACK was lost or late): answered AA, not stored twice',
      ),
    );
  }

  /** Counts messages whose times carried no offset; says once per monitor how they are read. */
  private noteAssumedOffset(offsetMin: number | null): void {
    if (offsetMin === null) return;
    if (this.counters.timesWithoutOffset++ > 0) return;
    const { monitor } = this.options;
    const clock = this.options.gatewayClock ?? { kind: 'zone', timeZone: 'UTC' };
    const source =
      monitor.utcOffsetMin !== null
        ? { utcOffsetMin: monitor.utcOffsetMin }
        : clock.kind === 'zone'
          ? { timeZone: clock.timeZone }
          : { gatewayUtcOffsetMin: clock.utcOffsetMin };
    this.log.warn(
      { code: 'MONITOR_TIME_WITHOUT_OFFSET', assumedUtcOffsetMin: offsetMin, ...source },
      `monitor sends times without a UTC offset; read as UTC${formatOffset(offsetMin)} (${
        monitor.utcOffsetMin === null ? "the gateway's time zone; set utcOffsetMin if the monitor's clock is in another" : 'utcOffsetMin'
      })`,
    );
  }

  private countError(code: string, detail: string): void {
    this.counters.parseErrors[code] = (this.counters.parseErrors[code] ?? 0) + 1;
    this.throttle.hit(`error:${code}`, (suppressed) =>
      this.log.warn({ code, detail, count: this.counters.parseErrors[code], suppressed }, 'monitor data not understood'),
    );
  }
}

/** 480 → "+08:00" */
function formatOffset(offsetMin: number): string {
  const abs = Math.abs(offsetMin);
  return `${offsetMin < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
