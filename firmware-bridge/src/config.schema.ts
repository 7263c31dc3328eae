import { EntityIdSchema, MonitorIdSchema } from '@feijiu/contracts';
import { HL7_ACK_MODES } from '@feijiu/monitor-protocols';
import { z } from 'zod';

// The bridge's settings, one shape for the JSON config file and the command line (flags are the
// kebab-case of these keys; `--monitor` fills `monitors`). Unknown keys are errors, so a typo
// in a file never silently falls back to a default.

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
/** Protocols the bridge can read today; the contract also names intellivue, datex and sim. */
export const SUPPORTED_PROTOCOLS = ['hl7'] as const;
export type MonitorProtocol = (typeof SUPPORTED_PROTOCOLS)[number];

export const DEFAULT_MONITOR_BAUD = 115_200;
export const DEFAULT_GPS_BAUD = 9_600;
export const DEFAULT_OUTBOX_MAX_MB = 512;
export const DEFAULT_OUTBOX_FSYNC_MS = 100;

const BaudSchema = z.number().int().min(300).max(4_000_000);
const PathSchema = z.string().trim().min(1);

export const MonitorSettingsSchema = z.strictObject({
  id: MonitorIdSchema.regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash, underscore').optional(),
  path: PathSchema,
  baud: BaudSchema.default(DEFAULT_MONITOR_BAUD),
  protocol: z.enum(SUPPORTED_PROTOCOLS).default('hl7'),
  // device clocks often send local time without an offset (MSH-7, OBX-14); China is +480.
  // Absent: the gateway's own time zone (the OS's, daylight saving included).
  utcOffsetMin: z.number().int().min(-720).max(840).optional(),
  // HL7 ACKs: auto = as MSH-15/16 ask (both empty: original mode, every message), always, never
  ackMode: z.enum(HL7_ACK_MODES).default('auto'),
});

export const GpsSettingsSchema = z.union([
  PathSchema.transform((path) => ({ path, baud: DEFAULT_GPS_BAUD })),
  z.strictObject({ path: PathSchema, baud: BaudSchema.default(DEFAULT_GPS_BAUD) }),
]);

export const BridgeSettingsSchema = z
  .strictObject({
    vehicle: EntityIdSchema,
    mqtt: z.url({ protocol: /^(mqtts?|wss?|tcp)$/, error: 'expected an mqtt://, mqtts://, ws:// or wss:// URL' }),
    mqttVersion: z.union([z.literal(4), z.literal(5)], { error: 'expected 4 (MQTT 3.1.1) or 5' }).default(4),
    // TLS (mqtts://, wss://): the CA that signed the broker's certificate (default: the system's
    // CAs), and for brokers that require one (Mosquitto require_certificate) this gateway's own
    // certificate and key, PEM files
    ca: PathSchema.optional(),
    cert: PathSchema.optional(),
    key: PathSchema.optional(),
    monitors: z.array(MonitorSettingsSchema).min(1, 'at least one monitor').max(16),
    gps: GpsSettingsSchema.optional(),
    outbox: PathSchema,
    outboxMaxMb: z.number().positive().max(1_000_000).default(DEFAULT_OUTBOX_MAX_MB),
    // ≤ 100 ms of waveform chunks: what a power cut may lose (numerics are fsynced at once; README "Durability")
    outboxFsyncMs: z.number().int().min(0).max(100).default(DEFAULT_OUTBOX_FSYNC_MS),
    logLevel: z.enum(LOG_LEVELS).default('info'),
  })
  .superRefine((settings, ctx) => {
    const secure = /^(mqtts|wss):/.test(settings.mqtt);
    for (const key of ['ca', 'cert', 'key'] as const) {
      if (settings[key] !== undefined && !secure) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'needs an mqtts:// or wss:// broker URL' });
      }
    }
    if ((settings.cert === undefined) !== (settings.key === undefined)) {
      // named on the one that is there (the other would read as "required")
      ctx.addIssue({ code: 'custom', path: [settings.cert === undefined ? 'key' : 'cert'], message: 'cert and key go together' });
    }
    const ids = settings.monitors.map((m, i) => m.id ?? `m${i + 1}`);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: ['monitors', i, 'id'], message: `duplicate monitor id "${id}"` });
    });
    const paths = settings.monitors.map((m) => m.path);
    paths.forEach((path, i) => {
      if (paths.indexOf(path) !== i) {
        ctx.addIssue({ code: 'custom', path: ['monitors', i, 'path'], message: `serial port ${path} is used twice` });
      }
    });
    if (settings.gps && paths.includes(settings.gps.path)) {
      ctx.addIssue({ code: 'custom', path: ['gps', 'path'], message: `serial port ${settings.gps.path} is also a monitor` });
    }
  });

export type BridgeSettingsInput = z.input<typeof BridgeSettingsSchema>;
export type BridgeSettings = z.output<typeof BridgeSettingsSchema>;
