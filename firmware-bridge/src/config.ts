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
  /** offset assumed for device times that carry none (minutes east of UTC); null: the gateway's clock (`gatewayClock`) */
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
  /** the gateway's own time zone (the OS's): device times without an offset are read in it */
  readonly gatewayClock: GatewayClock;
}

/**
 * The zone of the gateway's clock: an IANA zone Node.js knows (daylight saving followed), or a
 * fixed offset when the OS names none (a POSIX TZ such as BusyBox/OpenWrt's `CST-8`, an empty TZ);
 * `reason` says why, for the start-up log.
 */
export type GatewayClock =
  | { readonly kind: 'zone'; readonly timeZone: string }
  | { readonly kind: 'fixed'; readonly utcOffsetMin: number; readonly reason: string };

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
  /** the zone Node.js names for this process (Intl; from TZ or /etc/localtime); null: none. Default: Intl's */
  timeZone?: string | null;
  /** this process's UTC offset now, minutes east (Date#getTimezoneOffset negated). Default: the process's */
  localUtcOffsetMin?: number;
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
  const clock = resolveGatewayClock({
    tz: sources.env.TZ,
    intlTimeZone: sources.timeZone === undefined ? systemTimeZone() : sources.timeZone,
    localUtcOffsetMin: sources.localUtcOffsetMin ?? -new Date().getTimezoneOffset(),
  });
  // the zone only matters to a monitor whose clock offset is not configured
  const needsZone = parsed.data.monitors.some((m) => m.utcOffsetMin === undefined);
  if (clock.kind === 'unusable' && needsZone) throw new BridgeConfigError([clock.problem]);
  const gatewayClock: GatewayClock = clock.kind === 'unusable' ? { kind: 'fixed', utcOffsetMin: clock.fallbackUtcOffsetMin, reason: clock.problem } : clock;
  return { kind: 'config', config: toConfig(parsed.data, password === undefined || password === '' ? null : password, tls, gatewayClock) };
}

/** The one place the bridge reads the process environment. */
export function loadBridgeConfigFromProcess(argv: readonly string[]): ConfigLoad {
  return loadBridgeConfig({ argv, env: process.env });
}

export function toConfig(
  settings: BridgeSettings,
  password: string | null,
  tls: BridgeConfig['mqtt']['tls'] = null,
  gatewayClock: GatewayClock = { kind: 'zone', timeZone: 'UTC' },
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
    gatewayClock: Object.freeze({ ...gatewayClock }),
  });
}

/** The zone Node.js names for this process (TZ, else /etc/localtime); null when it names none. */
function systemTimeZone(): string | null {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
}

export type ResolvedClock = GatewayClock | { kind: 'unusable'; problem: string; fallbackUtcOffsetMin: number };

/**
 * The gateway's zone from what Node.js names (Intl) and what TZ says. Node.js names no zone for a
 * POSIX TZ such as `CST-8` (BusyBox, OpenWrt) or an empty one (`Etc/Unknown`), and names "UTC"
 * for some it cannot read (`IST-5:30`, `CET-1CEST,M3.5.0,…`) while the C library's clock follows
 * them; a POSIX TZ is therefore read here and wins over a name whose offsets disagree with it.
 * Without a usable name: the POSIX offset (no daylight-saving rule), else the process's offset
 * now (TZ empty or unset); a zone name Node.js does not know, or a POSIX rule with daylight saving,
 * cannot be followed.
 */
export function resolveGatewayClock(input: { tz: string | undefined; intlTimeZone: string | null; localUtcOffsetMin: number }): ResolvedClock {
  const tz = input.tz?.trim() ?? '';
  const posix = parsePosixTz(tz);
  // TZ=:Asia/Shanghai, TZ=/usr/share/zoneinfo/Asia/Shanghai name a zone too
  const fromTz = /zoneinfo\/(.+)$/.exec(tz)?.[1] ?? tz.replace(/^:/, '');
  for (const name of [input.intlTimeZone, fromTz]) {
    if (name && name !== 'Etc/Unknown' && isKnownZone(name) && agreesWith(name, posix)) return { kind: 'zone', timeZone: name };
  }
  const fallbackUtcOffsetMin = input.localUtcOffsetMin;
  if (posix && posix.dstOffsetMin === null) {
    return { kind: 'fixed', utcOffsetMin: posix.stdOffsetMin, reason: `TZ=${tz} is a POSIX zone Node.js does not name; its fixed offset is used` };
  }
  if (posix) {
    return {
      kind: 'unusable',
      problem: `time zone TZ=${tz} has daylight-saving rules this Node.js does not follow: set TZ to an IANA name such as Europe/Berlin, or give utcOffsetMin`,
      fallbackUtcOffsetMin,
    };
  }
  const unknown = tz !== '' ? tz : input.intlTimeZone && input.intlTimeZone !== 'Etc/Unknown' ? input.intlTimeZone : null;
  if (unknown !== null) {
    return {
      kind: 'unusable',
      problem: `time zone ${unknown.replace(/^:/, '')} (TZ) is unknown to this Node.js: set TZ to an IANA name such as Asia/Shanghai, or give utcOffsetMin`,
      fallbackUtcOffsetMin,
    };
  }
  // TZ empty (UTC to the C library) or unset with no zone file Node.js can read: the process's own offset
  return {
    kind: 'fixed',
    utcOffsetMin: fallbackUtcOffsetMin,
    reason: `${input.tz === undefined ? 'TZ is unset' : 'TZ is empty'} and Node.js names no time zone; the process's current UTC offset is used`,
  };
}

function isKnownZone(name: string): boolean {
  try {
    utcOffsetInZoneAt(name, new Date());
    return true;
  } catch {
    return false;
  }
}

/** A zone Node.js names for a POSIX TZ must be at one of its offsets (Node.js names "UTC" for some it cannot read). */
function agreesWith(name: string, posix: PosixTz | null): boolean {
  if (posix === null) return true;
  const now = utcOffsetInZoneAt(name, new Date());
  return now === posix.stdOffsetMin || now === posix.dstOffsetMin;
}

interface PosixTz {
  /** minutes east of UTC (POSIX offsets count west) */
  stdOffsetMin: number;
  /** null: no daylight saving */
  dstOffsetMin: number | null;
}

const POSIX_NAME = String.raw`(?:[A-Za-z]{3,}|<[A-Za-z0-9+-]{3,}>)`;
const POSIX_OFFSET = String.raw`([+-]?)(\d{1,2})(?::(\d{2})(?::(\d{2}))?)?`;
const POSIX_TZ = new RegExp(`^${POSIX_NAME}${POSIX_OFFSET}(?:(${POSIX_NAME})(?:${POSIX_OFFSET})?(?:,.*)?)?$`);

/** `std offset [dst [offset] [,rule]]` (POSIX.1 TZ), e.g. CST-8, <+0530>-5:30, CET-1CEST,M3.5.0,M10.5.0/3. */
function parsePosixTz(tz: string): PosixTz | null {
  const m = POSIX_TZ.exec(tz);
  if (!m) return null;
  const west = (sign: string | undefined, h: string, mi?: string, sec?: string): number =>
    (sign === '-' ? -1 : 1) * (Number(h) * 60 + Number(mi ?? 0) + Number(sec ?? 0) / 60);
  // 0 - x, not -x: no -0 for UTC0
  const std = 0 - west(m[1], m[2]!, m[3], m[4]);
  if (m[5] === undefined) return { stdOffsetMin: std, dstOffsetMin: null };
  // a daylight-saving name without an offset is one hour ahead of standard time
  return { stdOffsetMin: std, dstOffsetMin: m[7] === undefined ? std + 60 : 0 - west(m[6], m[7], m[8], m[9]) };
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
