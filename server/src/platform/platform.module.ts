import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { ClusterModule } from './cluster/cluster.module';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { databaseOptions, type EntityClass } from './database/database-options';
import { HealthModule } from './health/health.module';
import { JobsModule } from './jobs/jobs.module';
import { LiveConnectionRegistry } from './live-connections/live-connections.registry';
import { HttpLoggingModule } from './logging/http-logging.module';
import { MetricsModule } from './metrics/metrics.module';

export interface PlatformOptions {
  config: AppConfig;
  databaseUrl: string;
  /** Every entity of every area (the composition root lists them). */
  entities: readonly EntityClass[];
}

/**
 * The platform every area stands on. Global: the validated config
 * (APP_CONFIG), the registry of live connections and the database.
 */
@Global()
@Module({})
export class PlatformModule {
  /** For the server: the above, plus HTTP request logging through `logger`, the link between instances, health and metrics. */
  static forServer(options: PlatformOptions & { logger: Logger }): DynamicModule {
    const core = PlatformModule.forCommandLine(options, { jobWorkers: true });
    return {
      ...core,
      imports: [
        ...(core.imports ?? []),
        HttpLoggingModule.forRoot(options.logger),
        ClusterModule,
        HealthModule,
        MetricsModule,
      ],
    };
  }

  /**
   * For a command-line tool: config, live connections (none are opened), the
   * database, migrated, and the job queue (its workers only in the server).
   */
  static forCommandLine(
    { config, databaseUrl, entities }: PlatformOptions,
    { jobWorkers }: { jobWorkers: boolean } = { jobWorkers: false },
  ): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        TypeOrmModule.forRoot(databaseOptions(databaseUrl, entities)),
        JobsModule.forRoot({ workers: jobWorkers }),
      ],
      providers: [{ provide: APP_CONFIG, useValue: config }, LiveConnectionRegistry],
      exports: [APP_CONFIG, LiveConnectionRegistry],
    };
  }
}
