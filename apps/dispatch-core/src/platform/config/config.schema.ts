import { z } from 'zod';

const onOff = z.enum(['on', 'off']);
const port = z.coerce.number().int().min(1).max(65535);
const url = (protocols: string[]) =>
  z.url().refine((u) => protocols.some((p) => u.startsWith(`${p}://`)), {
    message: `must start with ${protocols.map((p) => `${p}://`).join(' or ')}`,
  });

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
  FEIJIU_DEMO: onOff.optional(),
  FEIJIU_DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  FEIJIU_SIMULATOR: onOff.default('on'),
  FEIJIU_TILE_URL: z
    .string()
    .regex(/^https?:\/\/.*\{z\}.*\{x\}.*\{y\}/, 'must be an http(s) tile template with {z}, {x}, {y}')
    .optional(),
  FEIJIU_TILE_COORDS: z.enum(['WGS84', 'GCJ02']).default('WGS84'),
  FEIJIU_TILE_ATTRIBUTION: z.string().optional(),
  FEIJIU_LOCALE: z.enum(['zh-CN', 'en']).default('zh-CN'),
});
export type Env = z.infer<typeof EnvSchema>;
