import { Controller, Get, Headers, Inject, NotFoundException, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth-context/public.decorator';
import { DomainError } from '../errors/domain-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { bearerTokenMatches } from './bearer-token';
import { Metrics } from './metrics.service';

/**
 * GET /api/metrics in the Prometheus text format, for a scraper holding
 * METRICS_TOKEN. Not a user's route (no session; the token instead), and
 * absent (404, as any unknown path) when no token is configured: activity
 * levels say when meetings are happening.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get()
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const token = this.config.metricsToken;
    if (!token) throw new NotFoundException();
    if (!bearerTokenMatches(authorization, token)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new DomainError('Unauthenticated', 'Send the metrics token as a bearer token');
    }
    res.setHeader('Content-Type', this.metrics.contentType);
    res.setHeader('Cache-Control', 'no-store');
    return this.metrics.render();
  }
}
