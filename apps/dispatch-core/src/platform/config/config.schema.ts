import { z } from 'zod';

const onOff = z.enum(['on', 'off']);
const port = z.coerce.number().int().min(1).max(65535);
const url = (protocols: string[]) =>
  z.url().refine((u) => protocols.some((p) => u.startsWith(`${p}://`)), {
    message: `must start with ${protocols.map((p) => `${p}://`).join(' or ')}`,
  });

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
// Express `trust proxy`: off, a hop count, or a list of addresses/CIDRs/names.
const isTrustProxy = (v: string) =>
  /^(off|\d{1,2})$/i.test(v) ||
  v.split(',').every((p) => PROXY_NAMES.has(p.trim().toLowerCase()) || /^[0-9a-f.:]+(\/\d{1,3})?$/i.test(p.trim()));

// Every setting the core reads from the environment. Nothing else reads process.env.
export const EnvSchema = z.object({
  FEIJIU_HOST: z.string().min(1).default('127.0.0.1'),
  FEIJIU_PORT: port.default(3000),
  FEIJIU_DATA_DIR: z.string().min(1).default('.data'),
  FEIJIU_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: url(['postgres', 'postgresql']).optional(),
  EMBEDDED_PG_PORT: port.default(54329),
  MQTT_URL: url(['mqtt', 'mqtts', 'ws', 'wss']).optional(),
  MQTT_USERNAME: z.string().min(1).optional(),
  MQTT_PASSWORD: z.string().min(1).optional(),
  MQTT_SHARED_GROUP: z.string().regex(/^[a-z0-9-]+$/).optional(),
  EMBEDDED_MQTT_PORT: port.default(1883),
  EMBEDDED_MQTT_HOST: z.string().min(1).default('127.0.0.1'),
  REDIS_URL: url(['redis', 'rediss']).optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_TTL_SEC: z.coerce.number().int().min(60).max(7 * 24 * 3600).default(12 * 3600),
  FEIJIU_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  FEIJIU_LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(50),
  FEIJIU_LOGIN_WINDOW_SEC: z.coerce.number().int().min(1).max(86_400).default(900),
  FEIJIU_TRUST_PROXY: z
    .string()
    .refine(isTrustProxy, "off, a hop count, or comma-separated proxy addresses/CIDRs or 'loopback', 'linklocal', 'uniquelocal'")
    .default('off'),
  // the first administrator of a database without one (production: the demo and its admin are off)
  FEIJIU_ADMIN_USERNAME: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,39}$/, 'lower-case letters, digits, . _ -; 2-40 characters').default('admin'),
  FEIJIU_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  FEIJIU_DEMO: onOff.optional(),
  FEIJIU_DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  FEIJIU_SIMULATOR: onOff.default('on'),
  FEIJIU_DEMO_EXTRA_VEHICLES: z.coerce.number().int().min(0).max(2000).default(0),
  FEIJIU_SIM_CALL_INTERVAL_S: z.coerce.number().min(5).max(86_400).default(120),
  FEIJIU_SIM_SPEEDUP: z.coerce.number().min(0.1).max(100).default(1),
  FEIJIU_TILE_URL: z
    .string()
    .regex(/^https?:\/\/.*\{z\}.*\{x\}.*\{y\}/, 'must be an http(s) tile template with {z}, {x}, {y}')
    .optional(),
  FEIJIU_TILE_COORDS: z.enum(['WGS84', 'GCJ02']).default('WGS84'),
  FEIJIU_TILE_ATTRIBUTION: z.string().optional(),
  FEIJIU_LOCALE: z.enum(['zh-CN', 'en']).default('zh-CN'),
  FEIJIU_TELEMETRY_STALE_SEC: z.coerce.number().int().min(1).max(3600).default(10),
  FEIJIU_TELEMETRY_LATE_SEC: z.coerce.number().int().min(1).max(86_400).default(30),
  // unset: kept for ever; set: older time partitions are detached into telemetry_archive, never dropped
  FEIJIU_VITALS_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).optional(),
  FEIJIU_WAVEFORM_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).optional(),
  MQTT_CLIENT_ID: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
  // a 1 s 12-lead ECG chunk at 500 Hz is ~16 KB of JSON; the contract's largest (16 leads at 2 kHz) ~86 KB
  FEIJIU_MQTT_MAX_PAYLOAD_BYTES: z.coerce.number().int().min(16_384).max(16 * 1024 * 1024).default(256 * 1024),
  FEIJIU_MQTT_PUBLISH_RATE: z.coerce.number().min(0).max(100_000).default(100),
  FEIJIU_MQTT_PUBLISH_BURST: z.coerce.number().int().min(1).max(100_000).default(200),
  FEIJIU_RINGS_KM: z
    .string()
    .regex(/^\d+(\.\d+)?(,\d+(\.\d+)?)*$/, 'comma-separated kilometres, e.g. 5,10,20')
    .default('5,10,20'),
  // a GeoJSON FeatureCollection of areas with their own rings (unset: the demo county's in demo mode)
  FEIJIU_RING_AREAS_FILE: z.string().min(1).optional(),
  FEIJIU_OFFER_TIMEOUT_SEC: z.coerce.number().int().min(5).max(600).default(60),
  FEIJIU_DEPARTURE_TARGET_SEC: z.coerce.number().int().min(5).max(1800).default(180),
  FEIJIU_GEOFENCE_RADIUS_M: z.coerce.number().min(10).max(2000).default(100),
  FEIJIU_GEOFENCE_DWELL_SEC: z.coerce.number().min(0).max(600).default(30),
  FEIJIU_ROUTING: z.enum(['sketch', 'greatcircle', 'osrm']).default('sketch'),
  FEIJIU_OSRM_URL: z.url().optional(),
  FEIJIU_PRENOTICE_ESCALATE_SEC: z.coerce.number().int().min(5).max(3600).default(120),
  FEIJIU_CIRCUITY: z.coerce.number().min(1).max(3).default(1.3),
});
export type Env = z.infer<typeof EnvSchema>;
