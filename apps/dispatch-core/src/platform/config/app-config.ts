import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { RingArea } from '@feijiu/geo';
import { EnvSchema } from './config.schema';
import { readRingAreas } from './ring-areas-file';
import { findUnknownSettings } from './unknown-settings';

export interface AppConfig {
  readonly http: { readonly host: string; readonly port: number };
  readonly dataDir: string;
  readonly logLevel: string;
  readonly database: { readonly mode: 'embedded'; readonly port: number } | { readonly mode: 'external'; readonly url: string };
  readonly mqtt:
    | { readonly mode: 'embedded'; readonly host: string; readonly port: number }
    | { readonly mode: 'external'; readonly url: string; readonly username?: string; readonly password?: string; readonly sharedGroup?: string };
  readonly redisUrl: string | null;
  readonly jwt: { readonly secret: string | null; readonly ttlSec: number };
  /** Failed logins allowed per username + source address, and per source address, within the window. */
  readonly login: { readonly maxFailures: number; readonly maxFailuresPerAddress: number; readonly windowSec: number };
  /** Express `trust proxy`: false, a hop count, or proxy addresses; decides the source address of a request. */
  readonly trustProxy: false | number | string;
  /** The first administrator, created at start when the database has no enabled one and a password is given. */
  readonly bootstrapAdmin: { readonly username: string; readonly password: string | null };
  readonly demo: {
    readonly enabled: boolean;
    readonly password: string | null;
    readonly simulator: boolean;
    readonly callIntervalSec: number;
    readonly speedup: number;
    /** Bench only: extra ambulances bench-001… with gateway logins. */
    readonly extraVehicles: number;
  };
  readonly map: {
    readonly tileUrl: string | null;
    readonly tileCoordSystem: 'WGS84' | 'GCJ02';
    readonly tileAttribution: string | null;
    readonly defaultLocale: 'zh-CN' | 'en';
  };
  readonly dispatch: {
    /** The default rings: for a call in none of the ring areas. */
    readonly ringsKm: readonly number[];
    /** Areas with their own rings; the first that contains the call wins, in this order. */
    readonly ringAreas: readonly RingArea[];
    readonly offerTimeoutSec: number;
    readonly departureTargetSec: number;
    readonly geofenceRadiusM: number;
    readonly geofenceDwellSec: number;
    readonly routing: 'sketch' | 'greatcircle' | 'osrm';
    readonly osrmUrl: string | null;
    readonly circuity: number;
    readonly prenoticeEscalateSec: number;
  };
  readonly telemetry: {
    readonly staleSec: number;
    readonly lateSec: number;
    /** null: for ever; else expired partitions are moved to telemetry_archive (never dropped) */
    readonly vitalsRetentionDays: number | null;
    readonly waveformRetentionDays: number | null;
  };
  /**
   * Gateway publishes: the largest payload the core (and the embedded broker) accepts, and the
   * embedded broker's per-connection token bucket (publishes/s, 0 = off; burst).
   */
  readonly mqttLimits: { readonly maxPayloadBytes: number; readonly publishRatePerSec: number; readonly publishBurst: number };
  /** The core's MQTT client id on an external broker (its persistent session); default feijiu-core-<host>-<port>. */
  readonly mqttClientId: string | null;
  /** A per-boot secret the core uses to log in to its own embedded broker. */
  readonly coreMqttSecret: string;
  /** One line each, logged at start: FEIJIU_* variables no Feijiu program reads (typos), with the nearest known key. */
  readonly warnings: readonly string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates the environment once at boot into a frozen, typed config; throws naming every bad key. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AppConfig {
  // empty strings mean "unset" (a blank line in an env file must not switch modes)
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const externalDb = e.DATABASE_URL !== undefined;
  const demoEnabled = e.FEIJIU_DEMO ? e.FEIJIU_DEMO === 'on' : !externalDb;
  const problems: string[] = [];
  if (externalDb && !e.JWT_SECRET) problems.push('JWT_SECRET: required when DATABASE_URL points at an external server');
  if (e.MQTT_USERNAME && !e.MQTT_URL) problems.push('MQTT_USERNAME: only meaningful with MQTT_URL');
  if (e.FEIJIU_ROUTING === 'osrm' && !e.FEIJIU_OSRM_URL) problems.push('FEIJIU_OSRM_URL: required when FEIJIU_ROUTING=osrm');
  const ringsKm = e.FEIJIU_RINGS_KM.split(',').map(Number);
  if (ringsKm.some((r, i) => r <= 0 || (i > 0 && r <= ringsKm[i - 1]!))) problems.push('FEIJIU_RINGS_KM: rings must be positive and increasing');
  const ringAreas = readRingAreas(e.FEIJIU_RING_AREAS_FILE, demoEnabled, cwd);
  problems.push(...ringAreas.problems);
  if (problems.length) throw new ConfigError(problems);

  return Object.freeze({
    http: Object.freeze({ host: e.FEIJIU_HOST, port: e.FEIJIU_PORT }),
    dataDir: resolve(cwd, e.FEIJIU_DATA_DIR),
    logLevel: e.FEIJIU_LOG_LEVEL,
    database: Object.freeze(
      e.DATABASE_URL
        ? { mode: 'external' as const, url: e.DATABASE_URL }
        : { mode: 'embedded' as const, port: e.EMBEDDED_PG_PORT },
    ),
    mqtt: Object.freeze(
      e.MQTT_URL
        ? {
            mode: 'external' as const,
            url: e.MQTT_URL,
            username: e.MQTT_USERNAME,
            password: e.MQTT_PASSWORD,
            sharedGroup: e.MQTT_SHARED_GROUP,
          }
        : { mode: 'embedded' as const, host: e.EMBEDDED_MQTT_HOST, port: e.EMBEDDED_MQTT_PORT },
    ),
    redisUrl: e.REDIS_URL ?? null,
    jwt: Object.freeze({ secret: e.JWT_SECRET ?? null, ttlSec: e.JWT_TTL_SEC }),
    login: Object.freeze({
      maxFailures: e.FEIJIU_LOGIN_MAX_FAILURES,
      maxFailuresPerAddress: e.FEIJIU_LOGIN_MAX_FAILURES_PER_ADDRESS,
      windowSec: e.FEIJIU_LOGIN_WINDOW_SEC,
    }),
    trustProxy: parseTrustProxy(e.FEIJIU_TRUST_PROXY),
    bootstrapAdmin: Object.freeze({ username: e.FEIJIU_ADMIN_USERNAME, password: e.FEIJIU_ADMIN_PASSWORD ?? null }),
    demo: Object.freeze({
      enabled: demoEnabled,
      password: e.FEIJIU_DEMO_PASSWORD ?? null,
      simulator: demoEnabled && e.FEIJIU_SIMULATOR === 'on',
      callIntervalSec: e.FEIJIU_SIM_CALL_INTERVAL_S,
      speedup: e.FEIJIU_SIM_SPEEDUP,
      extraVehicles: e.FEIJIU_DEMO_EXTRA_VEHICLES,
    }),
    map: Object.freeze({
      tileUrl: e.FEIJIU_TILE_URL ?? null,
      tileCoordSystem: e.FEIJIU_TILE_COORDS,
      tileAttribution: e.FEIJIU_TILE_ATTRIBUTION ?? null,
      defaultLocale: e.FEIJIU_LOCALE,
    }),
    dispatch: Object.freeze({
      ringsKm: Object.freeze(ringsKm),
      ringAreas: ringAreas.areas,
      offerTimeoutSec: e.FEIJIU_OFFER_TIMEOUT_SEC,
      departureTargetSec: e.FEIJIU_DEPARTURE_TARGET_SEC,
      geofenceRadiusM: e.FEIJIU_GEOFENCE_RADIUS_M,
      geofenceDwellSec: e.FEIJIU_GEOFENCE_DWELL_SEC,
      routing: e.FEIJIU_ROUTING,
      osrmUrl: e.FEIJIU_OSRM_URL ?? null,
      circuity: e.FEIJIU_CIRCUITY,
      prenoticeEscalateSec: e.FEIJIU_PRENOTICE_ESCALATE_SEC,
    }),
    telemetry: Object.freeze({
      staleSec: e.FEIJIU_TELEMETRY_STALE_SEC,
      lateSec: e.FEIJIU_TELEMETRY_LATE_SEC,
      vitalsRetentionDays: e.FEIJIU_VITALS_RETENTION_DAYS ?? null,
      waveformRetentionDays: e.FEIJIU_WAVEFORM_RETENTION_DAYS ?? null,
    }),
    mqttLimits: Object.freeze({
      maxPayloadBytes: e.FEIJIU_MQTT_MAX_PAYLOAD_BYTES,
      publishRatePerSec: e.FEIJIU_MQTT_PUBLISH_RATE,
      publishBurst: e.FEIJIU_MQTT_PUBLISH_BURST,
    }),
    mqttClientId: e.MQTT_CLIENT_ID ?? null,
    coreMqttSecret: randomBytes(24).toString('base64url'),
    warnings: Object.freeze(findUnknownSettings(env, Object.keys(EnvSchema.shape))),
  });
}

function parseTrustProxy(value: string): false | number | string {
  if (value.toLowerCase() === 'off') return false;
  return /^\d+$/.test(value) ? Number(value) : value;
}
