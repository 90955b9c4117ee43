import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { HealthResponseSchema, type HealthResponse } from '@roundtable/shared/schemas';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { Public } from '../auth-context/public.decorator';
import { ClusterBus } from '../cluster/cluster-bus.service';
import { openApiSchema } from '../http/openapi';

const VERSION = (JSON.parse(readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as { version: string })
  .version;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cluster: ClusterBus,
  ) {}

  /**
   * Liveness, database and Redis reachability; 503 when the database does not
   * answer or Redis is configured but unreachable (edits would then not reach
   * the other instances' users). No data in it.
   */
  @Public()
  @Get()
  @ApiOkResponse({ schema: openApiSchema(HealthResponseSchema) })
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthResponse> {
    const database = await this.dataSource
      .query('SELECT 1')
      .then(() => 'up' as const)
      .catch(() => 'down' as const);
    const redis = this.cluster.status();
    const ok = database === 'up' && redis !== 'down';
    if (!ok) res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ok ? 'ok' : 'degraded', database, redis, version: VERSION };
  }
}
