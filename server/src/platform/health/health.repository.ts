import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** The database as the health check sees it: whether it answers at all. */
@Injectable()
export class HealthRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Resolves when PostgreSQL answers a trivial query; rejects when it does not. */
  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }
}
