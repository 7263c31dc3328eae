import { closeSync, constants, createWriteStream, openSync } from 'node:fs';
import { isatty, ReadStream } from 'node:tty';
import type { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import type { RandomSource } from '../random';
import { Hl7MonitorStream } from './hl7-monitor-stream';
import type { ScenarioKind } from './patient-scenario';

// A simulated transport monitor on a serial line: HL7 bytes written into a device path, usually
// one end of a socat pty pair whose other end the firmware-bridge reads, so tests drive the real
// bridge exactly as a monitor's cable would. A pty is put in raw mode and its input (the
// bridge's ACKs) is read and discarded, so it never fills up. When the device goes away the
// monitor keeps measuring and tries to reopen it; what it could not send is lost, as with a
// real cable pulled out.

export interface SerialMonitorOptions {
  /** The device to write to: a pty (e.g. /dev/pts/3) or, for tests, a regular file. */
  path: string;
  scenario: ScenarioKind;
  /** Clock in epoch ms; Date.now by default. */
  clock?: () => number;
  random?: RandomSource;
  /** OBX-8 `DEMO` on every numeric. */
  demo?: boolean;
  /** The monitor's EUI-64 (16 hex digits). */
  deviceId?: string;
  /** Physiology speed-up. */
  timeScale?: number;
  stemiTerritory?: 'inferior' | 'anterior';
  logger?: Logger;
  intervalMs?: number;
}

export interface SerialMonitorStats {
  messages: number;
  bytes: number;
  dropped: number;
  bytesReceived: number;
}

export interface SerialMonitor {
  readonly stats: Readonly<SerialMonitorStats>;
  stop(): Promise<void>;
}

// a reader this far behind is not reading: drop rather than buffer without end
const MAX_BACKLOG_BYTES = 512 * 1024;
const REOPEN_MS = 2000;

interface Device {
  stream: Writable;
  close(): Promise<void>;
}

export function startSerialMonitor(options: SerialMonitorOptions): SerialMonitor {
  const clock = options.clock ?? Date.now;
  const logger = options.logger ?? pino({ level: 'silent' });
  const stream = new Hl7MonitorStream({
    scenario: options.scenario,
    startMs: clock(),
    random: options.random ?? Math.random,
    timeScale: options.timeScale,
    stemiTerritory: options.stemiTerritory,
    demo: options.demo,
    deviceId: options.deviceId,
  });
  const stats: SerialMonitorStats = { messages: 0, bytes: 0, dropped: 0, bytesReceived: 0 };
  let device: Device | null = null;
  let reopenAtMs = 0;
  let stopped = false;
  let problemLogged = false;

  const open = () => {
    try {
      device = openDevice(options.path, (n) => (stats.bytesReceived += n), (err) => lost(err));
      if (problemLogged) logger.info({ path: options.path }, 'serial device open again');
      problemLogged = false;
    } catch (err) {
      lost(err);
    }
  };
  const lost = (err: unknown) => {
    if (!problemLogged) logger.warn({ path: options.path, err: String(err) }, 'serial device unavailable; retrying');
    problemLogged = true;
    const gone = device;
    device = null;
    void gone?.close();
    reopenAtMs = clock() + REOPEN_MS;
  };

  const pump = () => {
    const frames = stream.produce(clock());
    if (!device && !stopped && clock() >= reopenAtMs) open();
    for (const frame of frames) {
      if (!device || device.stream.writableLength > MAX_BACKLOG_BYTES) {
        stats.dropped++;
        continue;
      }
      device.stream.write(frame);
      stats.messages++;
      stats.bytes += frame.length;
    }
  };

  open();
  const timer = setInterval(pump, options.intervalMs ?? 200);
  logger.info({ path: options.path, scenario: options.scenario, demo: options.demo ?? false }, 'serial monitor started');

  return {
    stats,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      // switched off with alarms on: the monitor reports them over before it goes quiet
      if (device) {
        for (const frame of stream.end(clock())) {
          device.stream.write(frame);
          stats.messages++;
          stats.bytes += frame.length;
        }
      }
      const last = device;
      device = null;
      await last?.close();
      logger.info({ path: options.path, ...stats }, 'serial monitor stopped');
    },
  };
}

function openDevice(path: string, onRead: (bytes: number) => void, onLost: (err: unknown) => void): Device {
  // O_APPEND: a regular file (tests) is added to, never overwritten; a tty ignores it
  const fd = openSync(path, constants.O_RDWR | constants.O_NOCTTY | constants.O_APPEND);
  if (!isatty(fd)) {
    const file = createWriteStream('', { fd, autoClose: true });
    file.on('error', onLost);
    return { stream: file, close: () => endStream(file) };
  }
  // a tty stream is a duplex on the pty: raw bytes out (no CR/LF translation, no echo), ACKs in
  let tty: ReadStream;
  try {
    tty = new ReadStream(fd);
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  tty.setRawMode(true);
  tty.on('data', (chunk: Buffer) => onRead(chunk.length));
  tty.on('error', onLost);
  tty.on('close', () => onLost(new Error('device closed')));
  return {
    stream: tty,
    close: async () => {
      tty.removeAllListeners('close');
      tty.removeAllListeners('error');
      tty.on('error', () => undefined);
      // a tty duplex never 'finish'es while its read side is open: wait for the writes to drain
      await drained(tty);
      tty.destroy();
    },
  };
}

function drained(stream: Writable): Promise<void> {
  if (stream.writableLength === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 1000);
    stream.once('drain', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function endStream(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      stream.destroy();
      resolve();
    }, 1000);
    stream.end(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
