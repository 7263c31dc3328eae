import { type Hl7Message, Hl7StreamParser } from '@feijiu/monitor-protocols';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { constants, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReadStream } from 'node:tty';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type SerialMonitor, startSerialMonitor } from '../../src/monitors/serial-monitor';

// A serial-mode monitor on a real pty pair (socat), read from the other end the way the
// firmware-bridge reads a monitor's cable: raw bytes through the HL7 stream parser.

const hasSocat = (() => {
  try {
    execFileSync('socat', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasSocat)('serial-mode monitor on a pty', () => {
  let dir: string;
  let socat: ChildProcess | null = null;
  let monitor: SerialMonitor | null = null;
  let reader: ReadStream | null = null;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'feijiu-pty-'));
    socat = spawn('socat', [`pty,raw,echo=0,link=${join(dir, 'monitor')}`, `pty,raw,echo=0,link=${join(dir, 'bridge')}`], { stdio: 'ignore' });
    await vi.waitFor(() => expect(existsSync(join(dir, 'monitor')) && existsSync(join(dir, 'bridge'))).toBe(true), { timeout: 5000 });
  });

  afterEach(async () => {
    await monitor?.stop();
    reader?.destroy();
    socat?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  const readBridgeEnd = (onMessage: (m: Hl7Message) => void, onError: (code: string) => void) => {
    const fd = openSync(join(dir, 'bridge'), constants.O_RDWR | constants.O_NOCTTY);
    reader = new ReadStream(fd);
    reader.setRawMode(true);
    const parser = new Hl7StreamParser();
    reader.on('data', (chunk: Buffer) => {
      for (const event of parser.push(chunk)) {
        if (event.type === 'message') {
          onMessage(event.message);
          // answer like the bridge does, so the monitor's side has input to drain
          if (event.ack) reader?.write(event.ack);
        } else onError(event.code);
      }
    });
  };

  it('should deliver demo-flagged HL7 vitals and 12-lead waveforms through the pty when running', async () => {
    const messages: Hl7Message[] = [];
    const errors: string[] = [];
    readBridgeEnd((m) => messages.push(m), (c) => errors.push(c));
    monitor = startSerialMonitor({ path: join(dir, 'monitor'), scenario: 'haemorrhagic_shock', demo: true });

    await vi.waitFor(
      () => {
        expect(messages.filter((m) => m.kind === 'vitals').length).toBeGreaterThanOrEqual(3);
        expect(messages.filter((m) => m.kind === 'waveform').length).toBeGreaterThanOrEqual(2);
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(errors).toEqual([]);
    for (const m of messages) {
      if (m.kind === 'vitals') {
        expect(m.demo).toBe(true);
        const hr = m.observations.find((o) => o.code === 'HR')!.value;
        expect(hr).toBeGreaterThanOrEqual(105);
      }
      if (m.kind === 'waveform') {
        expect(m.channels).toHaveLength(12);
        for (const c of m.channels) expect(c.samples.length).toBe(500);
      }
    }
    // the bridge's ACKs came back and were read, not left to fill the line
    await vi.waitFor(() => expect(monitor!.stats.bytesReceived).toBeGreaterThan(0), { timeout: 5000 });
  });

  it('should write an ORU^R40 when an alarm starts and one that ends it when the monitor is stopped', async () => {
    const messages: Hl7Message[] = [];
    const errors: string[] = [];
    readBridgeEnd((m) => messages.push(m), (c) => errors.push(c));
    // a minute of physiology per second: the cuff reads below 90 mmHg within about ten seconds
    monitor = startSerialMonitor({ path: join(dir, 'monitor'), scenario: 'haemorrhagic_shock', demo: true, timeScale: 60 });
    const alarms = () => messages.flatMap((m) => (m.kind === 'alarm' ? [m] : []));
    await vi.waitFor(() => expect(alarms().map((a) => a.vital?.code)).toContain('NIBP_SYS'), { timeout: 30_000, interval: 200 });
    await monitor.stop();
    monitor = null;
    await vi.waitFor(() => expect(alarms().filter((a) => a.state === 'inactive').length).toBe(alarms().filter((a) => a.state === 'active').length), {
      timeout: 5000,
    });

    expect(errors).toEqual([]);
    const pressure = alarms().filter((a) => a.vital?.code === 'NIBP_SYS');
    expect(pressure.map((a) => [a.alarmName, a.priority, a.state, a.phase, a.demo])).toEqual([
      ['MDC_EVT_LO', 'PH', 'active', 'start', true],
      ['MDC_EVT_LO', 'PH', 'inactive', 'end', true],
    ]);
    expect(pressure[0]!.vital!.value).toBeLessThan(90);
  });

  it('should drop what it cannot send and write again when the device appears', async () => {
    // a regular file stands in for the device that is not there yet: bytes are appended
    const file = join(dir, 'late-device');
    monitor = startSerialMonitor({ path: file, scenario: 'stroke' });
    await vi.waitFor(() => expect(monitor!.stats.dropped).toBeGreaterThanOrEqual(1), { timeout: 5000 });
    expect(monitor.stats.messages).toBe(0);

    writeFileSync(file, '');
    await vi.waitFor(() => expect(monitor!.stats.messages).toBeGreaterThanOrEqual(3), { timeout: 10_000 });
    await monitor.stop();
    monitor = null;
    const events = new Hl7StreamParser().push(readFileSync(file));
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
    expect(events.filter((e) => e.type === 'message').length).toBeGreaterThanOrEqual(3);
  });
});
