import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';

/** Entity classes, as TypeORM takes them. */
export type EntityClass = Function;

/**
 * The one TypeORM configuration of the server and the command-line tools:
 * PostgreSQL at `url`, every migration run at start (each in its own
 * transaction), never `synchronize`.
 */
export function databaseOptions(url: string, entities: readonly EntityClass[]): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [...entities],
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    extra: { max: 10, connectionTimeoutMillis: 5_000 },
  };
}
