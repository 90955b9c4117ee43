import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Injectable } from '@nestjs/common';
import type { HealthResponse } from '@roundtable/shared/schemas';
import { ClusterBus } from '../cluster/cluster-bus.service';
import { HealthRepository } from './health.repository';

const VERSION = (JSON.parse(readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as { version: string })
  .version;

/**
 * Longest the check waits for each dependency: the answer comes within about
 * twice this, even with a hung database or Redis (docs/DEPLOYMENT.md).
 */
export const HEALTH_DEPENDENCY_TIMEOUT_MS = 1_000;

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
    const [database, redis] = await Promise.all([
      this.database
        .ping(HEALTH_DEPENDENCY_TIMEOUT_MS)
        .then(() => 'up' as const)
        .catch(() => 'down' as const),
      this.cluster.probe(HEALTH_DEPENDENCY_TIMEOUT_MS),
    ]);
    const ok = database === 'up' && redis !== 'down';
    return { status: ok ? 'ok' : 'degraded', database, redis, version: VERSION };
  }
}
