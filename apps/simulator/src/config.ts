import { EntityIdSchema } from '@feijiu/contracts';
import { z } from 'zod';
import { CALL_PATHWAYS, type Pathway } from './dispatch/call-generator';

// Read once at start from the environment; nothing else reads process.env. A bad value stops
// the simulator (exit 2) with every bad key named.

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const required = (expected: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'required' : `expected ${expected}`;

const EnvSchema = z.object({
  MQTT_URL: z.url({ protocol: /^(mqtts?|wss?|tcp)$/, error: required('an mqtt://, mqtts://, ws:// or wss:// URL') }),
  FEIJIU_DEMO_PASSWORD: z.string({ error: required('a password') }).min(1),
  FEIJIU_SIM_STATE_DIR: z.string().min(1).default('.data/simulator'),
  FEIJIU_SIM_GPS_INTERVAL_MS: z.coerce.number().int().min(20).max(60_000).default(1000),
  FEIJIU_SIM_SPEEDUP: z.coerce.number().positive().max(1000).default(1),
  FEIJIU_SIM_VEHICLES: z
    .string()
    .transform((s) => s.split(',').map((id) => id.trim()).filter((id) => id.length > 0))
    .pipe(z.array(EntityIdSchema).min(1))
    .optional(),
  FEIJIU_LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  FEIJIU_API_URL: z.url({ protocol: /^https?$/, error: required('an http:// or https:// URL') }).optional(),
  FEIJIU_SIM_CALL_INTERVAL_S: z.coerce.number().positive().max(86_400).default(90),
  FEIJIU_SIM_MAX_MONITORS: z.coerce.number().int().min(0).max(64).default(4),
  FEIJIU_SIM_SCRIPT: z
    .string()
    .transform((s) => s.split(',').map((p) => p.trim()).filter((p) => p.length > 0))
    .pipe(z.array(z.enum(CALL_PATHWAYS)))
    .optional(),
});

export interface SimulatorConfig {
  readonly mqttUrl: string;
  readonly demoPassword: string;
  readonly stateDir: string;
  readonly gpsIntervalMs: number;
  readonly speedup: number;
  /** Only these vehicles; null for the whole fleet. */
  readonly vehicleIds: readonly string[] | null;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  /** The core's base URL for the incident simulation; null: vehicles take calls on their own. */
  readonly apiUrl: string | null;
  /** Mean real seconds between simulated 120 calls. */
  readonly callIntervalS: number;
  /** Monitors running at once across the county. */
  readonly maxMonitors: number;
  /** The pathways of the first simulated calls, in order (a demo or a test that wants a STEMI now). */
  readonly scriptedCalls: readonly Pathway[];
}

export class SimulatorConfigError extends Error {
  constructor(readonly issues: readonly string[]) {
    super(`bad simulator configuration: ${issues.join('; ')}`);
    this.name = 'SimulatorConfigError';
  }
}

/** Validates the environment; `knownVehicleIds` rejects a FEIJIU_SIM_VEHICLES entry not in the fleet. */
export function loadSimulatorConfig(
  env: Readonly<Record<string, string | undefined>>,
  knownVehicleIds: readonly string[],
): SimulatorConfig {
  // an empty variable counts as unset, as in most shells' `FOO= cmd`
  const present = Object.fromEntries(Object.keys(EnvSchema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new SimulatorConfigError(parsed.error.issues.map((i) => `${String(i.path[0] ?? '?')}: ${i.message}`));
  }
  const e = parsed.data;
  const unknown = (e.FEIJIU_SIM_VEHICLES ?? []).filter((id) => !knownVehicleIds.includes(id));
  if (unknown.length > 0) {
    throw new SimulatorConfigError([`FEIJIU_SIM_VEHICLES: not in the fleet: ${unknown.join(', ')}`]);
  }
  return Object.freeze({
    mqttUrl: e.MQTT_URL,
    demoPassword: e.FEIJIU_DEMO_PASSWORD,
    stateDir: e.FEIJIU_SIM_STATE_DIR,
    gpsIntervalMs: e.FEIJIU_SIM_GPS_INTERVAL_MS,
    speedup: e.FEIJIU_SIM_SPEEDUP,
    vehicleIds: e.FEIJIU_SIM_VEHICLES ? Object.freeze([...new Set(e.FEIJIU_SIM_VEHICLES)]) : null,
    logLevel: e.FEIJIU_LOG_LEVEL,
    apiUrl: e.FEIJIU_API_URL ?? null,
    callIntervalS: e.FEIJIU_SIM_CALL_INTERVAL_S,
    maxMonitors: e.FEIJIU_SIM_MAX_MONITORS,
    scriptedCalls: Object.freeze([...(e.FEIJIU_SIM_SCRIPT ?? [])]),
  });
}

/** The one place the simulator reads the process environment. */
export function loadSimulatorConfigFromProcess(knownVehicleIds: readonly string[]): SimulatorConfig {
  return loadSimulatorConfig(process.env, knownVehicleIds);
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
