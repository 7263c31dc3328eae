import { pino } from 'pino';
import { SerialPortMock } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { type SerialSession, SerialSource } from './serial-source';

const PATH = '/dev/ttyFEIJIU0';

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!condition()) throw new Error('condition never became true');
}

function setup() {
  const ports: SerialPortMock[] = [];
  const received: string[] = [];
  const events: string[] = [];
  let session: SerialSession | null = null;
  const sut = new SerialSource(
    {
      name: 'test',
      path: PATH,
      baudRate: 115200,
      logger: pino({ level: 'silent' }),
      retryInitialMs: 5,
      retryMaxMs: 20,
      openPort: ({ path, baudRate }) => {
        const port = new SerialPortMock({ path, baudRate, autoOpen: false });
        ports.push(port);
        return port;
      },
    },
    {
      onConnected: (s) => {
        session = s;
        events.push('connected');
      },
      onData: (chunk) => received.push(chunk.toString('latin1')),
      onDisconnected: () => events.push('disconnected'),
    },
  );
  return { sut, ports, received, events, session: () => session };
}

describe(SerialSource.name, () => {
  let running: SerialSource | null = null;
  afterEach(async () => {
    await running?.stop();
    SerialPortMock.binding.reset();
  });

  it('should keep retrying until the device appears, then deliver its bytes', async () => {
    const { sut, ports, received, events } = setup();
    running = sut;
    sut.start();
    await until(() => ports.length >= 3); // three failed opens: the adapter is not plugged in
    expect(sut.connected).toBe(false);

    SerialPortMock.binding.createPort(PATH, { record: true });
    await until(() => sut.connected);
    ports.at(-1)!.port!.emitData(Buffer.from('MSH|^~\\&|'));
    await until(() => received.length > 0);
    expect(received.join('')).toBe('MSH|^~\\&|');
    expect(events).toEqual(['connected']);
  });

  it('should report the loss and reconnect as a new session when the port disappears and comes back', async () => {
    const { sut, ports, received, events } = setup();
    running = sut;
    SerialPortMock.binding.createPort(PATH);
    sut.start();
    await until(() => sut.connected);

    // what serialport does when a USB adapter is pulled: a read error → close(disconnected)
    (ports[0] as unknown as { _disconnected(err: Error): void })._disconnected(new Error('device unplugged'));
    await until(() => events.includes('disconnected'));
    await until(() => sut.connectionCount === 2 && sut.connected);
    ports.at(-1)!.port!.emitData(Buffer.from('after replug'));
    await until(() => received.includes('after replug'));
    expect(events).toEqual(['connected', 'disconnected', 'connected']);
  });

  it('should write to the device through the session (HL7 ACKs)', async () => {
    const { sut, ports, session } = setup();
    running = sut;
    SerialPortMock.binding.createPort(PATH, { record: true });
    sut.start();
    await until(() => sut.connected);
    expect(session()!.write(Buffer.from('\x0bMSH|ACK\x1c\r'))).toBe(true);
    await until(() => (ports[0]!.port?.recording.length ?? 0) > 0);
    expect(ports[0]!.port!.recording.toString('latin1')).toBe('\x0bMSH|ACK\x1c\r');
  });

  it('should stop retrying and report disconnected when stopped', async () => {
    const { sut, events } = setup();
    SerialPortMock.binding.createPort(PATH);
    sut.start();
    await until(() => sut.connected);
    await sut.stop();
    expect(sut.connected).toBe(false);
    expect(events).toEqual(['connected', 'disconnected']);
  });
});
