import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { HealthResponseSchema, type HealthResponse } from '@roundtable/shared/schemas';
import type { Response } from 'express';
import { Public } from '../auth-context/public.decorator';
import { openApiSchema } from '../http/openapi';
import { HealthService } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly service: HealthService) {}

  /**
   * Liveness, database and Redis reachability; 503 when the database does not
   * answer or Redis is configured but unreachable (edits would then not reach
   * the other instances' users). No data in it.
   */
  @Public()
  @Get()
  @ApiOkResponse({ schema: openApiSchema(HealthResponseSchema) })
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthResponse> {
    const health = await this.service.check();
    if (health.status !== 'ok') res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return health;
  }
}
