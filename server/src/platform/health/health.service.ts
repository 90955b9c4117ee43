import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Injectable } from '@nestjs/common';
import type { HealthResponse } from '@roundtable/shared/schemas';
import { ClusterBus } from '../cluster/cluster-bus.service';
import { HealthRepository } from './health.repository';

const VERSION = (JSON.parse(readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as { version: string })
  .version;

/** Liveness, database and Redis reachability, and the version: no data. */
@Injectable()
export class HealthService {
  constructor(
    private readonly database: HealthRepository,
    private readonly cluster: ClusterBus,
  ) {}

  /**
   * `degraded` when the database does not answer, or Redis is configured but
   * unreachable (edits would then not reach the other instances' users).
   */
  async check(): Promise<HealthResponse> {
    const database = await this.database
      .ping()
      .then(() => 'up' as const)
      .catch(() => 'down' as const);
    const redis = this.cluster.status();
    const ok = database === 'up' && redis !== 'down';
    return { status: ok ? 'ok' : 'degraded', database, redis, version: VERSION };
  }
}
