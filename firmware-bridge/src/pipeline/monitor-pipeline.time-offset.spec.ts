import { frameMllp } from '@feijiu/monitor-protocols';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { SerialPortMock } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayClock, MonitorConfig } from '../config';
import type { OutboxTopic } from '../outbox/outbox';
import { MonitorPipeline } from './monitor-pipeline';
import type { SampleBodies, SampleSink } from './sample-sink';

// Device clocks that send local time without a UTC offset (the real Mindray VS-900 message):
// the bridge reads them in the gateway's time zone, or the monitor's utcOffsetMin, and says so
// once. The zone is passed in (as bridge.ts does from the config), not set through process.env.TZ.

const PATH = '/dev/ttyMONITOR9';
const NOW = new Date('2019-12-06T03:35:00.000Z');
const mindray = readFileSync(join(__dirname, '../../../libs/monitor-protocols/vectors/hl7/03_mindray_vs900_ORU_R01_numerics.hl7'), 'latin1');

class RecordingSink implements SampleSink {
  readonly appended: Array<{ topic: OutboxTopic; body: unknown }> = [];
  append<T extends OutboxTopic>(topic: T, body: SampleBodies[T]): number {
    this.appended.push({ topic, body });
    return this.appended.length;
  }
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!condition()) throw new Error('condition never became true');
}

describe(`${MonitorPipeline.name} (device times without an offset)`, () => {
  let running: MonitorPipeline | null = null;
  afterEach(async () => {
    await running?.stop();
    running = null;
    SerialPortMock.binding.reset();
  });

  async function started(monitor: Partial<MonitorConfig>, gatewayClock: GatewayClock | string) {
    SerialPortMock.binding.createPort(PATH, { record: true });
    const sink = new RecordingSink();
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    const ports: SerialPortMock[] = [];
    const sut = new MonitorPipeline({
      monitor: { id: 'front', path: PATH, baudRate: 115200, protocol: 'hl7', utcOffsetMin: null, ackMode: 'auto', ...monitor },
      sink,
      logger,
      now: () => NOW,
      onConnectionChange: () => undefined,
      idleFlushMs: 20,
      retryInitialMs: 5,
      gatewayClock: typeof gatewayClock === 'string' ? { kind: 'zone', timeZone: gatewayClock } : gatewayClock,
      openPort: ({ path, baudRate }) => {
        const port = new SerialPortMock({ path, baudRate, autoOpen: false });
        ports.push(port);
        return port;
      },
    });
    running = sut;
    sut.start();
    await until(() => sut.connected);
    const emit = (data: Buffer) => ports.at(-1)!.port!.emitData(data);
    return { sut, sink, lines, emit };
  }

  it('should time the Mindray numerics in China time when the gateway is in Asia/Shanghai, and say so once', async () => {
    const { sut, sink, lines, emit } = await started({}, 'Asia/Shanghai');
    emit(frameMllp(mindray));
    emit(frameMllp(mindray.replace('|1914|', '|1915|')));
    await until(() => sink.appended.length === 2);

    const body = sink.appended[0]!.body as { ts: string; obs: Array<{ code: string; ts?: string }> };
    // 11:34:52 on the monitor is 03:34:52 UTC: not 8 h ahead of the gateway clock
    expect(body.ts).toBe('2019-12-06T03:34:52.000Z');
    expect(body.obs.find((o) => o.code === 'NIBP_SYS')?.ts).toBe('2019-12-06T03:10:16.000Z');
    expect(sut.stats.timesWithoutOffset).toBe(2);
    const notes = lines.filter((l) => l.code === 'MONITOR_TIME_WITHOUT_OFFSET');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ monitorId: 'front', assumedUtcOffsetMin: 480, timeZone: 'Asia/Shanghai', level: 40 });
    expect(notes[0]!.msg).toContain('UTC+08:00');
  });

  it('should read them at the fixed offset of a gateway whose POSIX TZ (CST-8) Node.js names no zone for, and say so once', async () => {
    const { sink, lines, emit } = await started({}, { kind: 'fixed', utcOffsetMin: 480, reason: 'TZ=CST-8 is a POSIX zone Node.js does not name; its fixed offset is used' });
    emit(frameMllp(mindray));
    await until(() => sink.appended.length === 1);

    expect((sink.appended[0]!.body as { ts: string }).ts).toBe('2019-12-06T03:34:52.000Z');
    const note = lines.find((l) => l.code === 'MONITOR_TIME_WITHOUT_OFFSET');
    expect(note).toMatchObject({ assumedUtcOffsetMin: 480, gatewayUtcOffsetMin: 480, level: 40 });
    expect(note!.msg).toContain('UTC+08:00');
  });

  it("should use the monitor's utcOffsetMin over the gateway time zone when it is set", async () => {
    const { sink, lines, emit } = await started({ utcOffsetMin: 0 }, 'Asia/Shanghai');
    emit(frameMllp(mindray));
    await until(() => sink.appended.length === 1);

    expect((sink.appended[0]!.body as { ts: string }).ts).toBe('2019-12-06T11:34:52.000Z');
    expect(lines.find((l) => l.code === 'MONITOR_TIME_WITHOUT_OFFSET')).toMatchObject({ assumedUtcOffsetMin: 0, utcOffsetMin: 0 });
  });
});
