import { SerialPort } from 'serialport';

// The simulated monitor or GPS receiver on the far end of a socat cable: writes bytes, and
// collects what the bridge writes back (HL7 ACKs).

export class DeviceEnd {
  private received = Buffer.alloc(0);

  private constructor(private readonly port: SerialPort) {
    port.on('data', (chunk: Buffer) => {
      this.received = Buffer.concat([this.received, chunk]);
    });
    port.on('error', () => undefined);
  }

  static async open(path: string): Promise<DeviceEnd> {
    const port = new SerialPort({ path, baudRate: 115200, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    return new DeviceEnd(port);
  }

  async write(data: Buffer | string): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.port.write(data, (err) => (err ? reject(err) : resolve()));
    });
    await new Promise<void>((resolve, reject) => this.port.drain((err) => (err ? reject(err) : resolve())));
  }

  /** Everything the bridge wrote back, as text. */
  get receivedText(): string {
    return this.received.toString('latin1');
  }

  async close(): Promise<void> {
    if (!this.port.isOpen) return;
    await new Promise<void>((resolve) => this.port.close(() => resolve()));
  }
}
