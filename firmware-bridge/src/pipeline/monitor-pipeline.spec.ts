import { frameMllp, writeHl7Alarm, writeHl7Vitals } from '@feijiu/monitor-protocols';
import { pino } from 'pino';
import { SerialPortMock } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutboxTopic } from '../outbox/outbox';
import { MonitorPipeline } from './monitor-pipeline';
import type { SampleBodies, SampleSink } from './sample-sink';

const PATH = '/dev/ttyMONITOR0';
const NOW = new Date('2026-11-22T08:00:10.000Z');

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!condition()) throw new Error('condition never became true');
}

/** Keeps what would have gone into the outbox, with seqs as the outbox gives them. */
class RecordingSink implements SampleSink {
  readonly appended: Array<{ topic: OutboxTopic; body: unknown }> = [];
  append<T extends OutboxTopic>(topic: T, body: SampleBodies[T]): number {
    this.appended.push({ topic, body });
    return this.appended.filter((a) => a.topic === topic).length;
  }
}

function setup() {
  const sink = new RecordingSink();
  const ports: SerialPortMock[] = [];
  let changes = 0;
  const sut = new MonitorPipeline({
    monitor: { id: 'm1', path: PATH, baudRate: 115200, protocol: 'hl7', utcOffsetMin: 480 },
    sink,
    logger: pino({ level: 'silent' }),
    now: () => NOW,
    onConnectionChange: () => changes++,
    idleFlushMs: 20,
    retryInitialMs: 5,
    openPort: ({ path, baudRate }) => {
      const port = new SerialPortMock({ path, baudRate, autoOpen: false });
      ports.push(port);
      return port;
    },
  });
  const emit = (data: Buffer | string) => ports.at(-1)!.port!.emitData(data);
  return { sut, sink, ports, emit, changes: () => changes };
}

describe(MonitorPipeline.name, () => {
  let running: MonitorPipeline | null = null;
  afterEach(async () => {
    await running?.stop();
    SerialPortMock.binding.reset();
  });

  const started = async () => {
    SerialPortMock.binding.createPort(PATH, { record: true });
    const ctx = setup();
    running = ctx.sut;
    ctx.sut.start();
    await until(() => ctx.sut.connected);
    return ctx;
  };

  it('should queue vitals and write the ACK back to the monitor', async () => {
    const { sut, sink, ports, emit, changes } = await started();
    emit(frameMllp(writeHl7Vitals({ controlId: 'a1', time: NOW, observations: [{ code: 'RR', value: 18 }] })));
    await until(() => sink.appended.length === 1);
    expect(sink.appended[0]).toEqual({
      topic: 'vitals',
      body: { ts: NOW.toISOString(), monitorId: 'm1', obs: [{ code: 'RR', value: 18, unit: '/min', ts: NOW.toISOString() }] },
    });
    await until(() => (ports[0]!.port?.recording.length ?? 0) > 0);
    expect(ports[0]!.port!.recording.toString('latin1')).toMatch(/^\x0bMSH\|.*\rMSA\|AA\|a1\r\x1c\r$/s);
    expect(sut.stats.acksWritten).toBe(1);
    expect(changes()).toBe(1);
  });

  it('should count an alarm and forward nothing for it (no alarm topic yet)', async () => {
    const { sut, sink, emit } = await started();
    emit(frameMllp(writeHl7Alarm({ controlId: 'x1', time: NOW, alarmMdc: 196680, alarmName: 'MDC_EVT_LEAD_OFF', priority: 'PL', technical: true })));
    await until(() => sut.stats.alarms === 1);
    expect(sink.appended).toEqual([]);
  });

  it('should survive noise and a truncated frame, counting both, and read the next message', async () => {
    const { sut, sink, emit } = await started();
    emit(Buffer.from([0x00, 0x13, 0xff, 0x41, 0x42]));
    emit(Buffer.concat([Buffer.from([0x0b]), Buffer.from('MSH|^~\\&|X||||20261122||ORU^R01|t1|P|2.6\rPID|')]));
    emit(frameMllp(writeHl7Vitals({ controlId: 'ok', time: NOW, observations: [{ code: 'HR', value: 70 }] })));
    await until(() => sink.appended.length === 1);
    expect(sut.stats.parseErrors).toEqual({ HL7_NOT_HL7: 1, HL7_TRUNCATED: 1 });
  });

  it('should flush a bare (non-MLLP) message once the line goes quiet', async () => {
    const { sink, emit } = await started();
    // device local time without an offset: the monitor is configured as UTC+8
    const bare = writeHl7Vitals({ controlId: 'b1', time: NOW, observations: [{ code: 'HR', value: 66 }] }).replaceAll(
      '20261122080010+0000',
      '20261122160010',
    );
    expect(bare).not.toContain('+0000');
    emit(bare);
    await until(() => sink.appended.length === 1);
    expect(sink.appended[0]!.body).toMatchObject({ ts: NOW.toISOString(), obs: [{ code: 'HR', value: 66 }] });
  });
});
