import type { Logger } from 'pino';
import { SerialPort } from 'serialport';

// One serial device (a monitor or the GPS receiver) that may come and go: USB adapters vanish
// and come back under the same path. The source keeps trying to open it (1 s, doubling up to
// 5 s), reports each connection and loss, and delivers bytes as they arrive. Each connection
// is a fresh session, so the consumer starts a fresh parser and no half frame from before a
// replug is glued to new bytes.

/** The part of `SerialPort` the source uses (tests may pass @serialport/binding-mock ports). */
export interface SerialPortLike {
  readonly isOpen: boolean;
  open(callback: (err: Error | null) => void): void;
  close(callback?: (err: Error | null) => void): void;
  write(data: Buffer, callback?: (err: Error | null | undefined) => void): boolean;
  on(event: 'data', listener: (chunk: Buffer) => void): this;
  on(event: 'close', listener: (err?: Error & { disconnected?: boolean }) => void): this;
  on(event: 'error', listener: (err: Error) => void): this;
  removeAllListeners(): this;
}

export type OpenSerialPort = (options: { path: string; baudRate: number }) => SerialPortLike;

export interface SerialSession {
  /** Writes to the device (HL7 ACKs); false when the connection is already gone. */
  write(data: Buffer): boolean;
}

export interface SerialSourceListener {
  onConnected(session: SerialSession): void;
  onData(chunk: Buffer): void;
  onDisconnected(reason: string): void;
}

export interface SerialSourceOptions {
  name: string;
  path: string;
  baudRate: number;
  logger: Logger;
  retryInitialMs?: number;
  retryMaxMs?: number;
  openPort?: OpenSerialPort;
}

export const openRealSerialPort: OpenSerialPort = ({ path, baudRate }) =>
  new SerialPort({ path, baudRate, autoOpen: false, dataBits: 8, parity: 'none', stopBits: 1, rtscts: false });

export class SerialSource {
  private port: SerialPortLike | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private running = false;
  private isConnected = false;
  private lastFailure = '';
  private connections = 0;

  constructor(
    private readonly options: SerialSourceOptions,
    private readonly listener: SerialSourceListener,
  ) {}

  get connected(): boolean {
    return this.isConnected;
  }

  /** How many times the port was opened (1 after the first open; more after replugs). */
  get connectionCount(): number {
    return this.connections;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.tryOpen();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const port = this.port;
    this.port = null;
    if (!port) return;
    port.removeAllListeners();
    // a late 'error' from the binding after this point must not crash the process
    port.on('error', () => undefined);
    this.markDisconnected('stopped');
    if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  private tryOpen(): void {
    this.retryTimer = null;
    if (!this.running) return;
    const { path, baudRate } = this.options;
    let port: SerialPortLike;
    try {
      port = (this.options.openPort ?? openRealSerialPort)({ path, baudRate });
    } catch (err) {
      this.scheduleRetry((err as Error).message);
      return;
    }
    this.port = port;
    port.on('error', (err) => this.lose(port, err.message));
    port.on('close', (err) => this.lose(port, err?.message ?? 'closed'));
    port.on('data', (chunk) => {
      if (this.port === port) this.listener.onData(chunk);
    });
    port.open((err) => {
      if (this.port !== port) return;
      if (err) {
        this.port = null;
        port.removeAllListeners();
        port.on('error', () => undefined);
        this.scheduleRetry(err.message);
        return;
      }
      this.failures = 0;
      this.lastFailure = '';
      this.isConnected = true;
      this.connections++;
      this.options.logger.info({ port: this.options.name, path, baudRate }, 'serial port open');
      this.listener.onConnected({ write: (data) => this.write(port, data) });
    });
  }

  private write(port: SerialPortLike, data: Buffer): boolean {
    if (this.port !== port || !port.isOpen) return false;
    port.write(data, (err) => {
      if (err) this.options.logger.warn({ port: this.options.name, err: err.message }, 'serial write failed');
    });
    return true;
  }

  /** The port closed or failed: drop it and start retrying (once per connection). */
  private lose(port: SerialPortLike, reason: string): void {
    if (this.port !== port) return;
    this.port = null;
    port.removeAllListeners();
    port.on('error', () => undefined);
    if (port.isOpen) port.close(() => undefined);
    this.options.logger.warn({ port: this.options.name, path: this.options.path, reason }, 'serial port lost; reconnecting');
    this.markDisconnected(reason);
    this.scheduleRetry(reason);
  }

  private markDisconnected(reason: string): void {
    if (!this.isConnected) return;
    this.isConnected = false;
    this.listener.onDisconnected(reason);
  }

  private scheduleRetry(reason: string): void {
    if (!this.running) return;
    this.failures++;
    // a missing USB adapter fails every second for hours: log each new reason once
    if (reason !== this.lastFailure) {
      this.lastFailure = reason;
      this.options.logger.warn({ port: this.options.name, path: this.options.path, reason }, 'serial port not available; retrying');
    }
    const initial = this.options.retryInitialMs ?? 1000;
    const max = this.options.retryMaxMs ?? 5000;
    const delay = Math.min(max, initial * 2 ** Math.min(this.failures - 1, 10));
    this.retryTimer = setTimeout(() => this.tryOpen(), delay);
  }
}
