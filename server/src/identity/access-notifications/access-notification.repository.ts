import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { ACCESS_NOTIFY_CHANNEL, type AccessNotification, type NotifiedAccessChange } from './access-notification';

/** Both ends of the PostgreSQL channel that carries access changes between processes. */
@Injectable()
export class AccessNotificationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Queues a NOTIFY in the caller's transaction: PostgreSQL delivers it to every
   * listening server only when (and if) the transaction commits, so a server
   * never closes connections for a change that rolled back.
   */
  async notify(tx: EntityManager, change: NotifiedAccessChange): Promise<void> {
    const payload: AccessNotification = { v: 1, change };
    await tx.query(`SELECT pg_notify($1, $2)`, [ACCESS_NOTIFY_CHANNEL, JSON.stringify(payload)]);
  }

  /** A new, unconnected client for listening, on the application's own database URL (TLS from its sslmode, as for the pool). */
  newListenerClient(): Client {
    const options = this.dataSource.options as PostgresDataSourceOptions;
    return new Client({ connectionString: options.url });
  }

  /** Connects a client from `newListenerClient` and LISTENs on the access channel. */
  async listen(client: Client): Promise<void> {
    await client.connect();
    await client.query(`LISTEN ${ACCESS_NOTIFY_CHANNEL}`);
  }
}
