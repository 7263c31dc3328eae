import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { AppConfig } from './app-config';

export const APP_CONFIG = Symbol('APP_CONFIG');

/** Runtime values resolved at boot (secrets generated or read from the data dir, embedded URLs). */
export interface RuntimeSettings {
  readonly databaseUrl: string;
  readonly mqttUrl: string;
  readonly jwtSecret: string;
  readonly demoPassword: string | null;
}
export const RUNTIME_SETTINGS = Symbol('RUNTIME_SETTINGS');

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig, runtime: RuntimeSettings): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: RUNTIME_SETTINGS, useValue: Object.freeze({ ...runtime }) },
      ],
      exports: [APP_CONFIG, RUNTIME_SETTINGS],
    };
  }
}
