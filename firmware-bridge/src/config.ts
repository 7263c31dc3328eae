import { type Hl7AckMode, utcOffsetInZoneAt } from '@feijiu/monitor-protocols';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { type CliInput, parseCli } from './cli';
import { BridgeSettingsSchema, type BridgeSettings, type LOG_LEVELS, type MonitorProtocol } from './config.schema';

// Settings are read once at start (command line, optional JSON file, FEIJIU_BRIDGE_PASSWORD)
// into a frozen object; this is the only file of the bridge that reads process.env. A bad
// setting stops the bridge (exit 2) with every bad key named.

export const PASSWORD_ENV = 'FEIJIU_BRIDGE_PASSWORD';
/** `state` is republished this often, and on every change. */
export const STATE_INTERVAL_MS = 10_000;

export interface MonitorConfig {
  readonly id: string;
  readonly path: string;
  readonly baudRate: number;
  readonly protocol: MonitorProtocol;
  /** offset assumed for device times that carry none (minutes east of UTC); null: the gateway's `timeZone` */
  readonly utcOffsetMin: number | null;
  /** when the monitor gets an HL7 ACK (README "What it publishes") */
  readonly ackMode: Hl7AckMode;
}

export interface GpsConfig {
  readonly path: string;
  readonly baudRate: number;
}

export interface BridgeConfig {
  readonly vehicleId: string;
  readonly mqtt: {
    readonly url: string;
    readonly protocolVersion: 4 | 5;
    readonly clientId: string;
    readonly username: string;
    readonly password: string | null;
    /** PEM contents for mqtts:// / wss://; null: plain, or TLS with the system's CAs */
    readonly tls: { readonly ca: string | null; readonly cert: string | null; readonly key: string | null } | null;
  };
  readonly monitors: readonly MonitorConfig[];
  readonly gps: GpsConfig | null;
  readonly outbox: { readonly dir: string; readonly maxBytes: number; readonly fsyncIntervalMs: number };
  readonly stateIntervalMs: number;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  /** the gateway's IANA time zone (the OS's): device times without an offset are read in it */
  readonly timeZone: string;
}

export class BridgeConfigError extends Error {
  override readonly name = 'BridgeConfigError';
  constructor(readonly issues: readonly string[]) {
    super(`bad firmware-bridge configuration:\n  ${issues.join('\n  ')}`);
  }
}

export type ConfigLoad = { kind: 'help' } | { kind: 'config'; config: BridgeConfig };

export interface ConfigSources {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  readFile?: (path: string) => string;
  /** the gateway's IANA time zone; default the OS's (TZ, /etc/localtime) */
  timeZone?: string;
}

/** Command line + optional file + environment → validated config; throws BridgeConfigError. */
export function loadBridgeConfig(sources: ConfigSources): ConfigLoad {
  let cli: CliInput;
  try {
    cli = parseCli(sources.argv);
  } catch (err) {
    throw new BridgeConfigError([(err as Error).message]);
  }
  if (cli.help) return { kind: 'help' };
  const fromFile = cli.configFile === null ? {} : readConfigFile(cli.configFile, sources.readFile);
  const merged = { ...fromFile, ...cli.settings };
  const parsed = BridgeSettingsSchema.safeParse(merged);
  if (!parsed.success) throw new BridgeConfigError(describeIssues(parsed.error.issues, cli, merged));
  const password = sources.env[PASSWORD_ENV];
  const tls = readTlsFiles(parsed.data, cli, sources.readFile);
  const timeZone = checkTimeZone(sources.timeZone ?? systemTimeZone());
  return { kind: 'config', config: toConfig(parsed.data, password === undefined || password === '' ? null : password, tls, timeZone) };
}

/** The one place the bridge reads the process environment. */
export function loadBridgeConfigFromProcess(argv: readonly string[]): ConfigLoad {
  return loadBridgeConfig({ argv, env: process.env });
}

export function toConfig(
  settings: BridgeSettings,
  password: string | null,
  tls: BridgeConfig['mqtt']['tls'] = null,
  timeZone: string = systemTimeZone(),
): BridgeConfig {
  const monitors = settings.monitors.map((m, i) =>
    Object.freeze({ id: m.id ?? `m${i + 1}`, path: m.path, baudRate: m.baud, protocol: m.protocol, utcOffsetMin: m.utcOffsetMin ?? null, ackMode: m.ackMode }),
  );
  return Object.freeze({
    vehicleId: settings.vehicle,
    mqtt: Object.freeze({
      url: settings.mqtt,
      protocolVersion: settings.mqttVersion,
      clientId: `bridge-${settings.vehicle}`,
      username: settings.vehicle,
      password,
      tls: tls && Object.freeze(tls),
    }),
    monitors: Object.freeze(monitors),
    gps: settings.gps ? Object.freeze({ path: settings.gps.path, baudRate: settings.gps.baud }) : null,
    outbox: Object.freeze({
      dir: resolve(settings.outbox),
      maxBytes: Math.round(settings.outboxMaxMb * 1024 * 1024),
      fsyncIntervalMs: settings.outboxFsyncMs,
    }),
    stateIntervalMs: STATE_INTERVAL_MS,
    logLevel: settings.logLevel,
    timeZone,
  });
}

/** The OS's time zone as Node sees it (TZ, else /etc/localtime); UTC when it cannot tell. */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function checkTimeZone(timeZone: string): string {
  try {
    utcOffsetInZoneAt(timeZone, new Date());
    return timeZone;
  } catch {
    throw new BridgeConfigError([`time zone ${timeZone} (TZ) is unknown to this Node.js: set TZ to an IANA name such as Asia/Shanghai, or give utcOffsetMin`]);
  }
}

/** The TLS files named in the settings, read once at start: a file that cannot be read stops the bridge. */
function readTlsFiles(settings: BridgeSettings, cli: CliInput, readFile = (p: string) => readFileSync(p, 'utf8')): BridgeConfig['mqtt']['tls'] {
  if (settings.ca === undefined && settings.cert === undefined) return null;
  const issues: string[] = [];
  const read = (key: 'ca' | 'cert' | 'key'): string | null => {
    const path = settings[key];
    if (path === undefined) return null;
    try {
      return readFile(path);
    } catch (err) {
      issues.push(`${key}${cli.flags[key] ? ` (${cli.flags[key]})` : ''}: cannot read ${path}: ${(err as Error).message}`);
      return null;
    }
  };
  const tls = { ca: read('ca'), cert: read('cert'), key: read('key') };
  if (issues.length) throw new BridgeConfigError(issues);
  return tls;
}

/** The broker URL without credentials, for logs. */
export function describeBrokerUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

function readConfigFile(path: string, readFile = (p: string) => readFileSync(p, 'utf8')): Record<string, unknown> {
  let text: string;
  try {
    text = readFile(path);
  } catch (err) {
    throw new BridgeConfigError([`--config: cannot read ${path}: ${(err as Error).message}`]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new BridgeConfigError([`--config: ${path} is not valid JSON: ${(err as Error).message}`]);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BridgeConfigError([`--config: ${path} must hold a JSON object`]);
  }
  return value as Record<string, unknown>;
}

function describeIssues(issues: readonly z.core.$ZodIssue[], cli: CliInput, input: Record<string, unknown>): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${formatPath([...issue.path, key])}: unknown setting`);
    }
    const top = typeof issue.path[0] === 'string' ? issue.path[0] : '';
    const flag = cli.flags[top];
    const where = flag ? ` (${flag})` : '';
    const missing = issue.path.length === 1 && !(top in input);
    return [`${formatPath(issue.path)}${where}: ${missing ? 'required' : issue.message}`];
  });
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '') || '(root)';
}
