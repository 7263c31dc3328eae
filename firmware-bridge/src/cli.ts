import { parseArgs } from 'node:util';

// Command line → raw settings (the config file's keys). No validation beyond the flag names
// here: values are checked with the file's values in config.ts, against one schema.

export const USAGE = `Usage: npm run bridge -- --vehicle <id> --mqtt <url> --monitor [<id>=]<serial path> [--monitor …]
                         --outbox <dir> [options]
       npm run bridge -- --config <file.json> [flags that override the file]

  --vehicle <id>           vehicle id (MQTT username, topics feijiu/v1/vehicles/<id>/…)
  --mqtt <url>             broker URL (mqtt://, mqtts://, ws://, wss://); password from FEIJIU_BRIDGE_PASSWORD
  --mqtt-version <4|5>     MQTT 3.1.1 (default; the embedded aedes broker) or 5 (Mosquitto, EMQX)
  --ca <file.pem>          with mqtts:// or wss://: the CA that signed the broker's certificate (default: the system's CAs)
  --cert <file.pem>        with --key: this gateway's client certificate, for brokers that require one (mutual TLS)
  --key <file.pem>         the private key of --cert (keep it readable by the bridge's user only)
  --monitor [<id>=]<path>  a patient monitor's serial port; repeatable; ids default to m1, m2, …
  --protocol hl7           protocol of the --monitor ports (default hl7)
  --baud <n>               baud rate of the --monitor ports (default 115200)
  --utc-offset-min <n>     offset of --monitor clocks that send times without one, minutes (China +480;
                           default: the gateway's time zone, from the OS or TZ)
  --ack-mode <mode>        HL7 ACKs to the --monitor ports: auto (default: as MSH-15/16 ask; both empty = every
                           message, HL7 original mode), always, never
  --gps <path>             GPS receiver's serial port (NMEA 0183)
  --gps-baud <n>           GPS baud rate (default 9600)
  --outbox <dir>           durable outbox directory
  --outbox-max-mb <n>      outbox size bound; waveforms are thinned first (default 512)
  --outbox-fsync-ms <n>    group fsync window of waveform chunks, 0-100 ms (default 100; 0 = every chunk;
                           vitals, GPS and alarms are always fsynced before they are queued)
  --log-level <level>      fatal, error, warn, info (default), debug, trace, silent
  --config <file.json>     the same settings as JSON (keys: vehicle, mqtt, mqttVersion, ca, cert, key, monitors[{id,path,baud,protocol,utcOffsetMin,ackMode}],
                           gps ("path" or {path,baud}), outbox, outboxMaxMb, outboxFsyncMs, logLevel)
  --help                   this text
`;

export interface CliInput {
  help: boolean;
  configFile: string | null;
  /** Settings given as flags, keyed like the config file; they override the file's. */
  settings: Record<string, unknown>;
  /** setting key → the flag it came from, for error messages */
  flags: Record<string, string>;
}

export class CliError extends Error {
  override readonly name = 'CliError';
}

const OPTIONS = {
  config: { type: 'string' },
  vehicle: { type: 'string' },
  mqtt: { type: 'string' },
  'mqtt-version': { type: 'string' },
  ca: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  monitor: { type: 'string', multiple: true },
  protocol: { type: 'string' },
  baud: { type: 'string' },
  'utc-offset-min': { type: 'string' },
  'ack-mode': { type: 'string' },
  gps: { type: 'string' },
  'gps-baud': { type: 'string' },
  outbox: { type: 'string' },
  'outbox-max-mb': { type: 'string' },
  'outbox-fsync-ms': { type: 'string' },
  'log-level': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseCli(argv: readonly string[]): CliInput {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  const settings: Record<string, unknown> = {};
  const flags: Record<string, string> = {};
  const set = (key: string, flag: string, value: unknown) => {
    if (value === undefined) return;
    settings[key] = value;
    flags[key] = flag;
  };
  set('vehicle', '--vehicle', values.vehicle);
  set('mqtt', '--mqtt', values.mqtt);
  set('mqttVersion', '--mqtt-version', toNumber(values['mqtt-version']));
  set('ca', '--ca', values.ca);
  set('cert', '--cert', values.cert);
  set('key', '--key', values.key);
  set('outbox', '--outbox', values.outbox);
  set('outboxMaxMb', '--outbox-max-mb', toNumber(values['outbox-max-mb']));
  set('outboxFsyncMs', '--outbox-fsync-ms', toNumber(values['outbox-fsync-ms']));
  set('logLevel', '--log-level', values['log-level']);
  if (values.gps !== undefined) {
    set('gps', '--gps', { path: values.gps, ...(values['gps-baud'] !== undefined && { baud: toNumber(values['gps-baud']) }) });
  } else if (values['gps-baud'] !== undefined) {
    throw new CliError('--gps-baud needs --gps');
  }
  if (values.monitor !== undefined) {
    const monitors = values.monitor.map((spec) => ({
      ...splitMonitorSpec(spec),
      ...(values.baud !== undefined && { baud: toNumber(values.baud) }),
      ...(values.protocol !== undefined && { protocol: values.protocol }),
      ...(values['utc-offset-min'] !== undefined && { utcOffsetMin: toNumber(values['utc-offset-min']) }),
      ...(values['ack-mode'] !== undefined && { ackMode: values['ack-mode'] }),
    }));
    set('monitors', '--monitor', monitors);
  } else if (values.baud !== undefined || values.protocol !== undefined || values['utc-offset-min'] !== undefined || values['ack-mode'] !== undefined) {
    throw new CliError('--baud, --protocol, --utc-offset-min and --ack-mode apply to --monitor ports: give at least one --monitor');
  }
  return { help: values.help === true, configFile: values.config ?? null, settings, flags };
}

function parse(argv: readonly string[]) {
  return parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false });
}

/** `m1=/dev/ttyUSB0` or a plain path (its id is then given by position). */
function splitMonitorSpec(spec: string): { id?: string; path: string } {
  const eq = spec.indexOf('=');
  if (eq > 0 && !spec.slice(0, eq).includes('/')) return { id: spec.slice(0, eq), path: spec.slice(eq + 1) };
  return { path: spec };
}

/** Numbers stay numbers; anything else is passed on so the schema names the bad key. */
function toNumber(value: string | undefined): number | string | undefined {
  if (value === undefined) return undefined;
  return /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
}
