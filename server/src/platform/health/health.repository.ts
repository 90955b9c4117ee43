import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { within } from '../time/within';

/** The database as the health check sees it: whether it answers at all, within a bound. */
@Injectable()
export class HealthRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Resolves when PostgreSQL answers a trivial query within `timeoutMs`;
   * rejects otherwise. On a connection of its own, never one of the pool:
   * a hung database (stopped, not down) would otherwise hold the check until
   * every pooled connection is stuck behind it, and a load balancer would
   * never see "down".
   */
  async ping(timeoutMs: number): Promise<void> {
    const { url } = this.dataSource.options as PostgresDataSourceOptions;
    const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
    // A hung server may not even answer a goodbye: the socket is dropped instead.
    client.on('error', () => undefined);
    try {
      const answered = await within(
        (async () => {
          await client.connect();
          await client.query('SELECT 1');
        })(),
        timeoutMs,
      );
      if (!answered.settled) throw new Error(`PostgreSQL did not answer within ${timeoutMs} ms`);
    } finally {
      const socket = (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream;
      socket?.destroy();
      void client.end().catch(() => undefined);
    }
  }
}
