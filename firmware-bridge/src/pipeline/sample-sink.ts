import { AlarmMessageSchema, GpsMessageSchema, VitalsMessageSchema, WaveformMessageSchema } from '@feijiu/contracts';
import type { Logger } from 'pino';
import type { AlarmBody } from '../normalise/alarm';
import type { Outbox, OutboxTopic } from '../outbox/outbox';
import type { GpsBody } from '../normalise/gps';
import type { VitalsBody } from '../normalise/vitals';
import type { WaveformBody } from '../normalise/waveform';

// The one way samples enter the outbox: the payload is checked against the public contract
// with its seq before it is written, so nothing the core would reject ever takes a seq.

export interface SampleBodies {
  vitals: VitalsBody;
  gps: GpsBody;
  waveform: WaveformBody;
  alarm: AlarmBody;
}

export interface SampleSink {
  /** The seq given to the sample, or null when it was refused or could not be written and made durable (logged). */
  append<T extends OutboxTopic>(topic: T, body: SampleBodies[T]): number | null;
}

const SCHEMAS = { vitals: VitalsMessageSchema, gps: GpsMessageSchema, waveform: WaveformMessageSchema, alarm: AlarmMessageSchema } as const;

export interface OutboxSinkStats {
  refused: number;
  writeFailures: number;
}

export class OutboxSampleSink implements SampleSink {
  readonly stats: OutboxSinkStats = { refused: 0, writeFailures: 0 };

  constructor(
    private readonly outbox: Outbox,
    private readonly logger: Logger,
  ) {}

  append<T extends OutboxTopic>(topic: T, body: SampleBodies[T]): number | null {
    let refused = false;
    try {
      return this.outbox.append(topic, (seq) => {
        const parsed = SCHEMAS[topic].safeParse({ seq, ...body });
        if (!parsed.success) {
          refused = true;
          throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
        }
        return Buffer.from(JSON.stringify(parsed.data));
      });
    } catch (err) {
      if (refused) this.stats.refused++;
      else this.stats.writeFailures++;
      this.logger.error(
        { topic, err: (err as Error).message, code: refused ? 'SAMPLE_OFF_CONTRACT' : 'OUTBOX_WRITE_FAILED' },
        refused ? 'sample does not match the contract; not queued' : 'outbox write failed; sample not stored (a monitor is answered AE and sends it again)',
      );
      return null;
    }
  }
}
