import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type BridgeConfig, BridgeConfigError, loadBridgeConfig } from './config';

const BASE_ARGS = ['--vehicle', 'amb-01', '--mqtt', 'mqtt://127.0.0.1:1883', '--outbox', '/var/lib/fb/outbox'];

interface LoadOptions {
  env?: Record<string, string>;
  files?: Record<string, string>;
  /** what Intl names as the process's zone (null: none); default Asia/Shanghai */
  timeZone?: string | null;
  localUtcOffsetMin?: number;
}

function load(argv: string[], options: LoadOptions = {}): BridgeConfig {
  const result = loadBridgeConfig({
    argv,
    env: options.env ?? {},
    timeZone: options.timeZone === undefined ? 'Asia/Shanghai' : options.timeZone,
    localUtcOffsetMin: options.localUtcOffsetMin ?? 480,
    readFile: (path) => {
      const text = options.files?.[path];
      if (text === undefined) throw new Error('ENOENT: no such file');
      return text;
    },
  });
  if (result.kind !== 'config') throw new Error('expected a config');
  return result.config;
}

function issuesOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof BridgeConfigError) return err.issues;
    throw err;
  }
  throw new Error('expected a BridgeConfigError');
}

describe(loadBridgeConfig.name, () => {
  it('should build the documented defaults from the minimal command line', () => {
    const sut = load([...BASE_ARGS, '--monitor', '/dev/ttyUSB0', '--protocol', 'hl7'], {
      env: { FEIJIU_BRIDGE_PASSWORD: 's3cret' },
    });
    expect(sut).toEqual({
      vehicleId: 'amb-01',
      mqtt: { url: 'mqtt://127.0.0.1:1883', protocolVersion: 4, clientId: 'bridge-amb-01', username: 'amb-01', password: 's3cret', tls: null },
      monitors: [{ id: 'm1', path: '/dev/ttyUSB0', baudRate: 115200, protocol: 'hl7', utcOffsetMin: null, ackMode: 'auto' }],
      gps: null,
      outbox: { dir: '/var/lib/fb/outbox', maxBytes: 512 * 1024 * 1024, fsyncIntervalMs: 100 },
      stateIntervalMs: 10_000,
      logLevel: 'info',
      gatewayClock: { kind: 'zone', timeZone: 'Asia/Shanghai' },
    });
    expect(Object.isFrozen(sut)).toBe(true);
  });

  it('should read device times without an offset in the gateway time zone unless --utc-offset-min is given', () => {
    expect(load([...BASE_ARGS, '--monitor', '/dev/ttyUSB0'], { timeZone: 'Europe/Berlin' })).toMatchObject({
      gatewayClock: { kind: 'zone', timeZone: 'Europe/Berlin' },
      monitors: [{ utcOffsetMin: null }],
    });
    expect(load([...BASE_ARGS, '--monitor', '/dev/ttyUSB0', '--utc-offset-min', '480']).monitors[0]!.utcOffsetMin).toBe(480);
    expect(issuesOf(() => load([...BASE_ARGS, '--monitor', '/dev/ttyUSB0'], { timeZone: 'Mars/Olympus_Mons' }))).toEqual([
      'time zone Mars/Olympus_Mons (TZ) is unknown to this Node.js: set TZ to an IANA name such as Asia/Shanghai, or give utcOffsetMin',
    ]);
    // the zone matters only to a monitor without utcOffsetMin
    expect(load([...BASE_ARGS, '--monitor', '/dev/ttyUSB0', '--utc-offset-min', '480'], { timeZone: 'Mars/Olympus_Mons' }).monitors[0]!.utcOffsetMin).toBe(480);
  });

  describe('the gateway time zone from a real TZ', () => {
    /** What a node process started with this TZ sees: Intl's zone name and its UTC offset now. */
    const probe = (tz: string): { timeZone: string | null; utcOffsetMin: number } => {
      const script = 'process.stdout.write(JSON.stringify({ timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone ?? null, utcOffsetMin: -new Date().getTimezoneOffset() }))';
      return JSON.parse(execFileSync(process.execPath, ['-e', script], { env: { ...process.env, TZ: tz }, encoding: 'utf8' })) as { timeZone: string | null; utcOffsetMin: number };
    };
    const loadWithTz = (tz: string, argv: string[]) => {
      const seen = probe(tz);
      return load(argv, { env: { TZ: tz }, timeZone: seen.timeZone, localUtcOffsetMin: seen.utcOffsetMin });
    };
    const withoutOffset = [...BASE_ARGS, '--monitor', '/dev/ttyUSB0'];
    const withOffset = [...withoutOffset, '--utc-offset-min', '480'];

    it('should read device times at +08:00 when TZ is the POSIX CST-8 of BusyBox/OpenWrt, which Node.js names no zone for', () => {
      expect(loadWithTz('CST-8', withoutOffset).gatewayClock).toEqual({ kind: 'fixed', utcOffsetMin: 480, reason: expect.stringContaining('TZ=CST-8') as string });
    });

    it.each([
      ['IST-5:30', 330],
      ['<+08>-8', 480],
      ['NPT-5:45', 345],
      ['EST5', -300],
      ['UTC0', 0],
    ])('should read device times at the fixed offset of the POSIX TZ %s (%i min), whatever Node.js makes of it', (tz, offsetMin) => {
      expect(loadWithTz(tz, withoutOffset).gatewayClock).toMatchObject({ kind: 'fixed', utcOffsetMin: offsetMin });
    });

    it('should follow the zone Node.js names for a POSIX TZ when its offsets agree (daylight saving included)', () => {
      expect(loadWithTz('PST8PDT', withoutOffset).gatewayClock).toEqual({ kind: 'zone', timeZone: 'America/Los_Angeles' });
      expect(loadWithTz('Asia/Shanghai', withoutOffset).gatewayClock).toEqual({ kind: 'zone', timeZone: 'Asia/Shanghai' });
      expect(loadWithTz('/usr/share/zoneinfo/Asia/Shanghai', withoutOffset).gatewayClock).toEqual({ kind: 'zone', timeZone: 'Asia/Shanghai' });
      // Node.js names no zone for a stray blank; the zone meant is plain
      expect(loadWithTz('Asia/Shanghai ', withoutOffset).gatewayClock).toEqual({ kind: 'zone', timeZone: 'Asia/Shanghai' });
      expect(issuesOf(() => loadWithTz('Asia/Shangai', withoutOffset))).toEqual([
        'time zone Asia/Shangai (TZ) is unknown to this Node.js: set TZ to an IANA name such as Asia/Shanghai, or give utcOffsetMin',
      ]);
    });

    it('should start with TZ="" (UTC to the C library) and read times without an offset as UTC, said out loud', () => {
      expect(loadWithTz('', withOffset).monitors[0]!.utcOffsetMin).toBe(480);
      expect(loadWithTz('', withoutOffset).gatewayClock).toEqual({ kind: 'fixed', utcOffsetMin: 0, reason: expect.stringContaining('TZ is empty') as string });
    });

    it('should refuse a POSIX TZ with daylight-saving rules Node.js does not follow, unless every monitor has utcOffsetMin', () => {
      const tz = 'CET-1CEST,M3.5.0,M10.5.0/3';
      expect(issuesOf(() => loadWithTz(tz, withoutOffset))).toEqual([
        `time zone TZ=${tz} has daylight-saving rules this Node.js does not follow: set TZ to an IANA name such as Europe/Berlin, or give utcOffsetMin`,
      ]);
      expect(loadWithTz(tz, withOffset).monitors[0]!.utcOffsetMin).toBe(480);
    });
  });

  it('should set the HL7 ACK mode of every --monitor port and refuse a mode it does not know', () => {
    const sut = load([...BASE_ARGS, '--monitor', '/dev/ttyUSB0', '--monitor', '/dev/ttyUSB1', '--ack-mode', 'never']);
    expect(sut.monitors.map((m) => m.ackMode)).toEqual(['never', 'never']);
    expect(issuesOf(() => load([...BASE_ARGS, '--monitor', '/dev/ttyUSB0', '--ack-mode', 'sometimes']))).toEqual([
      'monitors[0].ackMode (--monitor): Invalid option: expected one of "auto"|"always"|"never"',
    ]);
    expect(issuesOf(() => load([...BASE_ARGS, '--ack-mode', 'always']))[0]).toMatch(/--ack-mode apply to --monitor ports/);
  });

  it('should number repeated --monitor ports m1, m2 and accept an explicit id=path', () => {
    const sut = load([
      ...BASE_ARGS,
      '--monitor',
      '/dev/ttyUSB0',
      '--monitor',
      'rear=/dev/ttyUSB1',
      '--monitor',
      '/dev/ttyUSB2',
      '--baud',
      '9600',
      '--gps',
      '/dev/ttyACM0',
      '--mqtt-version',
      '5',
    ]);
    expect(sut.monitors.map((m) => [m.id, m.path, m.baudRate])).toEqual([
      ['m1', '/dev/ttyUSB0', 9600],
      ['rear', '/dev/ttyUSB1', 9600],
      ['m3', '/dev/ttyUSB2', 9600],
    ]);
    expect(sut.gps).toEqual({ path: '/dev/ttyACM0', baudRate: 9600 });
    expect(sut.mqtt.protocolVersion).toBe(5);
  });

  it('should read the same settings from a JSON file and let flags override it', () => {
    const file = JSON.stringify({
      vehicle: 'amb-02',
      mqtt: 'mqtts://broker.example:8883',
      mqttVersion: 5,
      monitors: [
        { id: 'front', path: '/dev/serial/by-id/usb-FTDI-a', baud: 38400, protocol: 'hl7', utcOffsetMin: 480, ackMode: 'always' },
        { path: '/dev/serial/by-id/usb-FTDI-b' },
      ],
      gps: { path: '/dev/ttyACM0', baud: 4800 },
      outbox: 'outbox',
      outboxMaxMb: 64,
      outboxFsyncMs: 0,
      logLevel: 'debug',
    });
    const sut = load(['--config', '/etc/feijiu/bridge.json', '--log-level', 'warn'], { files: { '/etc/feijiu/bridge.json': file } });
    expect(sut.vehicleId).toBe('amb-02');
    expect(sut.monitors).toEqual([
      { id: 'front', path: '/dev/serial/by-id/usb-FTDI-a', baudRate: 38400, protocol: 'hl7', utcOffsetMin: 480, ackMode: 'always' },
      { id: 'm2', path: '/dev/serial/by-id/usb-FTDI-b', baudRate: 115200, protocol: 'hl7', utcOffsetMin: null, ackMode: 'auto' },
    ]);
    expect(sut.gps).toEqual({ path: '/dev/ttyACM0', baudRate: 4800 });
    expect(sut.outbox).toEqual({ dir: resolve('outbox'), maxBytes: 64 * 1024 * 1024, fsyncIntervalMs: 0 });
    expect(sut.logLevel).toBe('warn');
    expect(sut.mqtt.password).toBeNull();
  });

  it('should read the broker CA, and a client certificate with its key, for an mqtts:// broker', () => {
    const tlsArgs = ['--vehicle', 'amb-01', '--mqtt', 'mqtts://broker.example:8883', '--outbox', '/o', '--monitor', '/dev/ttyUSB0'];
    const files = { '/etc/feijiu/ca.pem': 'CA PEM', '/etc/feijiu/amb-01.crt': 'CERT PEM', '/etc/feijiu/amb-01.key': 'KEY PEM' };
    expect(load([...tlsArgs, '--ca', '/etc/feijiu/ca.pem'], { files }).mqtt.tls).toEqual({ ca: 'CA PEM', cert: null, key: null });
    const mutual = load([...tlsArgs, '--ca', '/etc/feijiu/ca.pem', '--cert', '/etc/feijiu/amb-01.crt', '--key', '/etc/feijiu/amb-01.key'], { files });
    expect(mutual.mqtt.tls).toEqual({ ca: 'CA PEM', cert: 'CERT PEM', key: 'KEY PEM' });
    expect(load(tlsArgs).mqtt.tls).toBeNull(); // the system's CAs
  });

  it('should refuse TLS files for a plain broker URL, a certificate without its key, and a file it cannot read', () => {
    const args = [...BASE_ARGS, '--monitor', '/dev/ttyUSB0'];
    expect(issuesOf(() => load([...args, '--ca', '/ca.pem'], { files: { '/ca.pem': 'x' } }))).toEqual([
      'ca (--ca): needs an mqtts:// or wss:// broker URL',
    ]);
    const secure = ['--vehicle', 'amb-01', '--mqtt', 'mqtts://b:8883', '--outbox', '/o', '--monitor', '/dev/ttyUSB0'];
    expect(issuesOf(() => load([...secure, '--cert', '/c.pem'], { files: { '/c.pem': 'x' } }))).toEqual(['cert (--cert): cert and key go together']);
    expect(issuesOf(() => load([...secure, '--ca', '/missing.pem']))).toEqual(['ca (--ca): cannot read /missing.pem: ENOENT: no such file']);
  });

  it('should name a misspelt key and a bad value in the file', () => {
    const file = JSON.stringify({
      vehicle: 'amb-02',
      mqtt: 'mqtt://core:1883',
      monitors: [{ path: '/dev/ttyUSB0', baud: 'fast' }],
      outbox: '/tmp/o',
      outboxMaxMB: 10,
    });
    const issues = issuesOf(() => load(['--config', 'b.json'], { files: { 'b.json': file } }));
    expect(issues).toContain('outboxMaxMB: unknown setting');
    expect(issues.some((i) => i.startsWith('monitors[0].baud: '))).toBe(true);
  });

  it('should name the flag a bad command-line value came from', () => {
    const issues = issuesOf(() => load([...BASE_ARGS, '--monitor', '/dev/ttyUSB0', '--mqtt-version', '3']));
    expect(issues).toEqual(['mqttVersion (--mqtt-version): expected 4 (MQTT 3.1.1) or 5']);
  });

  it('should say which required settings are missing', () => {
    const issues = issuesOf(() => load(['--vehicle', 'amb-01']));
    expect(issues).toEqual(['mqtt: required', 'monitors: required', 'outbox: required']);
  });

  it('should refuse a vehicle id that cannot be an MQTT topic level', () => {
    const issues = issuesOf(() => load(['--vehicle', 'Amb/01', '--mqtt', 'mqtt://x', '--monitor', '/dev/a', '--outbox', 'o']));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^vehicle \(--vehicle\): /);
  });

  it('should refuse the same serial port twice', () => {
    const issues = issuesOf(() => load([...BASE_ARGS, '--monitor', '/dev/ttyUSB0', '--monitor', '/dev/ttyUSB0']));
    expect(issues).toEqual(['monitors[1].path (--monitor): serial port /dev/ttyUSB0 is used twice']);
  });

  it('should refuse a protocol the bridge cannot read yet', () => {
    const issues = issuesOf(() => load([...BASE_ARGS, '--monitor', '/dev/ttyUSB0', '--protocol', 'datex']));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^monitors\[0\]\.protocol \(--monitor\): /);
  });

  it('should refuse an unknown flag and an unreadable file', () => {
    expect(issuesOf(() => load([...BASE_ARGS, '--monitr', '/dev/a']))[0]).toMatch(/--monitr/);
    expect(issuesOf(() => load(['--config', 'missing.json']))[0]).toMatch(/^--config: cannot read missing.json/);
  });
});
