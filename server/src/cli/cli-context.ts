import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuditModule } from '../audit';
import {
  type AppConfig,
  createRootLogger,
  type DatabaseHandle,
  logFormatFor,
  PlatformModule,
  startEmbeddedPostgres,
} from '../platform';
import { ENTITIES } from '../app.entities';

/**
 * Runs a CLI command against the configured database (DATABASE_URL, else the
 * embedded one) with the audit trail and one feature module, then closes both.
 */
export async function withCliContext<S, T>(
  config: AppConfig,
  feature: Type<unknown> | DynamicModule,
  service: Type<S>,
  work: (service: S) => Promise<T>,
): Promise<T> {
  const database: DatabaseHandle = config.databaseUrl
    ? { url: config.databaseUrl, embedded: false, stop: async () => {} }
    : await startEmbeddedPostgres(
        config.dataDir,
        createRootLogger('warn', logFormatFor(config.env, process.stdout.isTTY === true)),
      );
  @Module({
    imports: [
      PlatformModule.forCommandLine({ config, databaseUrl: database.url, entities: ENTITIES }),
      AuditModule,
      feature,
    ],
  })
  class CliModule {}
  const context = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
  try {
    return await work(context.get(service));
  } finally {
    await context.close();
    await database.stop();
  }
}
