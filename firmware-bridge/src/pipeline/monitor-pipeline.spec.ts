import { frameMllp, type Hl7AckMode, writeHl7Alarm, writeHl7Vitals } from '@feijiu/monitor-protocols';
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

/** Keeps what would have gone into the outbox, with seqs as the outbox gives them; `failing` topics fail to append. */
class RecordingSink implements SampleSink {
  readonly appended: Array<{ topic: OutboxTopic; body: unknown }> = [];
  readonly failing = new Set<OutboxTopic>();
  /** appends and serial writes, in the order they happened */
  readonly order: string[] = [];
  append<T extends OutboxTopic>(topic: T, body: SampleBodies[T]): number | null {
    this.order.push(`append ${topic}`);
    if (this.failing.has(topic)) return null;
    this.appended.push({ topic, body });
    return this.appended.filter((a) => a.topic === topic).length;
  }
}

function setup(ackMode: Hl7AckMode = 'auto') {
  const sink = new RecordingSink();
  const ports: SerialPortMock[] = [];
  let changes = 0;
  const sut = new MonitorPipeline({
    monitor: { id: 'm1', path: PATH, baudRate: 115200, protocol: 'hl7', utcOffsetMin: 480, ackMode },
    sink,
    logger: pino({ level: 'silent' }),
    now: () => NOW,
    onConnectionChange: () => changes++,
    idleFlushMs: 20,
    retryInitialMs: 5,
    openPort: ({ path, baudRate }) => {
      const port = new SerialPortMock({ path, baudRate, autoOpen: false });
      const write = port.write.bind(port);
      port.write = ((...args: Parameters<typeof write>) => {
        sink.order.push('serial write');
        return write(...args);
      }) as typeof port.write;
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

  const started = async (ackMode: Hl7AckMode = 'auto') => {
    SerialPortMock.binding.createPort(PATH, { record: true });
    const ctx = setup(ackMode);
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
      body: { ts: NOW.toISOString(), monitorId: 'm1', obs: [{ code: 'RR', value: 18, unit: '/min', ts: NOW.toISOString(), channel: '1.1.1.151562' }] },
    });
    await until(() => (ports[0]!.port?.recording.length ?? 0) > 0);
    expect(ports[0]!.port!.recording.toString('latin1')).toMatch(/^\x0bMSH\|.*\rMSA\|AA\|a1\r\x1c\r$/s);
    expect(sut.stats.acksWritten).toBe(1);
    expect(changes()).toBe(1);
  });

  it('should queue an ORU^R40 alarm as the alarm topic, then ACK it', async () => {
    const { sut, sink, ports, emit } = await started();
    const alarm = { time: NOW, alarmMdc: 196648, alarmName: 'MDC_EVT_HI', priority: 'PH', technical: false, vital: { code: 'HR', value: 152 } } as const;
    emit(frameMllp(writeHl7Alarm({ ...alarm, controlId: 'x1', text: 'HR 152 > 120', demo: true })));
    await until(() => sink.appended.length === 1);
    expect(sink.appended[0]).toEqual({
      topic: 'alarm',
      body: {
        ts: NOW.toISOString(),
        monitorId: 'm1',
        code: 196648,
        name: 'MDC_EVT_HI',
        text: 'HR 152 > 120',
        priority: 'high',
        technical: false,
        state: 'active',
        phase: 'start',
        vital: { code: 'HR', value: 152, unit: '/min' },
        flags: ['demo'],
      },
    });
    await until(() => (ports[0]!.port?.recording.length ?? 0) > 0);
    expect(ports[0]!.port!.recording.toString('latin1')).toMatch(/\rMSA\|AA\|x1\r\x1c\r$/);

    emit(frameMllp(writeHl7Alarm({ ...alarm, controlId: 'x2', phase: 'end' })));
    await until(() => sink.appended.length === 2);
    expect(sink.appended[1]!.body).toMatchObject({ name: 'MDC_EVT_HI', state: 'inactive', phase: 'end', priority: 'high' });
    expect(sut.stats).toMatchObject({ alarms: 2, alarmsPublished: 2 });
  });

  it('should ACK a message in HL7 original mode (MSH-15 and MSH-16 empty), and only after it is in the outbox', async () => {
    const { sink, ports, emit } = await started();
    const original = writeHl7Vitals({ controlId: 'o1', time: NOW, observations: [{ code: 'HR', value: 71 }] }).replace('|AL|NE|', '|||');
    expect(original.split('\r')[0]!.split('|').slice(14, 16)).toEqual(['', '']);
    emit(frameMllp(original));
    await until(() => (ports[0]!.port?.recording.length ?? 0) > 0);
    expect(ports[0]!.port!.recording.toString('latin1')).toBe(
      '\x0bMSH|^~\\&|||FEIJIU_SIM||20261122080010+0000||ACK^R01^ACK|o1|P|2.6|||NE|NE\rMSA|AA|o1\r\x1c\r',
    );
    expect(sink.order).toEqual(['append vitals', 'serial write']);
  });

  it('should answer AE when the sample could not be appended to the outbox', async () => {
    const { sink, ports, emit } = await started();
    sink.failing.add('vitals');
    emit(frameMllp(writeHl7Vitals({ controlId: 'f1', time: NOW, observations: [{ code: 'SPO2', value: 93 }] })));
    await until(() => (ports[0]!.port?.recording.length ?? 0) > 0);
    expect(ports[0]!.port!.recording.toString('latin1')).toMatch(/\rMSA\|AE\|f1\|not stored on the gateway\r\x1c\r$/);
  });

  it.each([
    ['never', '|AL|AL|', ''],
    ['always', '|NE|NE|', 'MSA|AA|k1'],
    ['auto', '|NE|NE|', ''],
  ] as const)('should follow ackMode %s for a message whose MSH-15/16 are %s', async (ackMode, fields, expected) => {
    const { sink, ports, emit } = await started(ackMode);
    emit(frameMllp(writeHl7Vitals({ controlId: 'k1', time: NOW, observations: [{ code: 'RR', value: 16 }] }).replace('|AL|NE|', fields)));
    await until(() => sink.appended.length === 1);
    // a later message in original mode shows that the first one's ACK (if any) had its turn
    emit(frameMllp(writeHl7Vitals({ controlId: 'k2', time: NOW, observations: [{ code: 'RR', value: 17 }] }).replace('|AL|NE|', '|||')));
    await until(() => sink.appended.length === 2);
    await new Promise((r) => setTimeout(r, 50));
    const written = ports[0]!.port!.recording.toString('latin1');
    if (expected) expect(written).toContain(expected);
    else expect(written).not.toContain('MSA|AA|k1');
    expect(written.includes('MSA|AA|k2')).toBe(ackMode !== 'never');
  });

  it('should store a message the monitor sends again with the same MSH-10 (its ACK was lost) once, and ACK both', async () => {
    const { sut, sink, ports, emit } = await started();
    const alarm = frameMllp(
      writeHl7Alarm({ controlId: 'r1', time: NOW, alarmMdc: 196648, alarmName: 'MDC_EVT_HI', priority: 'PH', technical: false, vital: { code: 'HR', value: 152 } }),
    );
    const vitals = frameMllp(writeHl7Vitals({ controlId: 'r2', time: NOW, observations: [{ code: 'HR', value: 152 }] }));
    emit(alarm);
    emit(vitals);
    await until(() => sink.appended.length === 2);
    // the monitor heard nothing (or an unreadable ACK) and sends both again, byte for byte
    emit(alarm);
    emit(vitals);
    const written = () => ports[0]!.port!.recording.toString('latin1');
    await until(() => written().split('MSA|AA|').length - 1 === 4);
    await new Promise((r) => setTimeout(r, 30));
    expect(sink.appended.map((a) => a.topic)).toEqual(['alarm', 'vitals']);
    expect(written().match(/MSA\|AA\|r\d/g)).toEqual(['MSA|AA|r1', 'MSA|AA|r2', 'MSA|AA|r1', 'MSA|AA|r2']);
    expect(sut.stats).toMatchObject({ messages: 2, retransmissions: 2, alarms: 1, alarmsPublished: 1, vitalsPublished: 1, acksWritten: 4 });
  });

  it('should store a message again when its first copy was answered AE, and a new message that reuses an old MSH-10', async () => {
    const { sut, sink, ports, emit } = await started();
    sink.failing.add('vitals');
    const first = frameMllp(writeHl7Vitals({ controlId: 'c1', time: NOW, observations: [{ code: 'HR', value: 90 }] }));
    emit(first);
    const written = () => ports[0]!.port!.recording.toString('latin1');
    await until(() => written().includes('MSA|AE|c1|'));
    sink.failing.delete('vitals');
    // AE asked the monitor to send it again: this copy is the one that gets stored
    emit(first);
    await until(() => sink.appended.length === 1);
    // a monitor restarted its counter: same MSH-10, other content, a new measurement
    emit(frameMllp(writeHl7Vitals({ controlId: 'c1', time: new Date(NOW.getTime() + 1000), observations: [{ code: 'HR', value: 91 }] })));
    await until(() => sink.appended.length === 2);
    expect(sink.appended.map((a) => (a.body as { obs: Array<{ value: number }> }).obs[0]!.value)).toEqual([90, 91]);
    expect(sut.stats.retransmissions).toBe(0);
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
