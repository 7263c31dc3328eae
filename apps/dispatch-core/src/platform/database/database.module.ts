import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RUNTIME_SETTINGS, type RuntimeSettings } from '../config/config.module';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [RUNTIME_SETTINGS],
      useFactory: (runtime: RuntimeSettings) => ({
        type: 'postgres' as const,
        url: runtime.databaseUrl,
        entities: ENTITIES,
        migrations: MIGRATIONS,
        migrationsRun: true,
        migrationsTransactionMode: 'each' as const,
        synchronize: false,
        logging: ['error' as const],
        extra: { max: 20, application_name: 'feijiu-core' },
      }),
    }),
  ],
})
export class DatabaseModule {}
